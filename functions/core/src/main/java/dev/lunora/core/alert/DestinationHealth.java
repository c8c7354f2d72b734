package dev.lunora.core.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A destination's health as alert handling last wrote it: the state and message the page shows, the time of
 * the newest alert applied (older ones arriving late change nothing), and the alerts still set.
 */
public record DestinationHealth(Health health, String message, Instant updatedAt, List<ActiveAlert> active) {

    /** Nothing recorded yet. */
    public static final DestinationHealth NONE = new DestinationHealth(null, null, null, List.of());

    public DestinationHealth {
        active = List.copyOf(active);
    }

    /** An alert that is SET on one pipeline of the destination's output. */
    public record ActiveAlert(String alertId, String pipeline, String alertType, Instant setAt) {
        public ActiveAlert {
            Objects.requireNonNull(alertId, "alertId");
            Objects.requireNonNull(pipeline, "pipeline");
        }
    }
}
