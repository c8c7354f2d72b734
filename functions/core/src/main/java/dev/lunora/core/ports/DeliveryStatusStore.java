package dev.lunora.core.ports;

import dev.lunora.core.destination.DeliveryStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The relay's per-destination delivery status, kept beside the destination but written apart from it: never the
 * producer's fields, the workflow's status or the optimistic-locking version.
 */
public interface DeliveryStatusStore {

    /**
     * Replaces the destination's delivery status, observed at {@code at}.
     *
     * @throws dev.lunora.core.exceptions.NotFoundException if the destination was deleted meanwhile
     */
    void record(String destinationId, DeliveryStatus status, Instant at);

    /** The last recorded status, or empty if the relay never wrote one (or the destination does not exist). */
    Optional<DeliveryStatus> find(String destinationId);
}
