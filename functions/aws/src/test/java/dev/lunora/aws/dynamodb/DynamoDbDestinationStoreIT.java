package dev.lunora.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunora.core.alert.DestinationHealth;
import dev.lunora.core.alert.Health;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import java.time.Instant;
import java.util.HashMap;
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

/** The destination store against DynamoDB Local, in process; each test gets its own table. */
class DynamoDbDestinationStoreIT {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant CREATED = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-11-24T21:00:00.123456789Z");

    private static AmazonDynamoDBLocal dynamoDbLocal;
    private static DynamoDbClient client;

    private String table;
    private DynamoDbDestinationStore store;

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
        table = "lunora-destinations-" + TABLES.incrementAndGet();
        client.createTable(r -> r.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("destination_id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("destination_id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        store = new DynamoDbDestinationStore(client, table);
    }

    private static Destination fullDestination(String id) {
        return Destination.builder(id, Platform.FACEBOOK)
                .name("Page live")
                .rtmpUrl("rtmps://live-api-s.facebook.com:443/rtmp")
                .streamKeyParam("/lunora-player/streaming/destinations/" + id + "/stream_key")
                .streamKeyHint("••••wxyz")
                .presetId("preset-1080p")
                .enabled(false)
                .streamingStatus(StreamingStatus.ERROR)
                .streamingStartedAt(Instant.parse("2026-11-24T20:00:00.5Z"))
                .desiredState(DesiredState.STREAMING)
                .channelId("ch-studio")
                .lastError("Output failed: RTMP connect timeout")
                .health("degraded")
                .version(7)
                .createdAt(CREATED)
                .updatedAt(UPDATED)
                .build();
    }

    private Map<String, AttributeValue> rawItem(String id) {
        return client.getItem(r -> r.tableName(table).key(Map.of("destination_id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
    }

    /** What the old Node system wrote: no version, desired state, hint or channel; loose types. */
    private void putOldSystemItem(String id) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("destination_id", AttributeValue.fromS(id));
        item.put("name", AttributeValue.fromS("Restream relay"));
        item.put("platform", AttributeValue.fromS("restream"));
        item.put("rtmp_url", AttributeValue.fromS("rtmp://live.restream.io/live"));
        item.put("stream_key_param", AttributeValue.fromS("/lunora-player/streaming/destinations/" + id + "/stream_key"));
        item.put("preset_id", AttributeValue.fromS("preset-720p"));
        item.put("enabled", AttributeValue.fromS("false"));
        item.put("streaming_status", AttributeValue.fromS("streaming"));
        item.put("streaming_started_at", AttributeValue.fromS("2026-10-01T12:00:00+02:00"));
        item.put("created_at", AttributeValue.fromS("2026-09-01T08:00:00.000Z"));
        item.put("updated_at", AttributeValue.fromN("1790000000000"));
        item.put("notes", AttributeValue.fromS("moved from the old encoder box"));
        client.putItem(r -> r.tableName(table).item(item));
    }

    @Test
    void find_oldItemWithoutChannel_belongsToThePrimaryWhenTheStoreKnowsIt() {
        putOldSystemItem("old-1");
        store.create(fullDestination("d-1").toBuilder().channelId("6802366").build());
        DynamoDbDestinationStore withPrimary = new DynamoDbDestinationStore(client, table, "3714710");

        assertThat(withPrimary.find("old-1").orElseThrow().channelId()).isEqualTo("3714710");
        assertThat(withPrimary.list()).extracting(Destination::channelId).containsExactlyInAnyOrder("3714710", "6802366");
        assertThat(store.find("old-1").orElseThrow().channelId()).as("without a primary: as stored").isNull();
    }

    @Test
    void create_everyField_readBackEqual() {
        Destination d = fullDestination("d-1");

        store.create(d);

        assertThat(store.find("d-1")).contains(d);
        assertThat(store.list()).containsExactly(d);
    }

    @Test
    void create_everyField_writtenUnderOldSystemAttributeNames() {
        store.create(fullDestination("d-1"));

        Map<String, AttributeValue> item = rawItem("d-1");
        assertThat(item.get("platform").s()).isEqualTo("facebook");
        assertThat(item.get("enabled").bool()).isFalse();
        assertThat(item.get("version").n()).isEqualTo("7");
        assertThat(item.get("streaming_status").s()).isEqualTo("error");
        assertThat(item.get("desired_state").s()).isEqualTo("streaming");
        assertThat(item.get("updated_at").s()).isEqualTo("2026-11-24T21:00:00.123456789Z");
        assertThat(item).containsOnlyKeys("destination_id", "name", "platform", "rtmp_url", "stream_key_param",
                "stream_key_hint", "preset_id", "enabled", "streaming_status", "streaming_started_at", "desired_state",
                "channel_id", "last_error", "health", "version", "created_at", "updated_at");
    }

    @Test
    void create_nullFields_attributesAbsent() {
        Destination hls = Destination.builder("d-hls", Platform.HLS).name("Site player").version(1)
                .createdAt(CREATED).updatedAt(CREATED).build();

        store.create(hls);

        assertThat(rawItem("d-hls")).doesNotContainKeys("rtmp_url", "stream_key_param", "stream_key_hint", "preset_id",
                "streaming_started_at", "channel_id", "last_error", "health");
        assertThat(store.find("d-hls")).contains(hls);
    }

    @Test
    void create_existingId_versionConflict() {
        store.create(fullDestination("d-1"));
        Destination other = fullDestination("d-1").toBuilder().name("Impostor").build();

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> store.create(other));

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
        assertThat(e.getMessage()).isEqualTo("A destination with id 'd-1' already exists.");
        assertThat(store.find("d-1").orElseThrow().name()).isEqualTo("Page live");
    }

    @Test
    void find_missing_empty() {
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void find_oldSystemItem_loadsAsVersionZeroCustomDisabled() {
        putOldSystemItem("legacy-1");

        Destination d = store.find("legacy-1").orElseThrow();

        assertThat(d.version()).isZero();
        assertThat(d.platform()).isEqualTo(Platform.CUSTOM);
        assertThat(d.rtmpUrl()).isEqualTo("rtmp://live.restream.io/live");
        assertThat(d.enabled()).isFalse();
        assertThat(d.streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(d.desiredState()).isEqualTo(DesiredState.STOPPED);
        assertThat(d.streamKeyParam()).isEqualTo("/lunora-player/streaming/destinations/legacy-1/stream_key");
        assertThat(d.streamKeyHint()).isNull();
        assertThat(d.channelId()).isNull();
        assertThat(d.streamingStartedAt()).isEqualTo(Instant.parse("2026-10-01T10:00:00Z"));
        assertThat(d.createdAt()).isEqualTo(Instant.parse("2026-09-01T08:00:00Z"));
        assertThat(d.updatedAt()).isEqualTo(Instant.ofEpochMilli(1_790_000_000_000L));
    }

    @Test
    void update_oldSystemItemWithExpectedVersionZero_storedAsVersionOneKeepingUnmanagedAttributes() {
        putOldSystemItem("legacy-1");
        Destination loaded = store.find("legacy-1").orElseThrow();
        Destination adopted = loaded.toBuilder().name("Restream").enabled(true).channelId("ch-studio").version(1)
                .updatedAt(UPDATED).build();

        store.update(adopted, 0);

        assertThat(store.find("legacy-1")).contains(adopted);
        Map<String, AttributeValue> item = rawItem("legacy-1");
        assertThat(item.get("notes").s()).isEqualTo("moved from the old encoder box");
        assertThat(item.get("version").n()).isEqualTo("1");
        assertThat(item.get("enabled").bool()).isTrue();
    }

    @Test
    void update_oldSystemItemAlreadyAdopted_expectedVersionZeroIsStale() {
        putOldSystemItem("legacy-1");
        Destination loaded = store.find("legacy-1").orElseThrow();
        store.update(loaded.toBuilder().version(1).build(), 0);

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> store.update(loaded.toBuilder().name("Late edit").version(1).build(), 0));

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
        assertThat(store.find("legacy-1").orElseThrow().name()).isEqualTo("Restream relay");
    }

    @Test
    void update_matchingVersion_replacesManagedFieldsAndVersion() {
        Destination d = fullDestination("d-1");
        store.create(d);
        Destination next = d.toBuilder().name("Renamed").platform(Platform.TWITCH).rtmpUrl("rtmp://live.twitch.tv/app")
                .desiredState(DesiredState.STOPPED).version(8).build();

        store.update(next, 7);

        assertThat(store.find("d-1")).contains(next);
    }

    @Test
    void update_producerEdit_leavesWorkflowStatusAsStored() {
        Destination d = fullDestination("d-1");
        store.create(d);
        Destination staleStatus = d.toBuilder().name("Renamed").streamingStatus(StreamingStatus.ERROR).lastError("old news")
                .streamingStartedAt(null).version(8).build();

        store.update(staleStatus, 7);

        Destination stored = store.find("d-1").orElseThrow();
        assertThat(stored.name()).isEqualTo("Renamed");
        assertThat(stored.streamingStatus()).isEqualTo(d.streamingStatus());
        assertThat(stored.lastError()).isEqualTo(d.lastError());
        assertThat(stored.streamingStartedAt()).isEqualTo(d.streamingStartedAt());
    }

    @Test
    void recordStatus_setsAndClearsWorkflowFields_withoutTouchingVersion() {
        Destination d = fullDestination("d-1");
        store.create(d);
        Instant started = Instant.parse("2026-11-24T20:00:00Z");

        store.recordStatus("d-1", StreamingStatus.STREAMING, started, null);

        Destination stored = store.find("d-1").orElseThrow();
        assertThat(stored.streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(stored.streamingStartedAt()).isEqualTo(started);
        assertThat(stored.version()).isEqualTo(d.version());
        assertThat(rawItem("d-1")).doesNotContainKey("last_error");

        store.recordStatus("d-1", StreamingStatus.ERROR, null, "YouTube refused the key");
        assertThat(rawItem("d-1")).doesNotContainKey("streaming_started_at");
        assertThat(store.find("d-1").orElseThrow().lastError()).isEqualTo("YouTube refused the key");
    }

    @Test
    void recordKeyDescription_onlyAtTheExpectedVersion_versionUntouched_missingItemNotCreated() {
        Destination d = fullDestination("d-1");
        store.create(d);

        assertThat(store.recordKeyDescription("d-1", "h1:00ff00ff00ff00ff", "••••9876", d.version() + 1)).isFalse();
        assertThat(store.find("d-1").orElseThrow().streamKeyHint()).isEqualTo(d.streamKeyHint());

        assertThat(store.recordKeyDescription("d-1", "h1:00ff00ff00ff00ff", "••••9876", d.version())).isTrue();
        Destination stored = store.find("d-1").orElseThrow();
        assertThat(stored.streamKeyFingerprint()).isEqualTo("h1:00ff00ff00ff00ff");
        assertThat(stored.streamKeyHint()).isEqualTo("••••9876");
        assertThat(stored.version()).isEqualTo(d.version());

        assertThat(store.recordKeyDescription("ghost", "h1:00ff00ff00ff00ff", "••••9876", 1)).isFalse();
        assertThat(rawItem("ghost")).isEmpty();
    }

    @Test
    void recordStatus_missingItem_notFoundAndNothingCreated() {
        assertThatThrownBy(() -> store.recordStatus("ghost", StreamingStatus.READY, null, null)).isInstanceOf(NotFoundException.class);
        assertThat(rawItem("ghost")).isEmpty();
    }

    @Test
    void update_staleVersion_conflictAndItemUnchanged() {
        Destination d = fullDestination("d-1");
        store.create(d);

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> store.update(d.toBuilder().name("Lost update").version(7).build(), 6));

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
        assertThat(e.getMessage()).contains("'d-1' was changed by someone else");
        assertThat(store.find("d-1")).contains(d);
    }

    @Test
    void update_missingItem_notFoundAndNothingCreated() {
        Destination ghost = fullDestination("ghost");

        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> store.update(ghost, 7));

        assertThat(e.getMessage()).startsWith("No destination with id 'ghost'.");
        assertThat(rawItem("ghost")).isEmpty();
    }

    @Test
    void update_missingItemExpectedVersionZero_notFoundAndNothingCreated() {
        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> store.update(fullDestination("ghost").toBuilder().version(1).build(), 0));

        assertThat(e).isNotNull();
        assertThat(rawItem("ghost")).isEmpty();
    }

    @Test
    void update_fieldsSetToNull_attributesRemoved() {
        Destination d = fullDestination("d-1");
        store.create(d);
        Destination cleared = d.toBuilder().streamKeyParam(null).streamKeyHint(null).presetId(null).version(8).build();

        store.update(cleared, 7);

        assertThat(rawItem("d-1")).doesNotContainKeys("stream_key_param", "stream_key_hint", "preset_id")
                .containsKeys("name", "channel_id", "version", "last_error");
        assertThat(store.find("d-1")).contains(cleared);
    }

    @Test
    void delete_matchingVersion_itemGone() {
        store.create(fullDestination("d-1"));

        store.delete("d-1", 7);

        assertThat(rawItem("d-1")).isEmpty();
    }

    @Test
    void delete_oldSystemItemWithExpectedVersionZero_itemGone() {
        putOldSystemItem("legacy-1");

        store.delete("legacy-1", 0);

        assertThat(store.find("legacy-1")).isEmpty();
    }

    @Test
    void delete_staleVersion_conflictAndItemKept() {
        store.create(fullDestination("d-1"));

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> store.delete("d-1", 6));

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
        assertThat(store.find("d-1")).isPresent();
    }

