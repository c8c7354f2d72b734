package dev.lunora.aws.dynamodb;

import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.DeliveryStatusStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The relay's delivery status as {@code delivery_*} attributes on the destination's item in
 * {@code lunora-destinations}. Each write is one UpdateItem of those attributes only, so the producer's fields, the
 * workflow's status and the optimistic-locking {@code version} stay as they are, and an open edit form never goes
 * stale because a bitrate moved.
 */
public final class DynamoDbDeliveryStatusStore implements DeliveryStatusStore {

    static final String STATE = "delivery_state";
    static final String LIVE_SINCE = "delivery_live_since";
    static final String BITRATE_KBPS = "delivery_bitrate_kbps";
    static final String ERROR = "delivery_error";
    static final String UPDATED_AT = "delivery_updated_at";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbDeliveryStatusStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public void record(String destinationId, DeliveryStatus status, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringJoiner set = new StringJoiner(", ", "SET ", "");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        set.add(STATE + " = :state");
        values.put(":state", Items.s(status.state().id()));
        set.add(UPDATED_AT + " = :at");
        values.put(":at", Items.s(at.toString()));
        if (status.liveSince() == null) {
            remove.add(LIVE_SINCE);
        } else {
            set.add(LIVE_SINCE + " = :since");
            values.put(":since", Items.s(status.liveSince().toString()));
        }
        if (status.bitrateKbps() == null) {
            remove.add(BITRATE_KBPS);
        } else {
            set.add(BITRATE_KBPS + " = :kbps");
            values.put(":kbps", Items.n(status.bitrateKbps()));
        }
        if (status.error() == null) {
            remove.add(ERROR);
        } else {
            set.add(ERROR + " = :error");
            values.put(":error", Items.s(status.error()));
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(DynamoDbDestinationStore.KEY, Items.s(destinationId)))
                    .updateExpression(set + remove.toString())
                    .conditionExpression("attribute_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", DynamoDbDestinationStore.KEY))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw NotFoundException.destination(destinationId);
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not record the delivery status of destination " + destinationId + " in table "
                    + tableName + " (" + e.getClass().getSimpleName() + "). Try again in a moment.", e);
        }
    }

    @Override
    public Optional<DeliveryStatus> find(String destinationId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of(DynamoDbDestinationStore.KEY, Items.s(destinationId)))
                    .consistentRead(true)
                    .projectionExpression(String.join(", ", STATE, LIVE_SINCE, BITRATE_KBPS, ERROR))).item();
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read the delivery status of destination " + destinationId + " in table "
                    + tableName + " (" + e.getClass().getSimpleName() + "). Try again in a moment.", e);
        }
        return item == null ? Optional.empty() : statusOf(item);
    }

    /** The delivery_* attributes of a destination item as a status; empty when the relay never wrote one. */
    static Optional<DeliveryStatus> statusOf(Map<String, AttributeValue> item) {
        Optional<DeliveryState> state = DeliveryState.fromId(Items.string(item, STATE));
        if (state.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue kbps = item.get(BITRATE_KBPS);
        return Optional.of(new DeliveryStatus(state.get(), Items.instant(item, LIVE_SINCE),
                kbps == null || kbps.n() == null ? null : Integer.valueOf(kbps.n()), Items.string(item, ERROR)));
    }

    /** The status with the time the relay observed it. */
    static Optional<DeliveryReport> reportOf(Map<String, AttributeValue> item) {
        return statusOf(item).map(status -> new DeliveryReport(status, Items.instant(item, UPDATED_AT)));
    }
}
