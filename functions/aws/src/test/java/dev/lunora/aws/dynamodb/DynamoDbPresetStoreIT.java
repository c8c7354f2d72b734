package dev.lunora.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.preset.Preset;
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

class DynamoDbPresetStoreIT {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private static AmazonDynamoDBLocal dynamoDbLocal;
    private static DynamoDbClient client;

    private String table;
    private DynamoDbPresetStore store;

    @BeforeAll
    static void startDynamoDbLocal() {
        // true = disable telemetry: create() alone has DynamoDB Local report usage over the network from every test run.
        dynamoDbLocal = DynamoDBEmbedded.create(true);
        client = dynamoDbLocal.dynamoDbClient();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        dynamoDbLocal.shutdown();
    }

    @BeforeEach
    void createTable() {
        table = "lunora-presets-" + TABLES.incrementAndGet();
        client.createTable(r -> r.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("preset_id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("preset_id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        store = new DynamoDbPresetStore(client, table);
    }

    private static Preset preset(String id, String name, boolean isDefault) {
        return new Preset(id, name, "youtube", name + " for the main show", isDefault,
                new Preset.Video("H264", 1920, 1080, 60, 6_000_000, "HIGH", "H264_LEVEL_4_2", 120, "CBR"),
                new Preset.Audio("AAC", 192_000, 48_000, 2, "CODING_MODE_2_0"));
    }

    @Test
    void put_preset_readBackEqual() {
        Preset p = preset("preset-1080p60", "1080p60", false);

        store.put(p);

        assertThat(store.find("preset-1080p60")).contains(p);
    }

    @Test
    void list_mixedDefaults_defaultFirstThenByName() {
        store.put(preset("p-z", "Zeta", false));
        store.put(preset("p-a", "Alpha", false));
        store.put(preset("p-d", "Mid default", true));

        assertThat(store.list()).extracting(Preset::presetId).containsExactly("p-d", "p-a", "p-z");
    }

    @Test
    void listAndFind_inactivePreset_hidden() {
        store.put(preset("p-live", "Live", true));
        client.putItem(r -> r.tableName(table).item(Map.of(
                "preset_id", AttributeValue.fromS("p-retired"),
                "name", AttributeValue.fromS("Retired"),
                "is_active", AttributeValue.fromBool(false))));

        assertThat(store.list()).extracting(Preset::presetId).containsExactly("p-live");
        assertThat(store.find("p-retired")).isEmpty();
    }

    @Test
    void find_seedShapedItemWithoutAudio_parsedWithDefaults() {
        client.putItem(r -> r.tableName(table).item(Map.of(
                "preset_id", AttributeValue.fromS("seed-720p"),
                "name", AttributeValue.fromS("720p30"),
                "platform", AttributeValue.fromS("twitch"),
                "is_default", AttributeValue.fromS("true"),
                "video", AttributeValue.fromM(Map.of(
                        "resolution", AttributeValue.fromS("1280x720"),
                        "framerate", AttributeValue.fromN("30"),
                        "bitrate", AttributeValue.fromN("4500000"))))));

        Preset p = store.find("seed-720p").orElseThrow();

        assertThat(p.isDefault()).isTrue();
        assertThat(p.platform()).isEqualTo("twitch");
        assertThat(p.video()).isEqualTo(new Preset.Video("H264", 1280, 720, 30, 4_500_000, "HIGH", "H264_LEVEL_AUTO", 60, "CBR"));
        assertThat(p.audio()).isEqualTo(new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0"));
    }

    @Test
    void find_missing_empty() {
        assertThat(store.find("nope")).isEmpty();
    }
}
