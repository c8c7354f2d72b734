package dev.lunora.core.channel;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a channel's program reaches its destinations (architecture §8). Wire names are what the API and the channel
 * item carry; a channel with none stored is {@link #DIRECT}, as every channel was before relay mode.
 */
public enum DeliveryMode {
    /** One MediaLive RTMP output per destination; a change to a live channel means stop, update, start. */
    DIRECT("direct"),
    /** One fixed MediaLive output to the Lunora relay, which fans out; destination changes never touch MediaLive. */
    RELAY("relay");

    private final String id;

    DeliveryMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<DeliveryMode> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
