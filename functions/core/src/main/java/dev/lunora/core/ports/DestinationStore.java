package dev.lunora.core.ports;

import dev.lunora.core.alert.DestinationHealth;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.StreamingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of destinations with optimistic locking on {@link Destination#version()}. */
public interface DestinationStore {

    List<Destination> list();

    Optional<Destination> find(String destinationId);

    /** Stores a new destination; fails with a version conflict if the id is taken. */
    void create(Destination destination);

    /**
     * Replaces the producer's fields (everything but {@link #recordStatus}'s) (other attributes of the item stay as they are), if the stored version
     * is still {@code expectedVersion}; the stored version becomes {@code destination.version()}.
     *
     * @throws dev.lunora.core.exceptions.ConflictException on a version mismatch
     * @throws dev.lunora.core.exceptions.NotFoundException  if the item is gone
     */
    void update(Destination destination, long expectedVersion);

    /**
     * Writes what the workflow observed — status, when streaming started, the last error — without touching
     * the producer's fields or the version, so a status change never makes an open edit form stale.
     *
     * @throws dev.lunora.core.exceptions.NotFoundException if the destination was deleted meanwhile
     */
    void recordStatus(String destinationId, StreamingStatus status, Instant streamingStartedAt, String lastError);

    /**
     * The health alert handling last wrote, with the alerts still set; {@link DestinationHealth#NONE} if none yet.
     *
     * @throws dev.lunora.core.exceptions.NotFoundException if the destination does not exist
     */
    DestinationHealth health(String destinationId);

    /**
     * Writes health like {@link #recordStatus} writes status — workflow-owned, never the version — if the stored
     * health is still the one read at {@code expectedUpdatedAt} (null: none was recorded).
     *
     * @throws dev.lunora.core.exceptions.ConflictException if another alert's write got there first
     * @throws dev.lunora.core.exceptions.NotFoundException if the destination was deleted meanwhile
     */
    void recordHealth(String destinationId, DestinationHealth health, Instant expectedUpdatedAt);

    /**
     * Makes the destination describe the key its SSM parameter really holds (fingerprint and hint), if the stored
     * version is still {@code expectedVersion}; the version does not move, since no producer's edit changes. For
     * when a key write reached SSM but the item's did not (a lost race or a crash in between).
     *
     * @return false if the destination changed or was deleted meanwhile (the next plan looks again)
     */
    boolean recordKeyDescription(String destinationId, String fingerprint, String hint, long expectedVersion);

    /** Deletes if the stored version is still {@code expectedVersion}. */
    void delete(String destinationId, long expectedVersion);
}
