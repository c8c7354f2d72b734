package dev.lunora.core.ports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads what {@link SessionLog} wrote, for the usage report and the cost guard. */
public interface SessionHistory {

    /** Closed sessions that overlap {@code [from, to)}, and every open one (with a null end). */
    List<Session> overlapping(Instant from, Instant to);

    /** When the open session of {@code subject} began, if one is open. */
    Optional<Instant> openSince(String subject);

    /** @param end null while the session is still open */
    record Session(String subject, String channelId, Instant start, Instant end) {

        public boolean isChannel() {
            return subject.startsWith("channel#");
        }
    }
}
