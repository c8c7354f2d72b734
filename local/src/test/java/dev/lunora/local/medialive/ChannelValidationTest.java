package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.BadRequestException;
import software.amazon.awssdk.services.medialive.model.CreateChannelRequest;
import software.amazon.awssdk.services.medialive.model.EncoderSettings;
import software.amazon.awssdk.services.medialive.model.MediaPackageOutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.UnprocessableEntityException;
import software.amazon.awssdk.services.medialive.model.ValidationError;
import software.amazon.awssdk.services.medialive.model.VideoDescription;

/** What CreateChannel and UpdateChannel refuse, and how: 422 with element paths, or 400 for destination kinds. */
class ChannelValidationTest {

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<ValidationError> createRefused(UnaryOperator<CreateChannelRequest.Builder> change) {
        CreateChannelRequest request = change.apply(TestChannels.rtmpChannel("bad", "rtmp://a.example/live")).build();
        try {
            client.createChannel(request);
        } catch (UnprocessableEntityException e) {
            assertThat(e.statusCode()).isEqualTo(422);
            assertThat(client.listChannels(b -> { }).channels()).hasSize(3);
            return e.validationErrors();
        }
        throw new AssertionError("CreateChannel was accepted");
    }

    @Test
    void createChannel_outputReferencesUndefinedDestination_refusedWithPath() {
        List<ValidationError> errors = createRefused(b -> b.destinations(TestChannels.rtmpDestination("other",
                "rtmp://a.example/live")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.elementPath()).isEqualTo("encoderSettings.outputGroups[0].outputs[0].outputSettings"
                    + ".rtmpOutputSettings.destination.destinationRefId");
            assertThat(e.errorMessage()).isEqualTo("Object references undefined destination \"dest1\"");
        });
    }

    @Test
    void createChannel_httpUrlForRtmpOutput_refused() {
        List<ValidationError> errors = createRefused(b -> b.destinations(TestChannels.rtmpDestination("dest1",
                "http://a.example/live")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.elementPath()).isEqualTo("destinations[0].settings[0].url");
            assertThat(e.errorMessage()).contains("rtmp://", "rtmps://");
        });
    }

    @Test
    void createChannel_rtmpUrlWithoutHost_refused() {
        List<ValidationError> errors = createRefused(b -> b.destinations(TestChannels.rtmpDestination("dest1",
                "rtmp:///live")));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("destinations[0].settings[0].url");
    }

    @Test
    void createChannel_rtmpsUrl_accepted() {
        var created = client.createChannel(TestChannels.rtmpChannel("ok", "rtmps://a.rtmps.youtube.com:443/live2").build());

        assertThat(created.channel().id()).isNotBlank();
    }

    @Test
    void createChannel_twoSettingsOnSinglePipeline_refused() {
        List<ValidationError> errors = createRefused(b -> b.destinations(TestChannels.rtmpDestination("dest1",
                "rtmp://a.example/live", "rtmp://b.example/live")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.elementPath()).isEqualTo("destinations[0].settings");
            assertThat(e.errorMessage()).contains("has 2 settings", "1 pipeline");
        });
    }

    @Test
    void createChannel_oneSettingOnStandard_refused() {
        List<ValidationError> errors = createRefused(b -> b.channelClass("STANDARD"));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("destinations[0].settings");
    }

    @Test
    void createChannel_duplicateDestinationIds_refused() {
        OutputDestination d = TestChannels.rtmpDestination("dest1", "rtmp://a.example/live");
        List<ValidationError> errors = createRefused(b -> b.destinations(d, d));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("destinations[1].id");
    }

    @Test
    void createChannel_duplicateOutputNames_refused() {
        Output out = TestChannels.rtmpOutput("same", "dest1");
        List<ValidationError> errors = createRefused(b -> b.encoderSettings(TestChannels.encoder(
                TestChannels.rtmpGroup("rtmp", out, out))));

        assertThat(errors).extracting(ValidationError::elementPath)
                .containsExactly("encoderSettings.outputGroups[0].outputs[1].outputName");
    }

    @Test
    void createChannel_duplicateOutputGroupNames_refused() {
        List<ValidationError> errors = createRefused(b -> b.encoderSettings(TestChannels.encoder(
                TestChannels.rtmpGroup("rtmp", TestChannels.rtmpOutput("a", "dest1")),
                TestChannels.rtmpGroup("rtmp", TestChannels.rtmpOutput("b", "dest1")))));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("encoderSettings.outputGroups[1].name");
    }

    @Test
    void createChannel_duplicateVideoDescriptionNames_refused() {
        EncoderSettings base = TestChannels.encoder(TestChannels.rtmpGroup("rtmp", TestChannels.rtmpOutput("a", "dest1")));
        VideoDescription video = base.videoDescriptions().get(0);
        List<ValidationError> errors = createRefused(b -> b.encoderSettings(base.toBuilder()
                .videoDescriptions(video, video).build()));

        assertThat(errors).extracting(ValidationError::elementPath)
                .containsExactly("encoderSettings.videoDescriptions[1].name");
    }

    @Test
    void createChannel_undefinedVideoAndAudioDescriptions_refusedWithBothPaths() {
        Output out = TestChannels.rtmpOutput("a", "dest1").toBuilder().videoDescriptionName("video_4k")
                .audioDescriptionNames("audio_1", "audio_dolby").build();
        List<ValidationError> errors = createRefused(b -> b.encoderSettings(TestChannels.encoder(
                TestChannels.rtmpGroup("rtmp", out))));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly(
                "encoderSettings.outputGroups[0].outputs[0].videoDescriptionName",
                "encoderSettings.outputGroups[0].outputs[0].audioDescriptionNames[1]");
        assertThat(errors.get(0).errorMessage()).contains("video_4k");
    }

    @Test
    void createChannel_missingTimecodeConfig_refused() {
        List<ValidationError> errors = createRefused(b -> b.encoderSettings(TestChannels.encoder(
                TestChannels.rtmpGroup("rtmp", TestChannels.rtmpOutput("a", "dest1"))).toBuilder()
                .timecodeConfig((software.amazon.awssdk.services.medialive.model.TimecodeConfig) null).build()));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("encoderSettings.timecodeConfig");
    }

    @Test
    void createChannel_unknownInput_refused() {
        List<ValidationError> errors = createRefused(b -> b.inputAttachments(a -> a.inputId("404").inputAttachmentName("x")));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("inputAttachments[0].inputId");
    }

    @Test
    void createChannel_unknownChannelClass_refused() {
        List<ValidationError> errors = createRefused(b -> b.channelClass("DOUBLE_PIPELINE"));

        assertThat(errors).extracting(ValidationError::elementPath).contains("channelClass");
    }

    @Test
    void createChannel_destinationWithoutId_refused() {
        List<ValidationError> errors = createRefused(b -> b.destinations(
                TestChannels.rtmpDestination("dest1", "rtmp://a.example/live"),
                TestChannels.rtmpDestination("", "rtmp://b.example/live")));

        assertThat(errors).extracting(ValidationError::elementPath).containsExactly("destinations[1].id");
    }

    @Test
    void createChannel_severalProblems_reportsThemAll() {
        List<ValidationError> errors = createRefused(b -> b.destinations(TestChannels.rtmpDestination("dest1",
                "ftp://a.example/live")).inputAttachments(a -> a.inputId("404")));

        assertThat(errors).hasSize(2);
    }

    @Test
    void createChannel_unprocessable_messageNamesTheFirstProblem() {
        assertThatThrownBy(() -> client.createChannel(TestChannels.rtmpChannel("bad", "rtmp://a.example/live")
                .destinations(TestChannels.rtmpDestination("zzz", "rtmp://a.example/live")).build()))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("Object references undefined destination \"dest1\"");
    }

    @Test
    void createChannel_destinationWithSettingsAndMediaPackage_throwsBadRequest() {
        OutputDestination both = TestChannels.rtmpDestination("dest1", "rtmp://a.example/live").toBuilder()
                .mediaPackageSettings(MediaPackageOutputDestinationSettings.builder().channelId("mp").build())
                .build();

        assertThatThrownBy(() -> client.createChannel(TestChannels.rtmpChannel("bad", "rtmp://a.example/live")
                .destinations(both).build()))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> {
                    BadRequestException bad = (BadRequestException) e;
                    assertThat(bad.statusCode()).isEqualTo(400);
                    assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("Exactly one of settings,"
                            + " MediaPackage settings, or Multiplex settings is required for destination dest1.");
                });
    }

    @Test
    void createChannel_destinationWithNoSettings_throwsBadRequest() {
        assertThatThrownBy(() -> client.createChannel(TestChannels.rtmpChannel("bad", "rtmp://a.example/live")
                .destinations(OutputDestination.builder().id("dest1").build()).build()))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void updateChannel_echoedEmptyMediaPackageSettings_accepted() {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        var request = TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build();
        // Rebuilt from a describe response, the RTMP destination carries "mediaPackageSettings": [].
        var echoed = request.toBuilder().destinations(request.destinations().stream()
                .map(d -> d.settings().isEmpty() ? d : d.toBuilder().mediaPackageSettings(List.of()).build())
                .toList()).build();

        assertThat(client.updateChannel(echoed).channel().destinations()).hasSize(2);
    }

    @Test
    void updateChannel_invalidConfiguration_refusedAndChannelUnchanged() {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));

        assertThatThrownBy(() -> client.updateChannel(
                TestChannels.withRtmpOutput(described, "yt", "https://a.rtmp.youtube.com/live2").build()))
                .isInstanceOf(UnprocessableEntityException.class)
                .satisfies(e -> assertThat(((UnprocessableEntityException) e).validationErrors())
                        .extracting(ValidationError::elementPath)
                        .containsExactly("destinations[1].settings[0].url"));
        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).destinations()).hasSize(1);
    }

    @Test
    void updateChannel_removingADestinationStillReferenced_refused() {
        assertThatThrownBy(() -> client.updateChannel(b -> b.channelId(PROD_CHANNEL).roleArn(TestChannels.ROLE)
                .destinations(List.of())))
                .isInstanceOf(UnprocessableEntityException.class)
                .satisfies(e -> assertThat(((UnprocessableEntityException) e).validationErrors())
                        .extracting(ValidationError::elementPath)
                        .containsExactly("encoderSettings.outputGroups[0].outputGroupSettings"
                                + ".mediaPackageGroupSettings.destination.destinationRefId"));
    }
}
