package dev.lunora.core.destination;

import java.util.Arrays;
import java.util.Optional;

/** How the relay's push to one destination is doing. Wire names are what the item and the page show. */
public enum DeliveryState {
    /** A push is starting or retrying; nothing has flowed yet. */
    CONNECTING("connecting"),
    /** The platform accepted the stream and packets flow. */
    LIVE("live"),
    /** The last attempts failed; the error says why in words a producer can act on. */
    FAILING("failing"),
    /** No push: the destination is not wanted, or the relay stopped. */
    STOPPED("stopped");

    private final String id;

    DeliveryState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<DeliveryState> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
