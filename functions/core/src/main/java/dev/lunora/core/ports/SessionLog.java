package dev.lunora.core.ports;

import java.time.Instant;

/** One record per streaming session (a destination's, or the channel's own running time) for cost reports. */
public interface SessionLog {

    /** Subject for the channel's own running time, as opposed to a destination id. */
    static String channelSubject(String channelId) {
        return "channel#" + channelId;
    }

    /** Opens a session unless one is open for {@code subject}. */
    void open(String subject, String channelId, Instant start);

    /** Closes the open session of {@code subject}, if any, with its length in seconds. */
    void close(String subject, Instant end);
}
