package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.core.destination.StreamKeys;
import dev.lunora.local.LocalMode;
import dev.lunora.local.media.MediaMode;
import dev.lunora.local.medialive.Operation;
import dev.lunora.relay.MediaTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "done when", with real nginx and ffmpeg: a test source feeds the simulated channel, which in relay mode
 * pushes its program to the relay; the relay's ffmpeg pushes reach the loopback test platform, where ffmpeg receivers
 * watch. A is received without a drop (its media time keeps pace with the wall clock) while B is started, and B is
 * received within 5 s of its click; the channel starts once and never stops for them; a refused key fails C alone; a
 * killed relay comes back with A and B; the last Stop leaves the channel idle and no ffmpeg behind. Skipped without
 * the media tools unless {@code LUNORA_REQUIRE_MEDIA=1} (CI).
 */
class RelayMediaSystemTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String KEY_A = "relay-a-key-1111";
    private static final String KEY_B = "relay-b-key-2222";
    private static final String REFUSED_KEY = "wrong-relay-key-3333";

    private static LocalMode local;
    private static MediaMode media;
    private static LocalApi api;
    private static ApiSteps steps;
    private static Process testSource;
    private static final List<Receiver> receivers = new ArrayList<>();

    /** An ffmpeg viewer of one destination on the test platform, reporting how much media it has read, when. */
    private static final class Receiver implements AutoCloseable {
        final Process process;
        final long startedNanos = System.nanoTime();
        volatile long firstMediaNanos;
        /** {wall nanos since start, media microseconds} samples. */
        final List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());

        Receiver(String key) throws IOException {
            process = new ProcessBuilder(media.tools().ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-rw_timeout", "30000000", "-i", media.ingestUrl() + "/" + key, "-f", "null", "-", "-progress", "pipe:1")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(this::read, "receiver-" + StreamKeys.hint(key));
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
                        long media = Long.parseLong(line.substring("out_time_us=".length()).trim());
                        if (media > 0) {
                            if (firstMediaNanos == 0) {
                                firstMediaNanos = System.nanoTime();
                            }
                            samples.add(new long[] {System.nanoTime() - startedNanos, media});
                        }
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // The receiver ended; what it read stays in the samples.
            }
        }

        /** The largest amount by which the wall clock ran ahead of the media read, after the first sample. */
        double worstLagSeconds() {
            List<long[]> copy;
            synchronized (samples) {
                copy = new ArrayList<>(samples);
            }
            if (copy.size() < 2) {
                return Double.POSITIVE_INFINITY;
            }
            long[] first = copy.get(0);
            double worst = 0;
            for (long[] s : copy) {
                double wall = (s[0] - first[0]) / 1e9;
                double mediaSeconds = (s[1] - first[1]) / 1e6;
                worst = Math.max(worst, wall - mediaSeconds);
            }
            return worst;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeAll
    static void startLocalModeInRelayModeWithMedia() throws Exception {
        Optional<String> missing = MediaTools.missing();
        if (missing.isPresent()) {
            String message = "RelayMediaSystemTest skipped: " + missing.get();
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        local = LocalMode.start(TestLocalModes.options().timeScale(30).media(0).delivery("relay").build());
        media = local.media().orElseThrow();
        api = new LocalApi(local.webUrl());
        steps = new ApiSteps(api, PATIENCE);
        testSource = new ProcessBuilder(media.tools().ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-c:a", "aac",
                "-f", "flv", media.inputUrl(LocalMode.CHANNEL_ID))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (Receiver r : receivers) {
            r.close();
        }
        if (testSource != null) {
            testSource.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (local != null) {
            local.close();
            assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("nginx")).toList())
                    .as("no nginx left behind (the relay's ingest, media mode's server)").isEmpty();
            for (String body : api.bodies()) {
                assertThat(List.of(KEY_A, KEY_B, REFUSED_KEY).stream().anyMatch(body::contains))
                        .as("a response body contained a stream key").isFalse();
            }
        }
    }

    @Test
    void bJoinsWhileAStreams_withoutADrop_refusedKeyFailsAlone_killedRelayResumes_lastStopLeavesNothing() throws Exception {
        String a = steps.createCustom("Relay A", media.ingestUrl(), KEY_A);
        String b = steps.createCustom("Relay B", media.ingestUrl(), KEY_B);
        String c = steps.createCustom("Relay C", media.ingestUrl(), REFUSED_KEY);

        steps.start(a);
        steps.awaitStatus(a, "streaming");
        Receiver receiverA = receive(KEY_A);
        Await.until("A's receiver reads media", PATIENCE, () -> receiverA.samples.size() > 5);
        Thread.sleep(2_000);

        long clickB = System.nanoTime();
        Receiver receiverB = receive(KEY_B);
        steps.start(b);
        Await.until("B's receiver reads media", Duration.ofSeconds(20), () -> receiverB.firstMediaNanos != 0);
        double bAfterClick = (receiverB.firstMediaNanos - clickB) / 1e9;
        assertThat(bAfterClick).as("B is received within 5 s of its click").isLessThan(5.0);
        steps.awaitStatus(b, "streaming");
        Thread.sleep(3_000);

        assertThat(receiverA.process.isAlive()).as("A's receiver never dropped").isTrue();
        assertThat(receiverA.worstLagSeconds()).as("A's media time keeps pace with the wall clock").isLessThan(2.0);
        assertThat(local.mediaLive().callCount(Operation.StartChannel)).isEqualTo(1);
        assertThat(local.mediaLive().callCount(Operation.StopChannel)).isZero();
        // Figures for BENCHMARKS.md's relay rows (one run; real media, loopback, shared 2-core machine).
        System.out.printf("relay-measure: B first media %.2f s after its click; A worst lag behind the wall clock %.2f s;"
                + " StartChannel %d, StopChannel %d, UpdateChannel %d%n", bAfterClick, receiverA.worstLagSeconds(),
                local.mediaLive().callCount(Operation.StartChannel), local.mediaLive().callCount(Operation.StopChannel),
                local.mediaLive().callCount(Operation.UpdateChannel));

        steps.stop(a);
        steps.awaitStatus(a, "ready");
        Thread.sleep(2_000);
        assertThat(receiverB.process.isAlive()).as("stopping A leaves B streaming").isTrue();
        assertThat(receiverB.worstLagSeconds()).isLessThan(2.0);

        steps.start(c);
        JsonNode refused = steps.awaitDestination(c, d -> d.path("streaming_status").asText().equals("error"), "C fails");
        assertThat(refused.path("last_error").asText()).contains("the platform refused the stream key");
        assertThat(receiverB.process.isAlive()).as("a refused key fails C alone").isTrue();

        steps.start(a);
        steps.awaitStatus(a, "streaming");
        local.relayService().killTask();
        Receiver resumedA = receive(KEY_A);
        Receiver resumedB = receive(KEY_B);
        Await.until("A and B received again from the replacement relay", PATIENCE,
                () -> resumedA.samples.size() > 5 && resumedB.samples.size() > 5);
        assertThat(local.mediaLive().callCount(Operation.StopChannel)).as("the channel never stopped for it").isZero();

        steps.stop(a);
        steps.stop(b);
        Await.until("channel idle", PATIENCE, () -> steps.channelState().equals("IDLE"), steps::channelState);
        Await.until("relay at zero", PATIENCE, () -> local.relayService().runningCount() == 0);
        for (Receiver r : receivers) {
            r.close();
        }
        Await.until("no ffmpeg left but the test source", Duration.ofSeconds(15), () -> ffmpegLeft().isEmpty(),
                () -> ffmpegLeft().toString());
    }

    private static Receiver receive(String key) throws IOException {
        Receiver r = new Receiver(key);
        receivers.add(r);
        return r;
    }

    private static List<Long> ffmpegLeft() {
        List<Long> ours = receivers.stream().map(r -> r.process.pid()).toList();
        return MediaMode.ffmpegChildren().stream().map(ProcessHandle::pid)
                .filter(pid -> pid != testSource.pid() && !ours.contains(pid)).toList();
    }
}
