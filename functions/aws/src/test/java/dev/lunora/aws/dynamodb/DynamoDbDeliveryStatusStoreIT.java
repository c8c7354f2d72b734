package dev.lunora.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.NotFoundException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** The relay's delivery status on the destination item, against DynamoDB Local in process. */
class DynamoDbDeliveryStatusStoreIT {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant LIVE_SINCE = Instant.parse("2026-12-03T17:00:00.250Z");
    private static final Instant AT = Instant.parse("2026-12-03T17:00:05Z");

    private static AmazonDynamoDBLocal dynamoDbLocal;
    private static DynamoDbClient client;

    private String table;
    private DynamoDbDestinationStore destinations;
    private DynamoDbDeliveryStatusStore store;

    @BeforeAll
    static void startDynamoDbLocal() {
        dynamoDbLocal = DynamoDBEmbedded.create(true);
        client = dynamoDbLocal.dynamoDbClient();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        dynamoDbLocal.shutdown();
    }

    @BeforeEach
    void createTable() {
        table = "lunora-destinations-delivery-" + TABLES.incrementAndGet();
        client.createTable(r -> r.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("destination_id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("destination_id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        destinations = new DynamoDbDestinationStore(client, table);
        store = new DynamoDbDeliveryStatusStore(client, table);
    }

    private Destination streaming(String id) {
        Destination d = Destination.builder(id, Platform.TWITCH).name("Twitch").rtmpUrl("rtmp://live.twitch.tv/app")
                .streamKeyParam("/lunora/" + id + "/stream_key").desiredState(DesiredState.STREAMING)
                .streamingStatus(StreamingStatus.STREAMING).channelId("ch-1").lastError("old workflow error").version(4).build();
        destinations.create(d);
        return d;
    }

    private Map<String, AttributeValue> rawItem(String id) {
        return client.getItem(r -> r.tableName(table).key(Map.of("destination_id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

    @Test
    void record_live_writesTheDeliveryAttributes_andReadsBack() {
        streaming("d-1");

        store.record("d-1", DeliveryStatus.live(LIVE_SINCE, 4480), AT);

        Map<String, AttributeValue> item = rawItem("d-1");
        assertThat(item.get("delivery_state").s()).isEqualTo("live");
        assertThat(item.get("delivery_live_since").s()).isEqualTo("2026-12-03T17:00:00.250Z");
        assertThat(item.get("delivery_bitrate_kbps").n()).isEqualTo("4480");
        assertThat(item.get("delivery_updated_at").s()).isEqualTo("2026-12-03T17:00:05Z");
        assertThat(item).doesNotContainKey("delivery_error");
        assertThat(store.find("d-1")).contains(DeliveryStatus.live(LIVE_SINCE, 4480));
    }

    @Test
    void record_failingAfterLive_removesLiveSinceAndBitrate() {
        streaming("d-1");
        store.record("d-1", DeliveryStatus.live(LIVE_SINCE, 4480), AT);

        store.record("d-1", DeliveryStatus.failing("the platform refused the stream key"), AT.plusSeconds(3));

        Map<String, AttributeValue> item = rawItem("d-1");
        assertThat(item).doesNotContainKeys("delivery_live_since", "delivery_bitrate_kbps");
        assertThat(item.get("delivery_error").s()).isEqualTo("the platform refused the stream key");
        assertThat(store.find("d-1")).contains(DeliveryStatus.failing("the platform refused the stream key"));
    }

    @Test
    void record_leavesTheProducersFieldsTheWorkflowStatusAndTheVersionAlone() {
        Destination d = streaming("d-1");

        store.record("d-1", DeliveryStatus.connecting(), AT);

        assertThat(destinations.find("d-1")).as("everything but the report it now carries")
                .contains(d.toBuilder().delivery(new DeliveryReport(DeliveryStatus.connecting(), AT)).build());
        assertThat(rawItem("d-1").get("version").n()).isEqualTo("4");
    }

    @Test
    void producerEdit_afterARecord_keepsTheDeliveryStatus() {
        Destination d = streaming("d-1");
        store.record("d-1", DeliveryStatus.live(LIVE_SINCE, 4480), AT);

        destinations.update(d.toBuilder().name("Twitch main").version(5).build(), 4);

        assertThat(store.find("d-1")).contains(DeliveryStatus.live(LIVE_SINCE, 4480));
    }

    @Test
    void record_deletedDestination_isNotFound_andCreatesNoItem() {
        assertThatThrownBy(() -> store.record("gone", DeliveryStatus.stopped(), AT)).isInstanceOf(NotFoundException.class);
        assertThat(rawItem("gone")).isNullOrEmpty();
    }

    @Test
    void find_neverRecorded_isEmpty() {
        streaming("d-1");
        assertThat(store.find("d-1")).isEmpty();
        assertThat(store.find("no-such-destination")).isEmpty();
    }
}
