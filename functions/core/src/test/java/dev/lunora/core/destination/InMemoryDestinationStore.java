package dev.lunora.core.destination;

import dev.lunora.core.alert.DestinationHealth;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.ports.DestinationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Destinations in a map, with the optimistic locking of the DynamoDB store: conflict on a stale version. */
public final class InMemoryDestinationStore implements DestinationStore {

    private final Map<String, Destination> items = new LinkedHashMap<>();
    private final Map<String, DestinationHealth> health = new LinkedHashMap<>();
    private int writes;
    private UnaryOperator<Destination.Builder> concurrentEdit;

    /** Puts a destination in place as if an earlier request (or the old system) had written it. */
    public InMemoryDestinationStore given(Destination destination) {
        items.put(destination.destinationId(), destination);
        return this;
    }

    /**
     * Plays another editor who saves between the service's read and its write: just before the next update or
     * delete, the stored destination gets this edit and a version bump, so the service's write is stale.
     */
    public void concurrentEditBeforeNextWrite(UnaryOperator<Destination.Builder> edit) {
        concurrentEdit = edit;
    }

    private void applyConcurrentEdit(String destinationId) {
        Destination stored = items.get(destinationId);
        if (concurrentEdit != null && stored != null) {
            items.put(destinationId, concurrentEdit.apply(stored.toBuilder()).version(stored.version() + 1).build());
        }
        concurrentEdit = null;
    }

    /** Successful creates, updates and deletes so far; seeding with {@link #given} does not count. */
    int writes() {
        return writes;
    }

    @Override
    public List<Destination> list() {
        return new ArrayList<>(items.values());
    }

    @Override
    public Optional<Destination> find(String destinationId) {
        return Optional.ofNullable(items.get(destinationId));
    }

    @Override
    public void create(Destination destination) {
        if (items.containsKey(destination.destinationId())) {
            throw new ConflictException(ConflictException.Reason.VERSION_CONFLICT,
                    "A destination with id '" + destination.destinationId() + "' already exists.");
        }
        items.put(destination.destinationId(), destination);
        writes++;
    }

    @Override
    public void update(Destination destination, long expectedVersion) {
        applyConcurrentEdit(destination.destinationId());
        Destination stored = items.get(destination.destinationId());
        if (stored == null) {
            throw NotFoundException.destination(destination.destinationId());
        }
        if (stored.version() != expectedVersion) {
            throw ConflictException.staleVersion(destination.destinationId());
        }
        // Like the DynamoDB store: the producer's write leaves the workflow's status fields as stored.
        items.put(destination.destinationId(), destination.toBuilder()
                .streamingStatus(stored.streamingStatus())
                .streamingStartedAt(stored.streamingStartedAt())
                .lastError(stored.lastError())
                .health(stored.health())
                .healthMessage(stored.healthMessage())
                .build());
        writes++;
    }

    @Override
    public void recordStatus(String destinationId, StreamingStatus status, Instant streamingStartedAt, String lastError) {
        Destination stored = items.get(destinationId);
        if (stored == null) {
            throw NotFoundException.destination(destinationId);
        }
        items.put(destinationId, stored.toBuilder().streamingStatus(status).streamingStartedAt(streamingStartedAt).lastError(lastError).build());
        writes++;
    }

    @Override
    public boolean recordKeyDescription(String destinationId, String fingerprint, String hint, long expectedVersion) {
        Destination stored = items.get(destinationId);
        if (stored == null || stored.version() != expectedVersion) {
            return false;
        }
        items.put(destinationId, stored.toBuilder().streamKeyFingerprint(fingerprint).streamKeyHint(hint).build());
        writes++;
        return true;
    }

    @Override
    public DestinationHealth health(String destinationId) {
        if (!items.containsKey(destinationId)) {
            throw NotFoundException.destination(destinationId);
        }
        return health.getOrDefault(destinationId, DestinationHealth.NONE);
    }

    @Override
    public void recordHealth(String destinationId, DestinationHealth value, Instant expectedUpdatedAt) {
        Destination stored = items.get(destinationId);
        if (stored == null) {
            throw NotFoundException.destination(destinationId);
        }
        if (!java.util.Objects.equals(health(destinationId).updatedAt(), expectedUpdatedAt)) {
            throw new ConflictException(ConflictException.Reason.VERSION_CONFLICT, "health of " + destinationId + " changed meanwhile");
        }
        health.put(destinationId, value);
        items.put(destinationId, stored.toBuilder().health(value.health() == null ? null : value.health().id())
                .healthMessage(value.message()).build());
        writes++;
    }

    @Override
    public void delete(String destinationId, long expectedVersion) {
        applyConcurrentEdit(destinationId);
        Destination stored = items.get(destinationId);
        if (stored == null) {
            throw NotFoundException.destination(destinationId);
        }
        if (stored.version() != expectedVersion) {
            throw ConflictException.staleVersion(destinationId);
        }
        items.remove(destinationId);
        writes++;
    }
}
