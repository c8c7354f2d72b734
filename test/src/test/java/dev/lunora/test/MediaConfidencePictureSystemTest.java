package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.local.LocalMode;
import dev.lunora.local.media.MediaMode;
import dev.lunora.relay.MediaTools;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 with real media: the thumbnail of a running channel is a real frame of its program (the 640x360 test
 * pattern pushed into its input, not the simulator's 480x270 test card), stopping the encoder's push marks the channel
 * "no signal" within 10 s through nginx's on_publish_done and MediaLive's input-loss alert, and pushing again clears
 * it. Skipped without nginx's RTMP module or ffmpeg, unless {@code LUNORA_REQUIRE_MEDIA=1} (CI).
 */
class MediaConfidencePictureSystemTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The bound from the push stopping (or resuming) to the page saying so. */
    private static final Duration SIGNAL_BOUND = Duration.ofSeconds(10);
    private static final String KEY = "picture-key-5555";

    private static LocalMode local;
    private static MediaMode media;
    private static LocalApi api;
    private static ApiSteps steps;
    private static Process testSource;

    @BeforeAll
    static void startLocalModeWithMedia() throws Exception {
        Optional<String> missing = MediaTools.missing();
        if (missing.isPresent()) {
            String message = "MediaConfidencePictureSystemTest skipped: " + missing.get();
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        local = LocalMode.start(TestLocalModes.options().timeScale(30).media(0).build());
        media = local.media().orElseThrow();
        api = new LocalApi(local.webUrl());
        steps = new ApiSteps(api, PATIENCE);
        testSource = push();
    }

    /** What local/test-source.sh does, as OBS would: a 640x360 test pattern with a tone into the channel's input. */
    private static Process push() throws IOException {
        return new ProcessBuilder(media.tools().ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-c:a", "aac",
                "-f", "flv", media.inputUrl(LocalMode.CHANNEL_ID))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void stopPush() throws InterruptedException {
        testSource.destroy();
        if (!testSource.waitFor(5, TimeUnit.SECONDS)) {
            testSource.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (testSource != null) {
            stopPush();
        }
        if (local != null) {
            local.close();
            assertThat(api.bodies().stream().anyMatch(b -> b.contains(KEY))).as("a response body contained the stream key").isFalse();
        }
    }

    private static String signal() {
        return api.get("/api/channel").json().path("channel").path("signal").path("state").asText();
    }

    @Test
    void thumbnailIsARealFrameOfTheProgram_stoppingThePushIsNoSignalWithin10s_pushingAgainClearsIt() throws Exception {
        String studio = steps.createCustom("Studio", media.ingestUrl(), KEY);
        steps.start(studio);
        steps.awaitStatus(studio, "streaming");
        Await.until("signal ok while the test source pushes", PATIENCE, () -> signal().equals("ok"), MediaConfidencePictureSystemTest::signal);

        AtomicReference<BufferedImage> frame = new AtomicReference<>();
        Await.until("a thumbnail of the pushed 640x360 pattern", PATIENCE, () -> {
            HttpResponse<byte[]> r = api.getBytes("/api/channels/" + LocalMode.CHANNEL_ID + "/thumbnail");
            if (r.statusCode() != 200 || r.body().length < 2 || r.body()[0] != (byte) 0xFF || r.body()[1] != (byte) 0xD8) {
                return false;
            }
            try {
                frame.set(ImageIO.read(new ByteArrayInputStream(r.body())));
            } catch (IOException e) {
                return false;
            }
            return frame.get() != null && frame.get().getWidth() == 640;
        }, () -> frame.get() == null ? "no picture" : frame.get().getWidth() + "x" + frame.get().getHeight());
        assertThat(frame.get().getHeight()).as("the input's size: a real frame, not the 480x270 test card").isEqualTo(360);

        stopPush();
        Await.until("no signal after the push stopped", SIGNAL_BOUND, () -> signal().equals("no_signal"), MediaConfidencePictureSystemTest::signal);

        testSource = push();
        Await.until("signal back after pushing again", SIGNAL_BOUND, () -> signal().equals("ok"), MediaConfidencePictureSystemTest::signal);

        steps.stop(studio);
        Await.until("channel idle", PATIENCE, () -> steps.channelState().equals("IDLE"), steps::channelState);
        Await.until("no ffmpeg left but the test source", Duration.ofSeconds(10), () -> leftOver().isEmpty(), () -> leftOver().toString());
        assertThat(signal()).isEqualTo("unknown");
    }

    private static List<Long> leftOver() {
        return MediaMode.ffmpegChildren().stream().map(ProcessHandle::pid).filter(pid -> pid != testSource.pid()).toList();
    }
}
