package dev.lunora.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;
import dev.lunora.core.ports.SessionHistory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The sessions table read back for usage and the cost guard, against DynamoDB Local in process. */
class DynamoDbSessionLogIT {

    private static AmazonDynamoDBLocal dynamoDbLocal;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        dynamoDbLocal = DynamoDBEmbedded.create(true);
        client = dynamoDbLocal.dynamoDbClient();
        client.createTable(r -> r.tableName("lunora-sessions")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("subject").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("started_at").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("subject").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("started_at").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void stop() {
        dynamoDbLocal.shutdown();
    }

    @Test
    void overlappingAndOpenSince_readBackWhatTheLogWrote() {
        DynamoDbSessionLog log = new DynamoDbSessionLog(client, "lunora-sessions");
        log.open("channel#ch", "ch", Instant.parse("2026-11-20T23:00:00Z"));
        log.close("channel#ch", Instant.parse("2026-11-21T01:00:00Z"));
        log.open("dest_old", "ch", Instant.parse("2026-10-01T10:00:00Z"));
        log.close("dest_old", Instant.parse("2026-10-01T11:00:00Z"));
        log.open("channel#ch", "ch", Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(log.openSince("channel#ch")).contains(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(log.openSince("dest_old")).isEmpty();

        List<SessionHistory.Session> found = log.overlapping(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(found).containsExactlyInAnyOrder(
                new SessionHistory.Session("channel#ch", "ch", Instant.parse("2026-11-20T23:00:00Z"), Instant.parse("2026-11-21T01:00:00Z")),
                new SessionHistory.Session("channel#ch", "ch", Instant.parse("2026-11-24T10:00:00Z"), null));
        assertThat(found).allMatch(SessionHistory.Session::isChannel);
    }
}
