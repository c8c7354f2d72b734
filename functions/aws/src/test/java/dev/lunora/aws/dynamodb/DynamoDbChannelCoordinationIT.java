package dev.lunora.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** The lease lock's compare-and-release as DynamoDB evaluates it (DynamoDB Local in process). */
class DynamoDbChannelCoordinationIT {

    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(20);
    private static AmazonDynamoDBLocal dynamoDbLocal;
    private static DynamoDbClient client;
    private static int channels;

    @BeforeAll
    static void start() {
        dynamoDbLocal = DynamoDBEmbedded.create(true);
        client = dynamoDbLocal.dynamoDbClient();
        client.createTable(r -> r.tableName("lunora-channels")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("channel_id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("channel_id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void stop() {
        dynamoDbLocal.shutdown();
    }

    private final DynamoDbChannelCoordination coordination = new DynamoDbChannelCoordination(client, "lunora-channels");
    private final String channel = "ch-" + ++channels;

    @Test
    void inputSignal_lostKeepsTheFirstLoss_clearedRemovesIt_andTheLockIsUntouched() {
        assertThat(coordination.inputSignalLostAt(channel)).isEmpty();
        assertThat(coordination.tryAcquire(channel, "run-a", NOW, LEASE)).isTrue();

        coordination.recordInputSignalLost(channel, NOW);
        coordination.recordInputSignalLost(channel, NOW.plusSeconds(5));
        assertThat(coordination.inputSignalLostAt(channel)).as("since the first alert").contains(NOW);

        coordination.clearInputSignalLost(channel);
        assertThat(coordination.inputSignalLostAt(channel)).isEmpty();
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).isEqualTo("run-a");
    }

    @Test
    void release_noClickSincePlanning_frees() {
        long seen = coordination.bumpGeneration(channel).generation();
        assertThat(coordination.tryAcquire(channel, "run-a", NOW, LEASE)).isTrue();

        assertThat(coordination.releaseUnlessNewerRequests(channel, "run-a", seen)).isTrue();
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).isNull();
    }

    @Test
    void release_clickArrivedSincePlanning_keepsTheLock_soTheHolderPlansAgain() {
        long seen = coordination.bumpGeneration(channel).generation();
        assertThat(coordination.tryAcquire(channel, "run-a", NOW, LEASE)).isTrue();
        coordination.bumpGeneration(channel);
        assertThat(coordination.tryAcquire(channel, "run-b", NOW, LEASE)).as("B finds A live and hands over").isFalse();

        assertThat(coordination.releaseUnlessNewerRequests(channel, "run-a", seen)).isFalse();
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).isEqualTo("run-a");
        assertThat(coordination.releaseUnlessNewerRequests(channel, "run-a", seen + 1)).as("after planning for B's click").isTrue();
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).isNull();
    }

    @Test
    void release_lockTakenOverAfterExpiry_isNotOursToRelease() {
        long seen = coordination.bumpGeneration(channel).generation();
        assertThat(coordination.tryAcquire(channel, "run-a", NOW, LEASE)).isTrue();
        coordination.bumpGeneration(channel);
        assertThat(coordination.tryAcquire(channel, "run-b", NOW.plus(LEASE).plusSeconds(1), LEASE)).as("A's lease ran out").isTrue();

        assertThat(coordination.releaseUnlessNewerRequests(channel, "run-a", seen)).as("nothing of A's left: A may end").isTrue();
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).isEqualTo("run-b");
    }

    @Test
    void release_itemThatNeverCountedAClick_freesAtGenerationZero() {
        assertThat(coordination.tryAcquire(channel, "run-a", NOW, LEASE)).isTrue();
        assertThat(coordination.releaseUnlessNewerRequests(channel, "run-a", 0)).isTrue();
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).isNull();
    }

    @Test
    void settings_neverSet_areNullAndNotAmongTheManagedFlags() {
        coordination.bumpGeneration(channel);

        assertThat(coordination.settings(channel)).isEqualTo(new dev.lunora.core.ports.ChannelCoordination.ChannelSettings(null, null));
        assertThat(coordination.managedFlags()).doesNotContainKey(channel);
    }

    @Test
    void settings_managedAndDisplayName_readBackBesideTheLockAndListedAsManaged() {
        assertThat(coordination.tryAcquire(channel, "run-a", NOW, LEASE)).isTrue();

        coordination.setManaged(channel, true);
        coordination.setDisplayName(channel, "SRT studio");
        coordination.setDeliveryMode(channel, dev.lunora.core.channel.DeliveryMode.RELAY);

        assertThat(coordination.settings(channel)).isEqualTo(new dev.lunora.core.ports.ChannelCoordination.ChannelSettings(true, "SRT studio"));
        assertThat(coordination.managedFlags()).containsEntry(channel, true);
        assertThat(coordination.status(channel).orElseThrow().lockOwner()).as("settings leave the lock alone").isEqualTo("run-a");
        assertThat(coordination.deliveryMode(channel)).isEqualTo(dev.lunora.core.channel.DeliveryMode.RELAY);

        coordination.setManaged(channel, false);
        coordination.setDisplayName(channel, null);
        assertThat(coordination.settings(channel)).isEqualTo(new dev.lunora.core.ports.ChannelCoordination.ChannelSettings(false, null));
        assertThat(coordination.managedFlags()).containsEntry(channel, false);
    }
}