    @Test
    void delete_missingItem_notFound() {
        assertThat(catchThrowableOfType(NotFoundException.class, () -> store.delete("ghost", 3))).isNotNull();
    }

    @Test
    void list_newAndOldItems_allReturned() {
        store.create(fullDestination("d-1"));
        store.create(fullDestination("d-2"));
        putOldSystemItem("legacy-1");

        assertThat(store.list()).extracting(Destination::destinationId).containsExactlyInAnyOrder("d-1", "d-2", "legacy-1");
    }

    @Test
    void list_emptyTable_empty() {
        assertThat(store.list()).isEmpty();
    }

    @Test
    void recordHealth_roundTripsAlertsAndShowsOnTheDestination_versionUntouched() {
        store.create(fullDestination("d-1"));
        Instant at = Instant.parse("2026-11-24T21:05:00Z");
        DestinationHealth failing = new DestinationHealth(Health.FAILING, "YouTube refused the stream key.", at,
                java.util.List.of(new DestinationHealth.ActiveAlert("a1", "0", "Failed RTMP Connection", at)));

        assertThat(store.health("d-1")).isEqualTo(DestinationHealth.NONE);
        store.recordHealth("d-1", failing, null);

        assertThat(store.health("d-1")).isEqualTo(failing);
        Destination d = store.find("d-1").orElseThrow();
        assertThat(d.health()).isEqualTo("failing");
        assertThat(d.healthMessage()).isEqualTo("YouTube refused the stream key.");
        assertThat(d.version()).isEqualTo(7);
    }

