package dev.lunora.aws.dynamodb;

import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.channel.DeliveryMode;
import dev.lunora.core.ports.ChannelCoordination;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@code lunora-channels}: one item per channel ({@code channel_id}) with the request generation, the lease
 * lock (the conditional-write pattern for Step Functions concurrency control) and the step in flight.
 */
public final class DynamoDbChannelCoordination implements ChannelCoordination {

    static final String KEY = "channel_id";
    /** Issue 18's channel settings on the same item (named through #managed, safe whatever DynamoDB reserves). */
    static final String MANAGED = "managed";
    static final String DISPLAY_NAME = "display_name";
    private static final int INCARNATION_LENGTH = 8;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbChannelCoordination(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * The incarnation is drawn here on every call but written only when the item has none: the item's first
     * request (or the first after this field was added) fixes it, so a recreated table gets a new one.
     */
    @Override
    public RequestGeneration bumpGeneration(String channelId) {
        try {
            var response = dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("ADD generation :one SET incarnation = if_not_exists(incarnation, :fresh)")
                    .expressionAttributeValues(Map.of(":one", Items.n(1), ":fresh", Items.s(freshIncarnation())))
                    .returnValues(ReturnValue.ALL_NEW));
            return new RequestGeneration(Items.number(response.attributes(), "generation", 0), Items.string(response.attributes(), "incarnation"));
        } catch (SdkException e) {
            throw unavailable("record a request for channel " + channelId, e);
        }
    }

    @Override
    public long generation(String channelId) {
        return item(channelId).map(i -> Items.number(i, "generation", 0)).orElse(0L);
    }

    @Override
    public boolean tryAcquire(String channelId, String owner, Instant now, Duration lease) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("SET lock_owner = :owner, lock_expires_at = :expires")
                    .conditionExpression("attribute_not_exists(lock_owner) OR lock_owner = :owner OR lock_expires_at < :now")
                    .expressionAttributeValues(Map.of(
                            ":owner", Items.s(owner),
                            ":expires", Items.n(now.plus(lease).toEpochMilli()),
                            ":now", Items.n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        } catch (SdkException e) {
            throw unavailable("take the lock of channel " + channelId, e);
        }
    }

    @Override
    public boolean takeOver(String channelId, String deadOwner, String owner, Instant now, Duration lease) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("SET lock_owner = :owner, lock_expires_at = :expires")
                    .conditionExpression("lock_owner = :dead")
                    .expressionAttributeValues(Map.of(":owner", Items.s(owner), ":dead", Items.s(deadOwner),
                            ":expires", Items.n(now.plus(lease).toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException someoneElseHoldsIt) {
            return false;
        } catch (SdkException e) {
            throw unavailable("take over the lock of channel " + channelId, e);
        }
    }

    @Override
    public void release(String channelId, String owner) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("REMOVE lock_owner, lock_expires_at")
                    .conditionExpression("lock_owner = :owner")
                    .expressionAttributeValues(Map.of(":owner", Items.s(owner))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Already released, or taken over after expiry: nothing of ours to release.
        } catch (SdkException e) {
            throw unavailable("release the lock of channel " + channelId, e);
        }
    }

