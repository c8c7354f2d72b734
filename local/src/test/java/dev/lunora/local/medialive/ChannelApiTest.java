package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.OBS_CHANNEL;
import static dev.lunora.local.medialive.SimulatorFixture.OBS_INPUT;
import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static dev.lunora.local.medialive.SimulatorFixture.RTMP_INPUT;
import static dev.lunora.local.medialive.SimulatorFixture.SRT_CHANNEL;
import static dev.lunora.local.medialive.SimulatorFixture.SRT_INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.ChannelSummary;
import software.amazon.awssdk.services.medialive.model.CreateChannelResponse;
import software.amazon.awssdk.services.medialive.model.CreateInputResponse;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.DescribeInputResponse;
import software.amazon.awssdk.services.medialive.model.InputClass;
import software.amazon.awssdk.services.medialive.model.InputDestinationRequest;
import software.amazon.awssdk.services.medialive.model.InputState;
import software.amazon.awssdk.services.medialive.model.InputType;
import software.amazon.awssdk.services.medialive.model.ListChannelsResponse;
import software.amazon.awssdk.services.medialive.model.ListInputsResponse;
import software.amazon.awssdk.services.medialive.model.NotFoundException;
import software.amazon.awssdk.services.medialive.model.BadRequestException;
import software.amazon.awssdk.services.medialive.model.UpdateChannelResponse;

/** Every channel and input operation through the unmodified SDK client: paths, wrapping, member names. */
class ChannelApiTest {

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void describeChannel_seededChannel_returnsItsConfigurationIdle() {
        DescribeChannelResponse channel = client.describeChannel(b -> b.channelId(OBS_CHANNEL));

        assertThat(channel.id()).isEqualTo(OBS_CHANNEL);
        assertThat(channel.name()).isEqualTo("lunora-player-prod-obs-rtmp-channel");
        assertThat(channel.arn()).isEqualTo("arn:aws:medialive:us-west-2:000000000000:channel:3714710");
        assertThat(channel.state()).isEqualTo(ChannelState.IDLE);
        assertThat(channel.channelClass()).isEqualTo(ChannelClass.SINGLE_PIPELINE);
        assertThat(channel.roleArn()).isEqualTo(TestChannels.ROLE);
        assertThat(channel.pipelinesRunningCount()).isZero();
        assertThat(channel.inputAttachments()).singleElement()
                .satisfies(a -> assertThat(a.inputId()).isEqualTo(OBS_INPUT));
        assertThat(channel.destinations()).singleElement().satisfies(d -> {
            assertThat(d.mediaPackageSettings()).singleElement()
                    .satisfies(m -> assertThat(m.channelId()).isEqualTo("lunora-player-prod-hls"));
            assertThat(d.settings()).isEmpty();
        });
        assertThat(channel.encoderSettings().videoDescriptions().get(0).codecSettings().h264Settings().bitrate())
                .isEqualTo(4_500_000);
        assertThat(channel.encoderSettings().audioDescriptions().get(0).codecSettings().aacSettings().sampleRate())
                .isEqualTo(48000.0);
        assertThat(channel.encoderSettings().timecodeConfig().sourceAsString()).isEqualTo("SYSTEMCLOCK");
        assertThat(channel.encoderSettings().outputGroups()).singleElement().satisfies(g ->
                assertThat(g.outputGroupSettings().mediaPackageGroupSettings().destination().destinationRefId())
                        .isEqualTo("mediapackage"));
    }

    @Test
    void describeChannel_seededSrtChannel_hasNoOutputGroups() {
        DescribeChannelResponse channel = client.describeChannel(b -> b.channelId(SRT_CHANNEL));

        assertThat(channel.name()).isEqualTo("lunora-prod-srt-channel");
        assertThat(channel.inputAttachments().get(0).inputId()).isEqualTo(SRT_INPUT);
        assertThat(channel.encoderSettings().outputGroups()).isEmpty();
    }