    @Test
    void recordHealth_staleExpectedTime_conflict_andClearRemovesTheMessage() {
        store.create(fullDestination("d-1"));
        Instant t1 = Instant.parse("2026-11-24T21:05:00Z");
        store.recordHealth("d-1", new DestinationHealth(Health.FAILING, "m", t1, java.util.List.of(new DestinationHealth.ActiveAlert("a1", "0", "x", t1))), null);

        assertThatThrownBy(() -> store.recordHealth("d-1", new DestinationHealth(Health.OK, null, t1.plusSeconds(1), java.util.List.of()), null))
                .isInstanceOf(ConflictException.class);
        store.recordHealth("d-1", new DestinationHealth(Health.OK, null, t1.plusSeconds(1), java.util.List.of()), t1);

        assertThat(rawItem("d-1")).doesNotContainKey("health_message");
        assertThat(store.find("d-1").orElseThrow().health()).isEqualTo("ok");
    }

    @Test
    void update_producersEdit_leavesHealthAlone() {
        store.create(fullDestination("d-1"));
        Instant t1 = Instant.parse("2026-11-24T21:05:00Z");
        store.recordHealth("d-1", new DestinationHealth(Health.FAILING, "m", t1, java.util.List.of()), null);
        Destination d = store.find("d-1").orElseThrow();

        store.update(d.toBuilder().name("Renamed").health(null).healthMessage(null).version(8).build(), 7);

        assertThat(store.health("d-1").health()).isEqualTo(Health.FAILING);
        assertThat(store.find("d-1").orElseThrow().healthMessage()).isEqualTo("m");
    }

    @Test
    void recordHealth_deletedDestination_notFound() {
        assertThatThrownBy(() -> store.recordHealth("gone", new DestinationHealth(Health.OK, null, CREATED, java.util.List.of()), null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.health("gone")).isInstanceOf(NotFoundException.class);
    }
}
