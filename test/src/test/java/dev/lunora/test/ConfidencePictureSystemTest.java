package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.LocalMode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's confidence picture and input health in local mode, without media: a running channel's thumbnail endpoint
 * answers a JPEG (Lunora turned thumbnails on in the update that added the output), an idle one 404 with the reason;
 * the simulator's input loss shows on {@code /api/channel} as no signal within 10 s (the bound) through
 * MediaLive's alert event, and resuming clears it.
 */
class ConfidencePictureSystemTest {

    private static final String KEY = "yt-picture-key-0001";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The "within 10 s" from the encoder stopping to the page saying so. */
    private static final Duration SIGNAL_BOUND = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalMode local;
    private static LocalApi api;
    private static ApiSteps steps;

    @BeforeAll
    static void startLocalMode() throws Exception {
        local = LocalMode.start(TestLocalModes.options().timeScale(30).build());
        api = new LocalApi(local.webUrl());
        steps = new ApiSteps(api, PATIENCE);
    }

    @AfterAll
    static void stop() {
        local.close();
        assertThat(api.bodies().stream().anyMatch(b -> b.contains(KEY))).as("a response body contained the stream key").isFalse();
    }

    private static JsonNode channel() {
        return api.get("/api/channel").json().path("channel");
    }

    private static String thumbnailPath() {
        return "/api/channels/" + LocalMode.CHANNEL_ID + "/thumbnail";
    }

    @Test
    void runningChannel_showsItsPictureAndItsSignal_inputLossShowsWithin10sAndClears_idleHasNoPicture() throws Exception {
        HttpResponse<byte[]> idle = api.getBytes(thumbnailPath());
        assertThat(idle.statusCode()).isEqualTo(404);
        JsonNode refusal = JSON.readTree(idle.body());
        assertThat(refusal.path("error").asText()).isEqualTo("no_thumbnail");
        assertThat(refusal.path("message").asText()).isEqualTo("Channel " + LocalMode.CHANNEL_ID + " is IDLE: thumbnails exist only while it runs.");
        assertThat(channel().path("signal").path("state").asText()).isEqualTo("unknown");

        String youtube = steps.createCustom("Picture check", "rtmp://a.rtmp.youtube.com/live2", KEY);
        steps.start(youtube);
        steps.awaitStatus(youtube, "streaming");

        JsonNode running = channel();
        assertThat(running.path("thumbnails").asBoolean()).as("Lunora turned thumbnails on with the outputs").isTrue();
        assertThat(running.path("signal").path("state").asText()).isEqualTo("ok");
        assertThat(running.path("signal").path("since").isNull()).isTrue();

        HttpResponse<byte[]> picture = api.getBytes(thumbnailPath());
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(picture.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(picture.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.body()));
        assertThat(image).as("the bytes decode as an image").isNotNull();
        assertThat(image.getWidth()).isPositive();

        // The encoder stops: MediaLive's input-loss alert reaches the channel item and the page's API.
        local.mediaLive().inputLoss(LocalMode.CHANNEL_ID);
        Await.until("no signal shown", SIGNAL_BOUND, () -> channel().path("signal").path("state").asText().equals("no_signal"),
                () -> channel().path("signal").toString());
        JsonNode lost = channel().path("signal");
        assertThat(lost.path("since").asText()).isNotEmpty();
        assertThat(lost.path("message").asText()).startsWith("No signal from the encoder since");
        assertThat(api.get("/api/destinations/" + youtube).json().path("destination").path("health").asText("ok"))
                .as("input loss is the channel's, not the destination's").isEqualTo("ok");

        local.mediaLive().inputResumed(LocalMode.CHANNEL_ID);
        Await.until("signal back", SIGNAL_BOUND, () -> channel().path("signal").path("state").asText().equals("ok"),
                () -> channel().path("signal").toString());

        steps.stop(youtube);
        Await.until("channel idle", PATIENCE, () -> steps.channelState().equals("IDLE"), steps::channelState);
        assertThat(api.getBytes(thumbnailPath()).statusCode()).as("no picture once idle").isEqualTo(404);
    }

    @Test
    void thumbnailOfAnUnknownChannel_isNotFound_andOnlyGetIsAllowed() {
        HttpResponse<byte[]> unknown = api.getBytes("/api/channels/999999/thumbnail");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new String(unknown.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("not_found");
        assertThat(api.post(thumbnailPath(), null).status()).isEqualTo(405);
    }
}
