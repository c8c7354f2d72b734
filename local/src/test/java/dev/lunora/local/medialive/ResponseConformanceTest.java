package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.AacSettings;
import software.amazon.awssdk.services.medialive.model.AudioCodecSettings;
import software.amazon.awssdk.services.medialive.model.AudioDescription;
import software.amazon.awssdk.services.medialive.model.AudioSelector;
import software.amazon.awssdk.services.medialive.model.CaptionDescription;
import software.amazon.awssdk.services.medialive.model.CaptionDestinationSettings;
import software.amazon.awssdk.services.medialive.model.CaptionSelector;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.CreateChannelRequest;
import software.amazon.awssdk.services.medialive.model.EmbeddedDestinationSettings;
import software.amazon.awssdk.services.medialive.model.EncoderSettings;
import software.amazon.awssdk.services.medialive.model.HlsGroupSettings;
import software.amazon.awssdk.services.medialive.model.HlsOutputSettings;
import software.amazon.awssdk.services.medialive.model.HlsSettings;
import software.amazon.awssdk.services.medialive.model.InputAttachment;
import software.amazon.awssdk.services.medialive.model.InputDestinationRequest;
import software.amazon.awssdk.services.medialive.model.InputSettings;
import software.amazon.awssdk.services.medialive.model.InputSpecification;
import software.amazon.awssdk.services.medialive.model.M3u8Settings;
import software.amazon.awssdk.services.medialive.model.MaintenanceCreateSettings;
import software.amazon.awssdk.services.medialive.model.MaintenanceUpdateSettings;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.OutputLocationRef;
import software.amazon.awssdk.services.medialive.model.OutputSettings;
import software.amazon.awssdk.services.medialive.model.StandardHlsSettings;
import software.amazon.awssdk.services.medialive.model.UpdateChannelRequest;
import software.amazon.awssdk.services.medialive.model.VideoDescription;

/**
 * Every operation the simulator serves, driven through the unmodified SDK with a richly configured STANDARD
 * channel (HLS and RTMP groups, captions, three audio descriptions, maintenance window) and a SINGLE_PIPELINE
 * one, alerts and paging; every raw response body is checked against the operation's output shape in AWS's
 * model (model-rules.json from botocore's data/medialive/2017-10-14/service-2.json.gz): no violation and no
 * member the model does not have.
 */
class ResponseConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record RawResponse(Operation operation, int status, String body) {
    }

    /** Copies each response body as it arrives, before the SDK parses it. */
    private static final class RawBodies implements ExecutionInterceptor {
        final List<RawResponse> responses = new CopyOnWriteArrayList<>();

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            byte[] body = context.responseBody().map(in -> {
                try (in) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElse(new byte[0]);
            responses.add(new RawResponse(Operation.parse(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)),
                    context.httpResponse().statusCode(), new String(body, StandardCharsets.UTF_8)));
            return Optional.of(new ByteArrayInputStream(body));
        }
    }

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final RawBodies raw = new RawBodies();
    private final MediaLiveClient client = MediaLiveClient.builder()
            .endpointOverride(fixture.endpoint)
            .region(Region.US_WEST_2)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(raw))
            .build();

    @AfterEach
    void close() {
        client.close();
        fixture.close();
    }

    @Test
    void everyServedOperation_answersBodiesThatMatchItsOutputShapeInTheModel() throws IOException {
        var input = client.createInput(b -> b.name("conformance-input").type("RTMP_PUSH")
                .destinations(InputDestinationRequest.builder().streamName("live/a").build(),
                        InputDestinationRequest.builder().streamName("live/b").build())).input();
        client.describeInput(b -> b.inputId(input.id()));
        var firstInputs = client.listInputs(b -> b.maxResults(1));
        client.listInputs(b -> b.maxResults(1).nextToken(firstInputs.nextToken()));

        String standard = client.createChannel(richStandardChannel(input.id())).channel().id();
        String single = client.createChannel(TestChannels.rtmpChannel("conformance-single",
                "rtmp://a.rtmp.youtube.com/live2").build()).channel().id();
        client.describeChannel(b -> b.channelId(standard));
        fixture.advance(SimulatorOptions.defaults().createDuration());
        var described = client.describeChannel(b -> b.channelId(standard));
        client.describeChannel(b -> b.channelId(single));
        var firstChannels = client.listChannels(b -> b.maxResults(2));
        client.listChannels(b -> b.maxResults(2).nextToken(firstChannels.nextToken()));

        client.updateChannel(fullUpdate(described));
        client.updateChannel(b -> b.channelId(single).name("conformance-single-renamed").roleArn(TestChannels.ROLE)
                .dryRun(true));

        fixture.simulator.failIngestForUrlPrefix("rtmp://");
        client.startChannel(b -> b.channelId(standard));
        client.startChannel(b -> b.channelId(single));
        fixture.advance(SimulatorOptions.defaults().startDuration());
        assertThat(client.describeChannel(b -> b.channelId(standard)).state()).isEqualTo(ChannelState.RUNNING);
        var firstAlerts = client.listAlerts(b -> b.channelId(standard).maxResults(1).stateFilter("SET"));
        assertThat(firstAlerts.nextToken()).as("two pipelines, two alerts: a second page").isNotNull();
        client.listAlerts(b -> b.channelId(standard).maxResults(1).stateFilter("SET").nextToken(firstAlerts.nextToken()));
        assertThat(client.describeThumbnails(b -> b.channelId(standard).pipelineId("1").thumbnailType("CURRENT_ACTIVE"))
                .thumbnailDetails()).as("thumbnails on: pipeline 1's picture").hasSize(1);
        fixture.simulator.clearIngestRules();
        client.listAlerts(b -> b.channelId(single).stateFilter("ALL"));

        client.stopChannel(b -> b.channelId(standard));
        client.stopChannel(b -> b.channelId(single));
        fixture.advance(SimulatorOptions.defaults().stopDuration());
        client.listAlerts(b -> b.channelId(standard).stateFilter("CLEARED"));
        client.deleteChannel(b -> b.channelId(single));
        fixture.advance(SimulatorOptions.defaults().deleteDuration());
        assertThat(client.describeChannel(b -> b.channelId(single)).state()).isEqualTo(ChannelState.DELETED);

        Set<Operation> seen = EnumSet.noneOf(Operation.class);
        List<String> problems = new ArrayList<>();
        for (RawResponse response : raw.responses) {
            assertThat(response.status()).as(response.operation() + " status").isBetween(200, 299);
            seen.add(response.operation());
            var report = ModelValidator.bundled().checkResponse(response.operation(), JSON.readTree(response.body()));
            report.violations().forEach(v -> problems.add(response.operation() + " " + v.elementPath() + ": "
                    + v.errorMessage()));
            report.unknownMembers().forEach(u -> problems.add(response.operation() + " " + u));
        }
        assertThat(seen).as("every operation the simulator serves was exercised")
                .containsExactlyInAnyOrder(Operation.values());
        assertThat(problems).as("response bodies against the model's output shapes").isEmpty();
        assertThat(fixture.simulator.modelWarnings()).as("the SDK-built requests use model members only").isEmpty();
    }

    @Test
    void seededChannelsAndInputs_describeAsTheModelSays() throws IOException {
        for (String channel : List.of(SimulatorFixture.OBS_CHANNEL, SimulatorFixture.SRT_CHANNEL,
                SimulatorFixture.PROD_CHANNEL)) {
            client.describeChannel(b -> b.channelId(channel));
        }
        for (String input : List.of(SimulatorFixture.OBS_INPUT, SimulatorFixture.SRT_INPUT, SimulatorFixture.RTMP_INPUT)) {
            client.describeInput(b -> b.inputId(input));
        }
        client.listChannels(b -> { });
        client.listInputs(b -> { });

        for (RawResponse response : raw.responses) {
            var report = ModelValidator.bundled().checkResponse(response.operation(), JSON.readTree(response.body()));
            assertThat(report.violations()).as(response.operation() + " violations").isEmpty();
            assertThat(report.unknownMembers()).as(response.operation() + " unknown members").isEmpty();
        }
    }

    /** Two pipelines: every destination carries two settings. */
    private static CreateChannelRequest richStandardChannel(String inputId) {
        return CreateChannelRequest.builder()
                .name("conformance-standard")
                .channelClass(ChannelClass.STANDARD)
                .roleArn(TestChannels.ROLE)
                .logLevel("WARNING")
                .tags(java.util.Map.of("project", "lunora", "suite", "conformance"))
                .maintenance(MaintenanceCreateSettings.builder().maintenanceDay("TUESDAY").maintenanceStartTime("03:00").build())
                .inputSpecification(InputSpecification.builder().codec("AVC").maximumBitrate("MAX_10_MBPS").resolution("HD").build())
                .inputAttachments(InputAttachment.builder().inputAttachmentName("main").inputId(inputId)
                        .inputSettings(InputSettings.builder()
                                .audioSelectors(AudioSelector.builder().name("default").build(),
                                        AudioSelector.builder().name("commentary").build())
                                .captionSelectors(CaptionSelector.builder().name("cc").build())
                                .build())
                        .build())
                .destinations(
                        OutputDestination.builder().id("hls").settings(
                                OutputDestinationSettings.builder().url("https://origin.example.com/a/index").build(),
                                OutputDestinationSettings.builder().url("https://origin.example.com/b/index").build()).build(),
                        TestChannels.rtmpDestination("yt", "rtmp://a.rtmp.youtube.com/live2",
                                "rtmp://b.rtmp.youtube.com/live2?backup=1"))
                .encoderSettings(richEncoder())
                .build();
    }

    private static EncoderSettings richEncoder() {
        AudioCodecSettings aac = AudioCodecSettings.builder().aacSettings(AacSettings.builder().bitrate(128000.0)
                .codingMode("CODING_MODE_2_0").sampleRate(48000.0).build()).build();
        Output hlsOutput = Output.builder().outputName("hls-720p").videoDescriptionName("video_1")
                .audioDescriptionNames("audio_1", "audio_2").captionDescriptionNames("captions")
                .outputSettings(OutputSettings.builder().hlsOutputSettings(HlsOutputSettings.builder().nameModifier("_720p")
                        .hlsSettings(HlsSettings.builder().standardHlsSettings(StandardHlsSettings.builder()
                                .m3u8Settings(M3u8Settings.builder().build()).build()).build()).build()).build())
                .build();
        OutputGroup hls = OutputGroup.builder().name("hls")
                .outputGroupSettings(s -> s.hlsGroupSettings(HlsGroupSettings.builder()
                        .destination(OutputLocationRef.builder().destinationRefId("hls").build())
                        .segmentLength(6).keepSegments(21).build()))
                .outputs(hlsOutput).build();
        Output rtmpOutput = TestChannels.rtmpOutput("yt", "yt").toBuilder().audioDescriptionNames("audio_3")
                .captionDescriptionNames("captions").build();
        return EncoderSettings.builder()
                .timecodeConfig(t -> t.source("SYSTEMCLOCK"))
                .videoDescriptions(VideoDescription.builder().name("video_1").width(1280).height(720).build())
                .audioDescriptions(
                        AudioDescription.builder().name("audio_1").audioSelectorName("default").codecSettings(aac).build(),
                        AudioDescription.builder().name("audio_2").audioSelectorName("commentary").languageCode("eng")
                                .codecSettings(aac).build(),
                        AudioDescription.builder().name("audio_3").audioSelectorName("default").build())
                .captionDescriptions(CaptionDescription.builder().name("captions").captionSelectorName("cc")
                        .destinationSettings(CaptionDestinationSettings.builder()
                                .embeddedDestinationSettings(EmbeddedDestinationSettings.builder().build()).build())
                        .build())
                .outputGroups(hls, TestChannels.rtmpGroup("rtmp", rtmpOutput))
                .build();
    }

    /** Everything DescribeChannel returned, sent back as UpdateChannel members, as the reconcile does. */
    private static UpdateChannelRequest fullUpdate(software.amazon.awssdk.services.medialive.model.DescribeChannelResponse d) {
        return UpdateChannelRequest.builder()
                .channelId(d.id())
                .name(d.name() + "-updated")
                .roleArn(d.roleArn())
                .logLevel(d.logLevel())
                .inputAttachments(d.inputAttachments())
                .inputSpecification(d.inputSpecification())
                .destinations(d.destinations())
                .encoderSettings(d.encoderSettings().toBuilder()
                        .thumbnailConfiguration(t -> t.state(software.amazon.awssdk.services.medialive.model.ThumbnailState.AUTO)).build())
                .maintenance(MaintenanceUpdateSettings.builder().maintenanceDay(d.maintenance().maintenanceDay())
                        .maintenanceStartTime(d.maintenance().maintenanceStartTime()).build())
                .build();
    }
}
