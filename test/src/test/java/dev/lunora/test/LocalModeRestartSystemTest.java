package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.LocalMode;
import dev.lunora.local.LocalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data-dir} keeps destinations and their keys across restarts; without it nothing survives. */
class LocalModeRestartSystemTest {

    @TempDir
    Path dataDir;

    private static LocalOptions options(Path dataDir) {
        return TestLocalModes.options().dataDir(dataDir).build();
    }

    @Test
    void restart_withDataDir_keepsDestinationAndKey() throws Exception {
        String id;
        String param;
        try (LocalMode first = LocalMode.start(options(dataDir))) {
            LocalApi api = new LocalApi(first.webUrl());
            var created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Kept", "platform", "twitch", "stream_key", "live_1234567890abcdef")));
            assertThat(created.status()).isEqualTo(201);
            id = created.json().path("destination").path("destination_id").asText();
            param = created.json().path("destination").path("stream_key_param").asText();
        }
        Path parameters = dataDir.resolve("ssm-parameters.json");
        assertThat(Files.getPosixFilePermissions(parameters)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        try (LocalMode second = LocalMode.start(options(dataDir))) {
            LocalApi api = new LocalApi(second.webUrl());
            var d = api.get("/api/destinations/" + id);
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.json().path("destination").path("stream_key_hint").asText()).isEqualTo("••••cdef");
            assertThat(second.parameterStore().contains(param)).isTrue();
            assertThat(api.get("/api/destinations").json().path("count").asInt()).as("seeded once, not again").isEqualTo(4);
        }
    }

    @Test
    void restart_withDataDir_channelKeepsRunningAndClockContinues() throws Exception {
        String id;
        java.time.Instant lastSeen;
        Path fast = dataDir.resolve("fast");
        var options = TestLocalModes.options().dataDir(fast).timeScale(ReconcileWorld.TIME_SCALE).build();
        try (ReconcileWorld first = ReconcileWorld.start(options)) {
            id = first.create("Live through a crash", "twitch", null, "live_restart_key_4242");
            first.start(id);
            first.awaitRest();
            assertThat(first.channelState()).isEqualTo("RUNNING");
            // Run the fast clock well ahead of real time, as any session of a sped-up local mode does.
            Await.until("simulated time 2 h ahead", java.time.Duration.ofSeconds(60),
                    () -> first.local.clock().now().isAfter(java.time.Instant.now().plus(java.time.Duration.ofHours(2))));
            lastSeen = first.local.clock().now();
        }

        try (ReconcileWorld second = ReconcileWorld.start(options)) {
            // MediaLive kept going while the control plane was down: same state, same outputs, same key.
            assertThat(second.channelState()).isEqualTo("RUNNING");
            assertThat(second.rtmpOutputs()).containsOnlyKeys(id);
            assertThat(second.pushesKey(id, "live_restart_key_4242")).isTrue();
            assertThat(second.status(id)).isEqualTo("streaming");
            // Leases, sessions and histories were stamped on the old clock: the new one must not go back behind them.
            assertThat(second.local.clock().now()).isAfterOrEqualTo(lastSeen);
            second.stop(id);
            second.awaitRest();
            assertThat(second.channelState()).isEqualTo("IDLE");
            assertThat(second.closedSessions(id)).singleElement()
                    .as("the channel ran 2 simulated hours before the crash; a clock reset to real time would shrink it")
                    .satisfies(session -> assertThat(Long.parseLong(session.get("seconds").n())).isGreaterThanOrEqualTo(3600));
        }
    }

    @Test
    void restart_duringChannelStart_startCompletesAndTheNextClickRecoversFromTheLostRun() throws Exception {
        Path fast = dataDir.resolve("crash");
        var options = TestLocalModes.options().dataDir(fast).timeScale(120).build();
        String id;
        try (ReconcileWorld first = ReconcileWorld.start(options)) {
            id = first.create("Started, then crash", "youtube", null, "crash-key-7777-aaaa");
            first.start(id);
            // Crash while MediaLive is starting the channel (90 s simulated, 0.75 s real), with the run holding the lock.
            Await.until("channel STARTING", java.time.Duration.ofSeconds(30), () -> first.channelState().equals("STARTING"));
            assertThat(first.lockHeld()).isTrue();
        }

        try (ReconcileWorld second = ReconcileWorld.start(options)) {
            assertThat(second.executions()).as("executions in flight are lost with the control plane").isEmpty();
            Await.until("the start MediaLive had under way completes", java.time.Duration.ofSeconds(30),
                    () -> second.channelState().equals("RUNNING"));
            assertThat(second.lockHeld()).as("the dead run's lock is still there").isTrue();

            second.stop(id);

            // The stop's run waits out the dead owner's 20-minute lease (10 s real), then converges.
            Await.until("the stop converges", java.time.Duration.ofSeconds(90), () -> second.channelState().equals("IDLE")
                    && second.executions().stream().allMatch(e -> e.statusAsString().equals("SUCCEEDED")));
            assertThat(second.lockHeld()).isFalse();
            assertThat(second.destination(id).path("desired_state").asText()).isEqualTo("stopped");
            assertThat(second.status(id)).isEqualTo("ready");
        }
    }

    @Test
    void restart_inMemory_startsFreshFromSeed() throws Exception {
        try (LocalMode first = LocalMode.start(options(null))) {
            new LocalApi(first.webUrl()).post("/api/destinations", LocalApi.json(Map.of("name", "Gone", "platform", "hls")));
        }
        try (LocalMode second = LocalMode.start(options(null))) {
            assertThat(new LocalApi(second.webUrl()).get("/api/destinations").json().path("count").asInt()).isEqualTo(3);
        }
    }
}