    @Test
    void describeChannel_unknownId_throwsNotFound() {
        assertThatThrownBy(() -> client.describeChannel(b -> b.channelId("999")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).statusCode()).isEqualTo(404))
                .hasMessageContaining("Channel 999 does not exist");
    }

    @Test
    void describeChannel_anyResponse_carriesRequestId() {
        var response = client.describeChannel(b -> b.channelId(PROD_CHANNEL));

        assertThat(response.responseMetadata().requestId()).isNotBlank().isNotEqualTo("UNKNOWN");
    }

    @Test
    void listChannels_noPaging_returnsTheThreeSeededChannelsWithoutEncoderSettings() {
        ListChannelsResponse response = client.listChannels(b -> { });

        assertThat(response.channels()).extracting(ChannelSummary::id)
                .containsExactly(OBS_CHANNEL, SRT_CHANNEL, PROD_CHANNEL);
        assertThat(response.channels()).allSatisfy(c -> assertThat(c.stateAsString()).isEqualTo("IDLE"));
        assertThat(response.nextToken()).isNull();
    }

    @Test
    void listChannels_maxResultsTwo_pagesWithNextToken() {
        ListChannelsResponse first = client.listChannels(b -> b.maxResults(2));
        ListChannelsResponse second = client.listChannels(b -> b.maxResults(2).nextToken(first.nextToken()));

        assertThat(first.channels()).extracting(ChannelSummary::id).containsExactly(OBS_CHANNEL, SRT_CHANNEL);
        assertThat(first.nextToken()).isNotNull();
        assertThat(second.channels()).extracting(ChannelSummary::id).containsExactly(PROD_CHANNEL);
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void listChannels_paginator_walksAllPages() {
        List<String> ids = new ArrayList<>();
        client.listChannelsPaginator(b -> b.maxResults(1)).channels().forEach(c -> ids.add(c.id()));

        assertThat(ids).containsExactly(OBS_CHANNEL, SRT_CHANNEL, PROD_CHANNEL);
    }

    @Test
    void listChannels_badNextToken_throwsBadRequest() {
        assertThatThrownBy(() -> client.listChannels(b -> b.nextToken("garbage")))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void listChannels_maxResultsOutOfRange_throwsBadRequest() {
        assertThatThrownBy(() -> client.listChannels(b -> b.maxResults(0)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("maxResults");
    }

    @Test
    void createChannel_validRtmpChannel_isCreatingThenIdleWithWrappedResponse() {
        CreateChannelResponse created = client.createChannel(TestChannels.rtmpChannel("new", "rtmp://ingest.example/live").build());

        assertThat(created.channel().id()).matches("\\d{7}");
        assertThat(created.channel().state()).isEqualTo(ChannelState.CREATING);
        assertThat(created.channel().arn()).endsWith(":channel:" + created.channel().id());
        assertThat(created.channel().destinations().get(0).settings().get(0).url()).isEqualTo("rtmp://ingest.example/live");

        fixture.advance(Duration.ofSeconds(5));

        assertThat(client.describeChannel(b -> b.channelId(created.channel().id())).state())
                .isEqualTo(ChannelState.IDLE);
        assertThat(fixture.events(EventPublisher.STATE_CHANGE)).singleElement()
                .satisfies(e -> assertThat(SimulatorFixture.detail(e)).containsEntry("state", "CREATED"));
    }

    @Test
    void createChannel_sameRequestIdTwice_createsOneChannel() {
        var request = TestChannels.rtmpChannel("idem", "rtmp://ingest.example/live").requestId("req-1").build();

        String first = client.createChannel(request).channel().id();
        String second = client.createChannel(request).channel().id();

        assertThat(second).isEqualTo(first);
        assertThat(client.listChannels(b -> { }).channels()).hasSize(4);
    }

    @Test
    void createChannel_noChannelClass_defaultsToStandard() {
        var request = TestChannels.rtmpChannel("std", "rtmp://a.example/live").channelClass((String) null)
                .destinations(TestChannels.rtmpDestination("dest1", "rtmp://a.example/live", "rtmp://b.example/live"))
                .build();

        var channel = client.createChannel(request).channel();

        assertThat(channel.channelClass()).isEqualTo(ChannelClass.STANDARD);
        assertThat(channel.egressEndpoints()).hasSize(2);
    }

    @Test
    void updateChannel_idleChannel_replacesConfigurationAndWrapsResponse() {
        DescribeChannelResponse before = client.describeChannel(b -> b.channelId(PROD_CHANNEL));

        UpdateChannelResponse updated = client.updateChannel(
                TestChannels.withRtmpOutput(before, "youtube", "rtmp://a.rtmp.youtube.com/live2").build());

        assertThat(updated.channel().id()).isEqualTo(PROD_CHANNEL);
        assertThat(updated.channel().destinations()).extracting(d -> d.id()).containsExactly("mediapackage", "youtube");
        DescribeChannelResponse after = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        assertThat(after.encoderSettings().outputGroups()).hasSize(2);
        assertThat(after.roleArn()).isEqualTo(TestChannels.ROLE);
    }

    @Test
    void updateChannel_withoutRoleArn_removesTheRole() {
        client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("renamed"));

        DescribeChannelResponse after = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        assertThat(after.name()).isEqualTo("renamed");
        assertThat(after.roleArn()).isNull();
        assertThat(after.encoderSettings().outputGroups()).hasSize(1);
    }

    @Test
    void updateChannel_dryRun_validatesWithoutChanging() {
        client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("preview").roleArn(TestChannels.ROLE).dryRun(true));

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).name()).isEqualTo("lunora-prod-channel");
    }

    @Test
    void updateChannel_unknownChannel_throwsNotFound() {
        assertThatThrownBy(() -> client.updateChannel(b -> b.channelId("1").name("x")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteChannel_idleChannel_goesDeletingThenDeletedAndLeavesTheList() {
        var deleting = client.deleteChannel(b -> b.channelId(SRT_CHANNEL));
        assertThat(deleting.state()).isEqualTo(ChannelState.DELETING);
        assertThat(deleting.id()).isEqualTo(SRT_CHANNEL);

        fixture.advance(Duration.ofSeconds(5));

        assertThat(client.describeChannel(b -> b.channelId(SRT_CHANNEL)).state()).isEqualTo(ChannelState.DELETED);
        assertThat(client.listChannels(b -> { }).channels()).extracting(ChannelSummary::id)
                .doesNotContain(SRT_CHANNEL);
        assertThat(fixture.events(EventPublisher.STATE_CHANGE)).singleElement()
                .satisfies(e -> assertThat(SimulatorFixture.detail(e)).containsEntry("state", "DELETED")
                        .containsEntry("message", "Deleted channel"));
        assertThat(client.describeInput(b -> b.inputId(SRT_INPUT)).state()).isEqualTo(InputState.DETACHED);
    }

    @Test
    void describeInput_seededRtmpInput_isAttachedWithPushUrl() {
        DescribeInputResponse input = client.describeInput(b -> b.inputId(OBS_INPUT));

        assertThat(input.name()).isEqualTo("lunora-player-prod-obs-rtmp-input");
        assertThat(input.type()).isEqualTo(InputType.RTMP_PUSH);
        assertThat(input.state()).isEqualTo(InputState.ATTACHED);
        assertThat(input.attachedChannels()).containsExactly(OBS_CHANNEL);
        assertThat(input.destinations()).singleElement().satisfies(d -> {
            assertThat(d.url()).isEqualTo("rtmp://127.0.0.1:1935/live/lunora-player-prod-obs-rtmp-input");
            assertThat(d.port()).isEqualTo("1935");
        });
        assertThat(input.arn()).isEqualTo("arn:aws:medialive:us-west-2:000000000000:input:7107272");
    }

    @Test
    void describeInput_seededSrtInput_isSrtCaller() {
        DescribeInputResponse input = client.describeInput(b -> b.inputId(SRT_INPUT));

        assertThat(input.type()).isEqualTo(InputType.SRT_CALLER);
        assertThat(input.srtSettings().srtCallerSources()).singleElement()
                .satisfies(s -> assertThat(s.srtListenerPort()).isEqualTo("9000"));
        assertThat(input.attachedChannels()).containsExactly(SRT_CHANNEL);
    }

    @Test
    void describeInput_unknownId_throwsNotFound() {
        assertThatThrownBy(() -> client.describeInput(b -> b.inputId("42"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void createInput_rtmpPush_isDetachedWithLoopbackPushUrl() {
        CreateInputResponse created = client.createInput(b -> b.name("obs-2").type(InputType.RTMP_PUSH)
                .destinations(InputDestinationRequest.builder().streamName("live/obs-2").build()));

        assertThat(created.input().id()).matches("\\d{7}");
        assertThat(created.input().state()).isEqualTo(InputState.DETACHED);
        assertThat(created.input().inputClass()).isEqualTo(InputClass.SINGLE_PIPELINE);
        assertThat(created.input().destinations()).singleElement()
                .satisfies(d -> assertThat(d.url()).isEqualTo("rtmp://127.0.0.1:1935/live/obs-2"));
        assertThat(client.describeInput(b -> b.inputId(created.input().id())).name()).isEqualTo("obs-2");
    }

    @Test
    void createInput_sameRequestIdTwice_createsOneInput() {
        String first = client.createInput(b -> b.name("a").type(InputType.RTMP_PUSH).requestId("r-1")
                .destinations(InputDestinationRequest.builder().streamName("live/a").build())).input().id();
        String second = client.createInput(b -> b.name("a").type(InputType.RTMP_PUSH).requestId("r-1")
                .destinations(InputDestinationRequest.builder().streamName("live/a").build())).input().id();

        assertThat(second).isEqualTo(first);
        assertThat(client.listInputs(b -> { }).inputs()).hasSize(4);
    }

    @Test
    void createInput_rtmpPushStreamNameWithoutApplication_throwsBadRequest() {
        assertThatThrownBy(() -> client.createInput(b -> b.name("x").type(InputType.RTMP_PUSH)
                .destinations(InputDestinationRequest.builder().streamName("justkey").build())))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("application/instance");
    }

    @Test
    void createChannel_attachedToNewInput_marksTheInputAttached() {
        String inputId = client.createInput(b -> b.name("obs").type(InputType.RTMP_PUSH)
                .destinations(InputDestinationRequest.builder().streamName("live/obs").build())).input().id();

        String channelId = client.createChannel(TestChannels.rtmpChannel("c", "rtmp://a.example/live")
                .inputAttachments(a -> a.inputId(inputId).inputAttachmentName("obs")).build()).channel().id();

        assertThat(client.describeInput(b -> b.inputId(inputId)).attachedChannels()).containsExactly(channelId);
    }

    @Test
    void createInput_rtmpPushWithoutDestinations_throwsBadRequest() {
        assertThatThrownBy(() -> client.createInput(b -> b.name("x").type(InputType.RTMP_PUSH)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("one or two destinations");
    }

    @Test
    void createInput_noType_throwsBadRequest() {
        assertThatThrownBy(() -> client.createInput(b -> b.name("x"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void listInputs_maxResultsTwo_pagesThroughSeededInputs() {
        ListInputsResponse first = client.listInputs(b -> b.maxResults(2));
        ListInputsResponse second = client.listInputs(b -> b.maxResults(2).nextToken(first.nextToken()));

        assertThat(first.inputs()).extracting(i -> i.id()).containsExactly(SRT_INPUT, RTMP_INPUT);
        assertThat(second.inputs()).extracting(i -> i.id()).containsExactly(OBS_INPUT);
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void listInputs_tokenFromListChannels_throwsBadRequest() {
        String channelsToken = client.listChannels(b -> b.maxResults(1)).nextToken();

        assertThatThrownBy(() -> client.listInputs(b -> b.nextToken(channelsToken)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void anyOperation_endpointOverrideWithBasePath_isServed() {
        try (MediaLiveClient based = MediaLiveClient.builder()
                .endpointOverride(fixture.endpoint.resolve("/edge/base"))
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            assertThat(based.describeChannel(b -> b.channelId(OBS_CHANNEL)).id()).isEqualTo(OBS_CHANNEL);
        }
    }
}
