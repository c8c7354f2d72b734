package dev.lunora.core.destination;

import java.time.Instant;
import java.util.Objects;

/** The relay's last delivery status for a destination and when it observed it (to tell a fresh report from an old one). */
public record DeliveryReport(DeliveryStatus status, Instant at) {

    public DeliveryReport {
        Objects.requireNonNull(status, "status");
    }

    /** Whether the relay reported after {@code moment} (a click, an edit): older reports describe an earlier wish. */
    public boolean after(Instant moment) {
        return at != null && (moment == null || !at.isBefore(moment));
    }
}
