package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.Destination;
import dev.lunora.local.medialive.Operation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "done when", with the dry process runner (no media tools needed): in relay mode a destination change never
 * updates, stops or starts the MediaLive channel; a refused key fails that destination alone; a killed relay task is
 * replaced and resumes every destination; the last Stop leaves the channel idle and the relay at zero tasks.
 */
class RelayModeSystemTest {

    private static final String PLATFORM = "rtmp://127.0.0.1:1935/ingest";
    private static ReconcileWorld world;

    @BeforeAll
    static void startLocalModeInRelayMode() throws Exception {
        world = ReconcileWorld.start(TestLocalModes.options().timeScale(60).delivery("relay").build());
    }

    @AfterAll
    static void stopLocalMode() {
        if (world != null) {
            world.closeAfterCheckingEveryRun();
        }
    }

    @Test
    void destinationsComeAndGoWhileLive_theChannelStartsOnceAndIsNeverStoppedOrUpdatedForThem() {
        world.reset();
        String a = world.create("Relay A", "custom", PLATFORM, "relay-a-key-0001");
        String b = world.create("Relay B", "custom", PLATFORM, "relay-b-key-0002");
        String c = world.create("Relay C", "custom", PLATFORM, "wrong-key-relay-c-0003");

        world.start(a);
        world.awaitRest();
        assertThat(world.status(a)).isEqualTo("streaming");
        assertThat(world.channelState()).isEqualTo("RUNNING");
        assertThat(world.local.relayService().runningCount()).isEqualTo(1);
        assertThat(world.rtmpOutputs()).as("the channel's one output goes to the relay").containsOnlyKeys("relay");
        long updatesForTheRelayOutput = world.succeeded(Operation.UpdateChannel);

        Instant clickB = Instant.now();
        world.start(b);
        ReconcileWorld.await("B streaming", () -> world.status(b).equals("streaming"));
        assertThat(Duration.between(clickB, Instant.now())).as("B goes live within 5 s of its click").isLessThan(Duration.ofSeconds(5));
        assertThat(delivery(b).status().state()).isEqualTo(DeliveryState.LIVE);

        world.stop(a);
        world.awaitRest();
        assertThat(world.status(a)).isEqualTo("ready");
        assertThat(world.status(b)).isEqualTo("streaming");

        world.start(c);
        world.awaitRest();
        var refused = world.destination(c);
        assertThat(refused.path("streaming_status").asText()).isEqualTo("error");
        assertThat(refused.path("last_error").asText()).contains("'Relay C'", "the platform refused the stream key");
        assertThat(world.status(b)).as("a refused key fails C alone").isEqualTo("streaming");

        assertThat(world.succeeded(Operation.StartChannel)).isEqualTo(1);
        assertThat(world.succeeded(Operation.StopChannel)).isZero();
        assertThat(world.succeeded(Operation.UpdateChannel)).as("no update for any destination change").isEqualTo(updatesForTheRelayOutput);

        Instant killed = world.local.clock().now();
        world.local.relayService().killTask();
        ReconcileWorld.await("a replacement relay task reports B live again", () -> {
            DeliveryReport report = delivery(b);
            return world.local.relayService().runningCount() == 1 && report != null && report.at() != null
                    && report.at().isAfter(killed) && report.status().state() == DeliveryState.LIVE;
        });
        assertThat(world.status(b)).isEqualTo("streaming");

        world.stop(b);
        world.awaitRest();
        assertThat(world.channelState()).isEqualTo("IDLE");
        ReconcileWorld.await("relay scaled to zero", () -> world.local.relayService().runningCount() == 0);
        assertThat(world.local.relayService().desiredCount()).isZero();
        assertThat(world.succeeded(Operation.StopChannel)).isEqualTo(1);
    }

    /**
     * An address refused at save time can still reach the store (an item written before the policy, or a name that now
     * resolves inside): the relay checks again before it connects, and the destination fails with the reason.
     */
    @Test
    void privateTargetInTheStore_relayRefusesToConnect_destinationFailsWithTheReason() {
        world.reset();
        String ok = world.create("Relay OK", "custom", PLATFORM, "relay-ok-key-0004");
        String inside = world.create("Relay Inside", "custom", PLATFORM, "relay-inside-key-0005");
        var store = world.local.wiring().destinationStore();
        Destination saved = store.find(inside).orElseThrow();
        store.update(saved.toBuilder().rtmpUrl("rtmp://169.254.169.254:1935/latest").version(saved.version() + 1).build(), saved.version());

        world.start(ok);
        world.start(inside);
        world.awaitRest();

        assertThat(world.status(ok)).isEqualTo("streaming");
        var refused = world.destination(inside);
        assertThat(refused.path("streaming_status").asText()).isEqualTo("error");
        assertThat(refused.path("last_error").asText()).contains("'Relay Inside'", "points inside a private network");
        assertThat(world.status(ok)).as("a refused address fails that destination alone").isEqualTo("streaming");

        world.stop(ok);
        world.stop(inside);
        world.awaitRest();
    }

    private static DeliveryReport delivery(String id) {
        return world.local.wiring().destinationStore().find(id).map(Destination::delivery).orElse(null);
    }
}
