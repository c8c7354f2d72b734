package dev.lunora.core.destination;

import java.util.Arrays;
import java.util.Optional;

/** What the producer sees on a destination's badge; persisted as {@code streaming_status}. */
public enum StreamingStatus {
    READY("ready"),
    STARTING("starting"),
    STREAMING("streaming"),
    STOPPING("stopping"),
    ERROR("error");

    private final String id;

    StreamingStatus(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Unknown or missing values (old items) read as READY: nothing is streaming until a reconcile says so. */
    public static StreamingStatus fromId(String id) {
        return lookup(id).orElse(READY);
    }

    public static Optional<StreamingStatus> lookup(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
