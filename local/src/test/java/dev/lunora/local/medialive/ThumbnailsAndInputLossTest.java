package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.BadRequestException;
import software.amazon.awssdk.services.medialive.model.ChannelAlert;
import software.amazon.awssdk.services.medialive.model.ChannelAlertState;
import software.amazon.awssdk.services.medialive.model.DescribeThumbnailsResponse;
import software.amazon.awssdk.services.medialive.model.Thumbnail;
import software.amazon.awssdk.services.medialive.model.ThumbnailState;
import software.amazon.awssdk.services.medialive.model.ThumbnailType;

/**
 * DescribeThumbnails through the unmodified SDK (only with the channel's thumbnailConfiguration AUTO, only while it
 * runs) and the input-loss alerts raised and cleared by the fault injection, as events and in ListAlerts.
 */
class ThumbnailsAndInputLossTest {

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;
    private final MediaLiveSimulator simulator = fixture.simulator;

    @AfterEach
    void close() {
        fixture.close();
    }

    private void thumbnails(ThumbnailState state) {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        var update = TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build();
        client.updateChannel(update.toBuilder().encoderSettings(update.encoderSettings().toBuilder()
                .thumbnailConfiguration(t -> t.state(state)).build()).build());
    }

    private void run() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().startDuration());
    }

    private DescribeThumbnailsResponse describeThumbnails() {
        return client.describeThumbnails(b -> b.channelId(PROD_CHANNEL).pipelineId("0").thumbnailType("CURRENT_ACTIVE"));
    }

    @Test
    void runningChannelWithThumbnailsAuto_servesTheTestCardAsABase64Jpeg() throws IOException {
        thumbnails(ThumbnailState.AUTO);
        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).encoderSettings().thumbnailConfiguration().state())
                .as("UpdateChannel keeps thumbnailConfiguration, a member of AWS's EncoderSettings").isEqualTo(ThumbnailState.AUTO);
        run();

        DescribeThumbnailsResponse response = describeThumbnails();

        assertThat(response.thumbnailDetails()).hasSize(1);
        assertThat(response.thumbnailDetails().get(0).pipelineId()).isEqualTo("0");
        Thumbnail thumbnail = response.thumbnailDetails().get(0).thumbnails().get(0);
        assertThat(thumbnail.contentType()).isEqualTo("image/jpeg");
        assertThat(thumbnail.thumbnailType()).isEqualTo(ThumbnailType.CURRENT_ACTIVE);
        assertThat(thumbnail.timeStamp()).isEqualTo(fixture.clock.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        byte[] jpeg = java.util.Base64.getDecoder().decode(thumbnail.body());
        assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(Thumbnails.CARD_WIDTH);
        assertThat(image.getHeight()).isEqualTo(Thumbnails.CARD_HEIGHT);
    }

    @Test
    void thumbnailsComeFromTheFrameSourceWhenItHasOne_andAreCachedForAFewSeconds() {
        byte[] frame = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        int[] grabs = {0};
        simulator.thumbnailFrames(channelId -> {
            grabs[0]++;
            return Optional.of(frame);
        });
        thumbnails(ThumbnailState.AUTO);
        run();

        String body = describeThumbnails().thumbnailDetails().get(0).thumbnails().get(0).body();
        describeThumbnails();
        assertThat(java.util.Base64.getDecoder().decode(body)).isEqualTo(frame);
        assertThat(grabs[0]).as("a second call within the refresh time reuses the picture").isEqualTo(1);
        fixture.advance(Duration.ofSeconds(3));
        describeThumbnails();
        assertThat(grabs[0]).isEqualTo(2);
    }

    @Test
    void thumbnailsDisabled_answersAnEmptyListAsTheUserGuideShows() {
        thumbnails(ThumbnailState.DISABLED);
        run();
        assertThat(describeThumbnails().thumbnailDetails()).isEmpty();
    }

    @Test
    void idleChannel_isABadRequest() {
        thumbnails(ThumbnailState.AUTO);
        assertThatThrownBy(this::describeThumbnails).isInstanceOf(BadRequestException.class).hasMessageContaining("not running");
    }

    @Test
    void inputLossWhileRunning_raisesTheRtmpAlertAsAnEventAndInListAlerts_andResumingClearsIt() throws Exception {
        run();
        fixture.events.clear();

        HttpResponse<String> lost = admin("/_simulator/channels/" + PROD_CHANNEL + "/input-loss");
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);

        List<ChannelAlert> set = client.listAlerts(b -> b.channelId(PROD_CHANNEL).stateFilter("SET")).alerts();
        assertThat(set).hasSize(1);
        assertThat(set.get(0).alertType()).isEqualTo("RTMP Has No Audio/Video");
        assertThat(set.get(0).pipelineId()).isEqualTo("0");
        List<Map<String, Object>> events = fixture.events("MediaLive Channel Alert");
        assertThat(events).hasSize(1);
        assertThat(SimulatorFixture.detail(events.get(0))).containsEntry("alarm_state", "SET")
                .containsEntry("alert_type", "RTMP Has No Audio/Video").containsEntry("pipeline", "0");

        assertThat(admin("/_simulator/channels/" + PROD_CHANNEL + "/input-resumed").statusCode()).isEqualTo(200);

        assertThat(client.listAlerts(b -> b.channelId(PROD_CHANNEL).stateFilter("SET")).alerts()).isEmpty();
        List<ChannelAlert> all = client.listAlerts(b -> b.channelId(PROD_CHANNEL).stateFilter("ALL")).alerts();
        assertThat(all).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(ChannelAlertState.CLEARED));
        events = fixture.events("MediaLive Channel Alert");
        assertThat(events).hasSize(2);
        assertThat(SimulatorFixture.detail(events.get(1))).containsEntry("alarm_state", "CLEARED")
                .containsEntry("alarm_id", SimulatorFixture.detail(events.get(0)).get("alarm_id"));
    }

    @Test
    void inputLostBeforeTheStart_raisesOnceRunning_andAnSrtInputRaisesVideoNotDetected() {
        simulator.inputLoss(SimulatorFixture.SRT_CHANNEL);
        assertThat(simulator.alerts(SimulatorFixture.SRT_CHANNEL)).as("an idle channel raises nothing").isEmpty();

        client.startChannel(b -> b.channelId(SimulatorFixture.SRT_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().startDuration());

        assertThat(simulator.alerts(SimulatorFixture.SRT_CHANNEL)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.alertType()).isEqualTo("Video Not Detected"));
        simulator.inputResumed(SimulatorFixture.SRT_CHANNEL);
        assertThat(simulator.alerts(SimulatorFixture.SRT_CHANNEL)).allSatisfy(a -> assertThat(a.state()).isEqualTo("CLEARED"));
    }

    @Test
    void inputLossForAnUnknownChannel_isNotFound() throws Exception {
        assertThat(admin("/_simulator/channels/999/input-loss").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> admin(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fixture.endpoint + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
