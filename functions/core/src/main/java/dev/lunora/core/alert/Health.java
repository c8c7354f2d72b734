package dev.lunora.core.alert;

import java.util.Arrays;
import java.util.Optional;

/** How a destination's output is doing by MediaLive's alerts; persisted as {@code health}. */
public enum Health {
    OK("ok"),
    /** Some, not all, of the channel's pipelines cannot deliver: the stream still reaches the platform. */
    DEGRADED("degraded"),
    /** No pipeline delivers to this destination. */
    FAILING("failing");

    private final String id;

    Health(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Health> lookup(String id) {
        return Arrays.stream(values()).filter(h -> h.id.equals(id)).findFirst();
    }
}