    @Override
    public boolean releaseUnlessNewerRequests(String channelId, String owner, long seenGeneration) {
        // An item that never counted a click has no generation attribute; a run of it saw 0.
        String unchanged = seenGeneration == 0 ? "(attribute_not_exists(generation) OR generation = :seen)" : "generation = :seen";
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("REMOVE lock_owner, lock_expires_at")
                    .conditionExpression("lock_owner = :owner AND " + unchanged)
                    .expressionAttributeValues(Map.of(":owner", Items.s(owner), ":seen", Items.n(seenGeneration))));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            // Which half failed: still ours means a newer generation arrived; not ours means nothing to release.
            return !owner.equals(item(channelId).map(i -> Items.string(i, "lock_owner")).orElse(null));
        } catch (SdkException e) {
            throw unavailable("release the lock of channel " + channelId, e);
        }
    }

    @Override
    public void recordProgress(String channelId, Progress progress) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":execution", Items.s(progress.execution()));
        values.put(":step", Items.s(progress.step()));
        values.put(":detail", Items.s(progress.detail()));
        values.put(":at", Items.s(progress.at().toString()));
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("SET last_execution = :execution, current_step = :step, step_detail = :detail, step_at = :at")
                    .expressionAttributeValues(values));
        } catch (SdkException e) {
            throw unavailable("record progress of channel " + channelId, e);
        }
    }

    @Override
    public Optional<Status> status(String channelId) {
        return item(channelId).map(i -> {
            String lockExpires = Items.string(i, "lock_expires_at");
            Progress progress = Items.string(i, "current_step") == null ? null : new Progress(Items.string(i, "last_execution"),
                    Items.string(i, "current_step"), Items.string(i, "step_detail"), Items.instant(i, "step_at"));
            return new Status(channelId, Items.number(i, "generation", 0), Items.string(i, "lock_owner"),
                    lockExpires == null ? null : Instant.ofEpochMilli(Long.parseLong(lockExpires)), progress);
        });
    }

    @Override
    public DeliveryMode deliveryMode(String channelId) {
        return item(channelId).map(i -> Items.string(i, "delivery")).flatMap(DeliveryMode::fromId).orElse(DeliveryMode.DIRECT);
    }

    @Override
    public void setDeliveryMode(String channelId, DeliveryMode mode) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId)).updateExpression("SET delivery = :mode")
                    .expressionAttributeValues(Map.of(":mode", Items.s(mode.id()))));
        } catch (SdkException e) {
            throw unavailable("set the delivery mode of channel " + channelId, e);
        }
    }

    /** {@code input_signal_lost_at}, written only if absent: "since" stays the first alert of one loss. */
    @Override
    public void recordInputSignalLost(String channelId, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId))
                    .updateExpression("SET input_signal_lost_at = if_not_exists(input_signal_lost_at, :at)")
                    .expressionAttributeValues(Map.of(":at", Items.s(at.toString()))));
        } catch (SdkException e) {
            throw unavailable("record the lost input of channel " + channelId, e);
        }
    }

    @Override
    public void clearInputSignalLost(String channelId) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId)).updateExpression("REMOVE input_signal_lost_at"));
        } catch (SdkException e) {
            throw unavailable("clear the lost input of channel " + channelId, e);
        }
    }

    @Override
    public Optional<Instant> inputSignalLostAt(String channelId) {
        return item(channelId).map(i -> Items.instant(i, "input_signal_lost_at"));
    }

    @Override
    public ChannelSettings settings(String channelId) {
        return item(channelId).map(i -> new ChannelSettings(i.containsKey(MANAGED) ? Items.bool(i, MANAGED, false) : null,
                Items.string(i, DISPLAY_NAME))).orElse(new ChannelSettings(null, null));
    }

    @Override
    public void setManaged(String channelId, boolean managed) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId)).updateExpression("SET #managed = :managed")
                    .expressionAttributeNames(Map.of("#managed", MANAGED))
                    .expressionAttributeValues(Map.of(":managed", Items.bool(managed))));
        } catch (SdkException e) {
            throw unavailable("record whether Lunora manages channel " + channelId, e);
        }
    }

    @Override
    public void setDisplayName(String channelId, String displayName) {
        try {
            if (displayName == null) {
                dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId)).updateExpression("REMOVE display_name"));
            } else {
                dynamoDb.updateItem(r -> r.tableName(tableName).key(key(channelId)).updateExpression("SET display_name = :name")
                        .expressionAttributeValues(Map.of(":name", Items.s(displayName))));
            }
        } catch (SdkException e) {
            throw unavailable("set the display name of channel " + channelId, e);
        }
    }

    /** A scan projected on two attributes: the table holds one small item per channel of the account, a handful. */
    @Override
    public Map<String, Boolean> managedFlags() {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        try {
            dynamoDb.scanPaginator(r -> r.tableName(tableName).consistentRead(true)
                            .projectionExpression("channel_id, #managed").expressionAttributeNames(Map.of("#managed", MANAGED)))
                    .items().forEach(i -> {
                        if (i.containsKey(MANAGED) && Items.string(i, KEY) != null) {
                            out.put(Items.string(i, KEY), Items.bool(i, MANAGED, false));
                        }
                    });
            return out;
        } catch (SdkException e) {
            throw unavailable("list the managed channels", e);
        }
    }

    private Optional<Map<String, AttributeValue>> item(String channelId) {
        try {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName).key(key(channelId)).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw unavailable("read channel " + channelId, e);
        }
    }

    /** Eight base-36 characters: short enough for a readable execution name, 2.8e12 values against a repeat. */
    private static String freshIncarnation() {
        // A generator per request, not one built during INIT: SnapStart clones must not share its state.
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder(INCARNATION_LENGTH);
        for (int i = 0; i < INCARNATION_LENGTH; i++) {
            token.append(Character.forDigit(random.nextInt(36), 36));
        }
        return token.toString();
    }

    private static Map<String, AttributeValue> key(String channelId) {
        return Map.of(KEY, Items.s(channelId));
    }

    private ServiceUnavailableException unavailable(String what, SdkException e) {
        return new ServiceUnavailableException("Could not " + what + " in table " + tableName + " (" + e.getClass().getSimpleName() + ").", e);
    }
}
