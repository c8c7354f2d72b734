package dev.lunora.aws.dynamodb;

import dev.lunora.core.alert.DestinationHealth;
import dev.lunora.core.alert.Health;
import dev.lunora.core.destination.BackupIngest;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.DestinationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@code lunora-destinations}: one item per destination keyed by {@code destination_id}, with the seed
 * system's attribute names. Updates SET the fields Lunora manages and leave any other attribute alone, so
 * items the old system wrote keep what Lunora does not know about.
 */
public final class DynamoDbDestinationStore implements DestinationStore {

    static final String KEY = "destination_id";
    /** Written only by {@link #recordStatus} (and on create), never by the producer's edits. */
    private static final java.util.Set<String> WORKFLOW_OWNED = java.util.Set.of("streaming_status", "streaming_started_at", "last_error", "health",
            "health_message");

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    /** The channel of items written before destinations chose one (no {@code channel_id}); null leaves them without. */
    private final String defaultChannelId;

    public DynamoDbDestinationStore(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, null);
    }

    /** @param defaultChannelId the primary channel: items without {@code channel_id} (the seed's, issue 18's) belong to it */
    public DynamoDbDestinationStore(DynamoDbClient dynamoDb, String tableName, String defaultChannelId) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.defaultChannelId = defaultChannelId;
    }

    private Destination read(Map<String, AttributeValue> item) {
        Destination d = fromItem(item);
        return d.channelId() == null && defaultChannelId != null ? d.toBuilder().channelId(defaultChannelId).build() : d;
    }

    @Override
    public List<Destination> list() {
        List<Destination> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                ScanResponse page = dynamoDb.scan(ScanRequest.builder().tableName(tableName)
                        .exclusiveStartKey(startKey).consistentRead(true).build());
                page.items().forEach(item -> out.add(read(item)));
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        } catch (SdkException e) {
            throw unavailable("list destinations", e);
        }
        return out;
    }

    @Override
    public Optional<Destination> find(String destinationId) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName)
                    .key(Map.of(KEY, Items.s(destinationId))).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
        } catch (SdkException e) {
            throw unavailable("read destination " + destinationId, e);
        }
    }

    @Override
    public void create(Destination destination) {
        Map<String, AttributeValue> item = new HashMap<>();
        managedAttributes(destination).forEach((k, v) -> {
            if (v != null) {
                item.put(k, v);
            }
        });
        item.put(KEY, Items.s(destination.destinationId()));
        try {
            dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(" + KEY + ")"));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException(ConflictException.Reason.VERSION_CONFLICT,
                    "A destination with id '" + destination.destinationId() + "' already exists.");
        } catch (SdkException e) {
            throw unavailable("create destination", e);
        }
    }

    @Override
    public void update(Destination destination, long expectedVersion) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringJoiner set = new StringJoiner(", ", "SET ", "");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        int i = 0;
        Map<String, AttributeValue> producerOwned = managedAttributes(destination);
        WORKFLOW_OWNED.forEach(producerOwned::remove);
        for (Map.Entry<String, AttributeValue> e : producerOwned.entrySet()) {
            String nameRef = "#a" + i;
            names.put(nameRef, e.getKey());
            if (e.getValue() == null) {
                remove.add(nameRef);
            } else {
                set.add(nameRef + " = :v" + i);
                values.put(":v" + i, e.getValue());
            }
            i++;
        }
        values.put(":expected", Items.n(expectedVersion));
        names.put("#key", KEY);
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(KEY, Items.s(destination.destinationId())))
                    .updateExpression(set + remove.toString())
                    .conditionExpression(versionStillIs(expectedVersion))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw conflictOrGone(destination.destinationId());
        } catch (SdkException e) {
            throw unavailable("update destination " + destination.destinationId(), e);
        }
    }

    @Override
    public void recordStatus(String destinationId, StreamingStatus status, Instant streamingStartedAt, String lastError) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", Items.s(status.id()));
        StringJoiner set = new StringJoiner(", ", "SET ", "");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        set.add("streaming_status = :status");
        if (streamingStartedAt == null) {
            remove.add("streaming_started_at");
        } else {
            set.add("streaming_started_at = :started");
            values.put(":started", time(streamingStartedAt));
        }
        if (lastError == null) {
            remove.add("last_error");
        } else {
            set.add("last_error = :error");
            values.put(":error", Items.s(lastError));
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(KEY, Items.s(destinationId)))
                    .updateExpression(set + remove.toString())
                    .conditionExpression("attribute_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw NotFoundException.destination(destinationId);
        } catch (SdkException e) {
            throw unavailable("record the status of destination " + destinationId, e);
        }
    }

    @Override
    public boolean recordKeyDescription(String destinationId, String fingerprint, String hint, long expectedVersion) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(KEY, Items.s(destinationId)))
                    .updateExpression("SET stream_key_fingerprint = :fingerprint, stream_key_hint = :hint")
                    .conditionExpression("attribute_exists(#key) AND #version = :version")
                    .expressionAttributeNames(Map.of("#key", KEY, "#version", "version"))
                    .expressionAttributeValues(Map.of(":fingerprint", Items.s(fingerprint), ":hint", Items.s(hint),
                            ":version", Items.n(expectedVersion))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw unavailable("record the stream key description of destination " + destinationId, e);
        }
    }

    @Override
    public DestinationHealth health(String destinationId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of(KEY, Items.s(destinationId))).consistentRead(true)
                    .projectionExpression("#key, health, health_message, health_updated_at, health_alerts")
                    .expressionAttributeNames(Map.of("#key", KEY))).item();
        } catch (SdkException e) {
            throw unavailable("read the health of destination " + destinationId, e);
        }
        if (item == null || item.isEmpty()) {
            throw NotFoundException.destination(destinationId);
        }
        Instant updatedAt = Items.instant(item, "health_updated_at");
        if (updatedAt == null) {
            return DestinationHealth.NONE;
        }
        List<DestinationHealth.ActiveAlert> active = new ArrayList<>();
        AttributeValue alerts = item.get("health_alerts");
        if (alerts != null && alerts.hasL()) {
            for (AttributeValue a : alerts.l()) {
                if (a.hasM() && Items.string(a.m(), "alert_id") != null) {
                    active.add(new DestinationHealth.ActiveAlert(Items.string(a.m(), "alert_id"),
                            java.util.Objects.requireNonNullElse(Items.string(a.m(), "pipeline"), "0"),
                            Items.string(a.m(), "alert_type"), Items.instant(a.m(), "set_at")));
                }
            }
        }
        return new DestinationHealth(Health.lookup(Items.string(item, "health")).orElse(null),
                Items.string(item, "health_message"), updatedAt, active);
    }

    @Override
    public void recordHealth(String destinationId, DestinationHealth health, Instant expectedUpdatedAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringJoiner set = new StringJoiner(", ", "SET ", "");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        if (health.health() == null) {
            remove.add("health");
        } else {
            set.add("health = :health");
            values.put(":health", Items.s(health.health().id()));
        }
        if (health.message() == null) {
            remove.add("health_message");
        } else {
            set.add("health_message = :message");
            values.put(":message", Items.s(health.message()));
        }
        set.add("health_updated_at = :at");
        values.put(":at", time(health.updatedAt()));
        set.add("health_alerts = :alerts");
        values.put(":alerts", AttributeValue.fromL(health.active().stream().map(a -> {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put("alert_id", Items.s(a.alertId()));
            m.put("pipeline", Items.s(a.pipeline()));
            if (a.alertType() != null) {
                m.put("alert_type", Items.s(a.alertType()));
            }
            if (a.setAt() != null) {
                m.put("set_at", time(a.setAt()));
            }
            return AttributeValue.fromM(m);
        }).toList()));
        String condition = "attribute_exists(#key) AND ";
        if (expectedUpdatedAt == null) {
            condition += "attribute_not_exists(health_updated_at)";
        } else {
            condition += "health_updated_at = :expected";
            values.put(":expected", time(expectedUpdatedAt));
        }
        String expression = condition;
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(KEY, Items.s(destinationId)))
                    .updateExpression(set + remove.toString())
                    .conditionExpression(expression)
                    .expressionAttributeNames(Map.of("#key", KEY))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            if (find(destinationId).isEmpty()) {
                throw NotFoundException.destination(destinationId);
            }
            throw new ConflictException(ConflictException.Reason.VERSION_CONFLICT,
                    "The health of destination '" + destinationId + "' changed while an alert was applied; apply it again.");
        } catch (SdkException e) {
            throw unavailable("record the health of destination " + destinationId, e);
        }
    }

    @Override
    public void delete(String destinationId, long expectedVersion) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName)
                    .key(Map.of(KEY, Items.s(destinationId)))
                    .conditionExpression(versionStillIs(expectedVersion))
                    .expressionAttributeNames(Map.of("#key", KEY))
                    .expressionAttributeValues(Map.of(":expected", Items.n(expectedVersion))));
        } catch (ConditionalCheckFailedException e) {
            throw conflictOrGone(destinationId);
        } catch (SdkException e) {
            throw unavailable("delete destination " + destinationId, e);
        }
    }

    /** Items the old system wrote have no version attribute; Lunora reads them as version 0. */
    private static String versionStillIs(long expectedVersion) {
        String matches = expectedVersion == 0 ? "(attribute_not_exists(version) OR version = :expected)" : "version = :expected";
        return "attribute_exists(#key) AND " + matches;
    }

    private RuntimeException conflictOrGone(String destinationId) {
        return find(destinationId).isPresent()
                ? ConflictException.staleVersion(destinationId)
                : NotFoundException.destination(destinationId);
    }

    private ServiceUnavailableException unavailable(String what, SdkException e) {
        return new ServiceUnavailableException("Could not " + what + " in table " + tableName
                + " (" + e.getClass().getSimpleName() + "). Try again in a moment.", e);
    }

    /** Every attribute Lunora owns, null meaning "absent" (REMOVE on update). Insertion order is stable for tests. */
    static Map<String, AttributeValue> managedAttributes(Destination d) {
        Map<String, AttributeValue> a = new LinkedHashMap<>();
        a.put("name", str(d.name()));
        a.put("platform", Items.s(d.platform().id()));
        a.put("rtmp_url", str(d.rtmpUrl()));
        a.put("stream_key_param", str(d.streamKeyParam()));
        a.put("stream_key_hint", str(d.streamKeyHint()));
        a.put("stream_key_fingerprint", str(d.streamKeyFingerprint()));
        a.put("preset_id", str(d.presetId()));
        a.put("enabled", Items.bool(d.enabled()));
        a.put("streaming_status", Items.s(d.streamingStatus().id()));
        a.put("streaming_started_at", time(d.streamingStartedAt()));
        a.put("desired_state", Items.s(d.desiredState().id()));
        a.put("channel_id", str(d.channelId()));
        a.put("last_error", str(d.lastError()));
        a.put("health", str(d.health()));
        a.put("health_message", str(d.healthMessage()));
        a.put("version", Items.n(d.version()));
        a.put("created_at", time(d.createdAt()));
        a.put("updated_at", time(d.updatedAt()));
        BackupIngest backup = d.backup();
        a.put("backup_rtmp_url", str(backup == null ? null : backup.rtmpUrl()));
        a.put("backup_stream_key_param", str(backup == null ? null : backup.streamKeyParam()));
        a.put("backup_stream_key_hint", str(backup == null ? null : backup.streamKeyHint()));
        a.put("backup_stream_key_fingerprint", str(backup == null ? null : backup.streamKeyFingerprint()));
        return a;
    }

    static Destination fromItem(Map<String, AttributeValue> item) {
        String platformId = Items.string(item, "platform");
        // The old system allowed free-text platforms; anything unknown with a URL is a custom RTMP server.
        Platform platform = Platform.fromId(platformId == null ? "" : platformId.toLowerCase(java.util.Locale.ROOT))
                .orElse(Items.string(item, "rtmp_url") == null ? Platform.HLS : Platform.CUSTOM);
        return Destination.builder(Items.string(item, KEY), platform)
                .name(Items.string(item, "name"))
                .rtmpUrl(Items.string(item, "rtmp_url"))
                .streamKeyParam(Items.string(item, "stream_key_param"))
                .streamKeyHint(Items.string(item, "stream_key_hint"))
                .streamKeyFingerprint(Items.string(item, "stream_key_fingerprint"))
                .presetId(Items.string(item, "preset_id"))
                .enabled(Items.bool(item, "enabled", true))
                .streamingStatus(StreamingStatus.fromId(Items.string(item, "streaming_status")))
                .streamingStartedAt(Items.instant(item, "streaming_started_at"))
                .desiredState(DesiredState.fromId(Items.string(item, "desired_state")))
                .channelId(Items.string(item, "channel_id"))
                .lastError(Items.string(item, "last_error"))
                .health(Items.string(item, "health"))
                .healthMessage(Items.string(item, "health_message"))
                .version(Items.number(item, "version", 0))
                .createdAt(Items.instant(item, "created_at"))
                .updatedAt(Items.instant(item, "updated_at"))
                .backup(Items.string(item, "backup_rtmp_url") == null ? null : new BackupIngest(Items.string(item, "backup_rtmp_url"),
                        Items.string(item, "backup_stream_key_param"), Items.string(item, "backup_stream_key_hint"),
                        Items.string(item, "backup_stream_key_fingerprint")))
                .delivery(DynamoDbDeliveryStatusStore.reportOf(item).orElse(null))
                .build();
    }

    private static AttributeValue str(String v) {
        return v == null ? null : Items.s(v);
    }

    private static AttributeValue time(Instant v) {
        return v == null ? null : Items.s(v.toString());
    }
}
