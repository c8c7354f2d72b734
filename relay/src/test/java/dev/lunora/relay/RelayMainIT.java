package dev.lunora.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.aws.dynamodb.DynamoDbDestinationStore;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * The relay as RelayMain wires it (real DynamoDB adapters against DynamoDB Local, the dry runner): statuses appear
 * on the destination items by themselves, follow a Stop, and say so when the relay stops.
 */
class RelayMainIT {

    private static final String TABLE = "lunora-destinations";
    private static AmazonDynamoDBLocal dynamoDbLocal;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void startDynamoDbLocal() {
        dynamoDbLocal = DynamoDBEmbedded.create(true);
        dynamoDb = dynamoDbLocal.dynamoDbClient();
        dynamoDb.createTable(r -> r.tableName(TABLE)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("destination_id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("destination_id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        dynamoDbLocal.shutdown();
    }

    private static Destination keyInUrl(String id, String url, String channel) {
        return Destination.builder(id, Platform.CUSTOM).name(id).rtmpUrl(url).desiredState(DesiredState.STREAMING).channelId(channel).version(1).build();
    }

    private static Map<String, AttributeValue> item(String id) {
        return dynamoDb.getItem(r -> r.tableName(TABLE).key(Map.of("destination_id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

    private static String deliveryState(String id) {
        AttributeValue v = item(id).get("delivery_state");
        return v == null ? null : v.s();
    }

    @Test
    void dryRelay_writesStatusesOnTheItems_followsAStop_andMarksStoppedOnClose() throws Exception {
        DynamoDbDestinationStore destinations = new DynamoDbDestinationStore(dynamoDb, TABLE);
        destinations.create(keyInUrl("d-live", "rtmp://platform.example/app/live_inline_key_0001", "ch-relay"));
        destinations.create(keyInUrl("d-wrong", "rtmp://platform.example/app/wrong_inline_key_0002", "ch-relay"));
        destinations.create(keyInUrl("d-other", "rtmp://platform.example/app/live_inline_key_0003", "ch-other"));
        RelayConfig config = new RelayConfig(Map.of("MEDIALIVE_CHANNEL_ID", "ch-relay", "DESTINATIONS_TABLE", TABLE, "RELAY_RUNNER", "dry",
                "RELAY_INGEST_SECRET", "ingest-secret-main-0042", "RELAY_CONVERGE_MILLIS", "100"));
        // Never called: no destination here keeps its key in SSM.
        SsmClient ssm = SsmClient.builder().region(Region.US_WEST_2).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();

        try (RelayMain.Running relay = RelayMain.start(config, dynamoDb, ssm)) {
            SupervisedPushTest.await(() -> "live".equals(deliveryState("d-live")), "d-live live");
            SupervisedPushTest.await(() -> "failing".equals(deliveryState("d-wrong")), "d-wrong failing");
            assertThat(item("d-live").get("delivery_bitrate_kbps").n()).isEqualTo(String.valueOf(DryRunner.BITRATE_KBPS));
            assertThat(item("d-wrong").get("delivery_error").s()).isEqualTo("the platform refused the stream key");
            assertThat(deliveryState("d-other")).as("another channel's destination").isNull();

            Destination live = destinations.find("d-live").orElseThrow();
            destinations.update(live.toBuilder().desiredState(DesiredState.STOPPED).version(2).build(), 1);
            SupervisedPushTest.await(() -> "stopped".equals(deliveryState("d-live")), "d-live stopped");
            assertThat(relay.service().pushing()).containsExactly("d-wrong");
            assertThat(item("d-live").get("version").n()).as("status writes never move the version").isEqualTo("2");
        }
        assertThat(deliveryState("d-wrong")).isEqualTo("stopped");
        assertThat(item("d-wrong").get("delivery_error").s()).isEqualTo("the relay stopped");
    }
}
