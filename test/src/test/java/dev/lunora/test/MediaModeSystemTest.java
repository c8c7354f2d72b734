package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.core.destination.StreamKeys;
import dev.lunora.local.LocalMode;
import dev.lunora.local.media.MediaMode;
import dev.lunora.relay.MediaTools;
import java.io.IOException;
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
 * Real media through the simulated channel: a generated test pattern with tone is pushed into the channel's RTMP
 * input, destinations started from the API point at the loopback test platform, and ffprobe, as a viewer of that
 * platform, must read video and audio from each destination that streams — and nothing from one that stopped. A
 * key the platform refuses surfaces on its destination through MediaLive's 6018 alert; stopping everything leaves
 * no ffmpeg behind. Skipped without nginx's RTMP module or ffmpeg, unless {@code LUNORA_REQUIRE_MEDIA=1} (CI).
 */
class MediaModeSystemTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String KEY_A = "show-a-key-1111";
    private static final String KEY_B = "show-b-key-2222";
    private static final String REFUSED_KEY = "wrong-key-3333";

    private static LocalMode local;
    private static MediaMode media;
    private static LocalApi api;
    private static ApiSteps steps;
    private static Process testSource;

    @BeforeAll
    static void startLocalModeWithMediaAndTheTestSource() throws Exception {
        Optional<String> missing = MediaTools.missing();
        if (missing.isPresent()) {
            String message = "MediaModeSystemTest skipped: " + missing.get();
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        local = LocalMode.start(TestLocalModes.options().timeScale(30).media(0).build());
        media = local.media().orElseThrow();
        api = new LocalApi(local.webUrl());
        steps = new ApiSteps(api, PATIENCE);
        // What local/test-source.sh does, as OBS would: a test pattern with a 1 kHz tone into the channel's input.
        testSource = new ProcessBuilder(media.tools().ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-c:a", "aac",
                "-f", "flv", media.inputUrl(LocalMode.CHANNEL_ID))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @AfterAll
    static void stopEverything() {
        if (testSource != null) {
            testSource.destroyForcibly();
        }
        if (local != null) {
            local.close();
            for (String body : api.bodies()) {
                assertThat(List.of(KEY_A, KEY_B, REFUSED_KEY).stream().anyMatch(body::contains))
                        .as("a response body contained a stream key").isFalse();
            }
        }
    }

    @Test
    void thePageIsToldWhereToPush() {
        JsonNode config = api.get("/config.json").json();
        assertThat(config.path("input").path("url").asText()).isEqualTo(media.inputUrl(LocalMode.CHANNEL_ID))
                .startsWith("rtmp://127.0.0.1:" + media.rtmpPort() + "/live/");
        assertThat(config.path("auth").path("required").asBoolean(true)).as("the file's own members are kept").isFalse();
        assertThat(local.mediaLive().describeInput("7107272").path("destinations").get(0).path("url").asText())
                .as("DescribeInput names the port media mode listens on").isEqualTo(media.inputUrl(LocalMode.CHANNEL_ID));
    }

    @Test
    void twoDestinationsReceiveVideoAndAudio_stoppedOneStops_refusedKeySurfaces_slateOnInputLoss_stopAllLeavesNoRelay() throws Exception {
        String a = steps.createCustom("Studio A", media.ingestUrl(), KEY_A);
        String b = steps.createCustom("Studio B", media.ingestUrl(), KEY_B);
        steps.start(a);
        steps.start(b);
        steps.awaitStatus(a, "streaming");
        steps.awaitStatus(b, "streaming");

        assertThat(probe(KEY_A)).as("destination A receives").contains("codec_type=video", "codec_name=h264", "codec_type=audio", "codec_name=aac");
        assertThat(probe(KEY_B)).as("destination B receives").contains("codec_type=video", "codec_type=audio");
        assertThat(probe(KEY_B)).as("the input's test pattern, not the slate").contains("width=640", "height=360");

        // Stop A: the channel restarts without it; B is back after the restart, A receives nothing any more.
        long startsBefore = local.mediaLive().callCount(dev.lunora.local.medialive.Operation.StartChannel);
        steps.stop(a);
        steps.awaitStatus(a, "ready");
        Await.until("the channel restarted without A", PATIENCE, () -> local.mediaLive().callCount(
                dev.lunora.local.medialive.Operation.StartChannel) > startsBefore && steps.channelState().equals("RUNNING"));
        assertThat(probe(KEY_B)).as("B keeps receiving after the restart").contains("codec_type=video", "codec_type=audio");
        assertThat(probeOnce(KEY_A, Duration.ofSeconds(6))).as("A receives nothing").doesNotContain("codec_type=video");

        // A key the platform refuses: its destination shows why, B still receives.
        String refused = steps.createCustom("Revoked key", media.ingestUrl(), REFUSED_KEY);
        steps.start(refused);
        JsonNode failing = steps.awaitDestination(refused, d -> d.path("health").asText().equals("failing"), "refused key shows as failing");
        assertThat(failing.path("health_message").asText()).as("a producer-readable reason")
                .containsIgnoringCase("refused").containsIgnoringCase("stream key");
        assertThat(probe(KEY_B)).as("B still receives beside the refused one").contains("codec_type=video", "codec_type=audio");

        // The input is lost (OBS closed): the channel goes on with a slate, as MediaLive does, and B still receives.
        testSource.destroy();
        testSource.waitFor(5, TimeUnit.SECONDS);
        Await.until("B receives the 1280x720 slate", PATIENCE, () -> {
            try {
                return probeOnce(KEY_B, Duration.ofSeconds(8)).contains("width=1280");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });

        // Stop all: the channel goes idle and no relay or program process is left.
        steps.stop(b);
        steps.stop(refused);
        Await.until("channel idle", PATIENCE, () -> steps.channelState().equals("IDLE"), steps::channelState);
        Await.until("no ffmpeg left but the test source", Duration.ofSeconds(10), () -> relaysLeft().isEmpty(),
                () -> relaysLeft().toString());
        assertThat(media.mediaProcesses()).isEmpty();
    }

    private static List<Long> relaysLeft() {
        return MediaMode.ffmpegChildren().stream().map(ProcessHandle::pid).filter(pid -> pid != testSource.pid()).toList();
    }

    /** ffprobe as a viewer of the test platform, retried until it reads the stream or the patience runs out. */
    private static String probe(String key) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = probeOnce(key, Duration.ofSeconds(8));
            if (last.contains("codec_type=video") && last.contains("codec_type=audio")) {
                return last;
            }
        }
        return last;
    }

    private static String probeOnce(String key, Duration timeout) throws IOException, InterruptedException {
        java.nio.file.Path out = java.nio.file.Files.createTempFile("ffprobe-", ".txt");
        try {
            Process p = new ProcessBuilder(media.tools().ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_type,codec_name,width,height", "-of", "compact", media.ingestUrl() + "/" + key)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
            return java.nio.file.Files.readString(out, StandardCharsets.UTF_8).replace(key, StreamKeys.hint(key));
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }
}
