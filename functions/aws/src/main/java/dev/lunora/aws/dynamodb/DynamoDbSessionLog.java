package dev.lunora.aws.dynamodb;

import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.SessionHistory;
import dev.lunora.core.ports.SessionLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code lunora-sessions}: key {@code subject} (a destination id, or {@code channel#<id>}) + {@code started_at}.
 * The open session of a subject is also pointed at by a marker item ({@code started_at = "open"}), so opening
 * twice is a no-op and closing needs no scan. Reports scan the table: a session per start or stop keeps it small
 * (hundreds of items a month), far from where a time index would pay for itself.
 */
public final class DynamoDbSessionLog implements SessionLog, SessionHistory {

    static final String OPEN = "open";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbSessionLog(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public void open(String subject, String channelId, Instant start) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(Map.of("subject", Items.s(subject), "started_at", Items.s(OPEN),
                            "session_start", Items.s(start.toString()), "channel_id", Items.s(channelId)))
                    .conditionExpression("attribute_not_exists(subject)"));
        } catch (ConditionalCheckFailedException alreadyOpen) {
            // A session is running already; it keeps its original start.
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not open a session for " + subject + ".", e);
        }
    }

    @Override
    public void close(String subject, Instant end) {
        try {
            Map<String, AttributeValue> open = dynamoDb.getItem(r -> r.tableName(tableName)
                    .key(Map.of("subject", Items.s(subject), "started_at", Items.s(OPEN))).consistentRead(true)).item();
            if (open == null || open.isEmpty()) {
                return;
            }
            Instant start = Items.instant(open, "session_start");
            long seconds = Math.max(0, Duration.between(start, end).toSeconds());
            dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of(
                    "subject", Items.s(subject),
                    "started_at", Items.s(start.toString()),
                    "ended_at", Items.s(end.toString()),
                    "seconds", Items.n(seconds),
                    "channel_id", open.get("channel_id"),
                    "kind", Items.s(subject.startsWith("channel#") ? "channel" : "destination"))));
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(Map.of("subject", Items.s(subject), "started_at", Items.s(OPEN))));
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not close the session of " + subject + ".", e);
        }
    }

    @Override
    public List<Session> overlapping(Instant from, Instant to) {
        List<Session> out = new ArrayList<>();
        try {
            // Closed sessions ending before 'from' are dropped by DynamoDB; the rest is cut to the range by the caller.
            for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(r -> r.tableName(tableName).consistentRead(true)
                    .filterExpression("attribute_not_exists(ended_at) OR ended_at >= :from")
                    .expressionAttributeValues(Map.of(":from", Items.s(from.toString())))).items()) {
                boolean open = OPEN.equals(Items.string(item, "started_at"));
                Instant start = open ? Items.instant(item, "session_start") : Items.instant(item, "started_at");
                Instant end = open ? null : Items.instant(item, "ended_at");
                if (start == null || !start.isBefore(to)) {
                    continue;
                }
                out.add(new Session(Items.string(item, "subject"), Items.string(item, "channel_id"), start, end));
            }
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read the session history.", e);
        }
        return out;
    }

    @Override
    public Optional<Instant> openSince(String subject) {
        try {
            Map<String, AttributeValue> open = dynamoDb.getItem(r -> r.tableName(tableName)
                    .key(Map.of("subject", Items.s(subject), "started_at", Items.s(OPEN))).consistentRead(true)).item();
            return open == null || open.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.instant(open, "session_start"));
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read the open session of " + subject + ".", e);
        }
    }
}
