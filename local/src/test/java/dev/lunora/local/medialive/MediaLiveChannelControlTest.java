package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.aws.medialive.MediaLiveChannelControl;
import dev.lunora.aws.medialive.UnmodeledChannelMembers;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.OutputSpec;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.exceptions.ChannelBusyException;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.preset.Preset;
import dev.lunora.local.clock.ManualClock;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.OutputGroup;

/** Lunora's MediaLive adapter against the simulator, through the real SDK client. */
class MediaLiveChannelControlTest {

    private static final String CHANNEL = "3714710";
    private static final String KEY_A = "key-aaaa-bbbb-1111";
    private static final String KEY_B = "key-cccc-dddd-2222";
    private static final Preset P720 = new Preset("p720", "720p", "generic", "", true,
            new Preset.Video("H264", 1280, 720, 30, 3_000_000, "HIGH", "H264_LEVEL_3_1", 60, "CBR"),
            new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0"));

    private ManualClock clock;
    private MediaLiveSimulator simulator;
    private HttpServer server;
    private MediaLiveClient client;
    private MediaLiveChannelControl control;

    @BeforeEach
    void start() throws Exception {
        clock = new ManualClock();
        simulator = MediaLiveSimulator.create(clock);
        server = simulator.serve(0);
        client = UnmodeledChannelMembers.registerOn(MediaLiveClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_WEST_2).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
        control = new MediaLiveChannelControl(client, new dev.lunora.core.destination.KeyFingerprints(
                () -> "adapter-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private static ResolvedOutput output(String destinationId, String url, String key) {
        return new ResolvedOutput(new OutputSpec(destinationId, url, "/keys/" + destinationId, "p720"), key);
    }

    private DescribeChannelResponse describe() {
        return client.describeChannel(r -> r.channelId(CHANNEL));
    }

    private void settle() {
        clock.advance(Duration.ofMinutes(3));
    }

    @Test
    void applyOutputs_turnsThumbnailsOnInTheSameUpdate_andThumbnailIsTheRunningChannelsPicture() throws Exception {
        assertThat(control.describe(CHANNEL).thumbnails()).isFalse();
        long updatesBefore = simulator.callCount(Operation.UpdateChannel);

        control.applyOutputs(CHANNEL, List.of(output("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A)), List.of(P720));

        assertThat(simulator.callCount(Operation.UpdateChannel) - updatesBefore).as("one update, outputs and thumbnails").isEqualTo(1);
        assertThat(describe().encoderSettings().thumbnailConfiguration().stateAsString()).isEqualTo("AUTO");
        assertThat(control.describe(CHANNEL).thumbnails()).isTrue();
        assertThat(control.thumbnail(CHANNEL)).as("an idle channel has no picture").isEmpty();

        control.start(CHANNEL);
        settle();

        var thumbnail = control.thumbnail(CHANNEL).orElseThrow();
        assertThat(thumbnail.jpeg()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(thumbnail.takenAt()).isEqualTo(clock.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.jpeg())).getWidth()).isPositive();
    }

    @Test
    void describe_seededChannel_isIdleWithNoLunoraOutputsButOthers() {
        ChannelView view = control.describe(CHANNEL);
        assertThat(view.state()).isEqualTo(dev.lunora.core.channel.ChannelState.IDLE);
        assertThat(view.pipelines()).isEqualTo(1);
        assertThat(view.lunoraOutputs()).isEmpty();
        assertThat(view.hasOtherOutputs()).isTrue();
    }

    @Test
    void applyOutputs_addsRtmpGroupWithKeysInStreamName_andKeepsEverythingElse() {
        DescribeChannelResponse before = describe();

        control.applyOutputs(CHANNEL, List.of(output("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A),
                output("tw", "rtmp://live.twitch.tv/app", KEY_B)), List.of(P720));
        settle();

        DescribeChannelResponse after = describe();
        assertThat(after.roleArn()).isEqualTo(before.roleArn()).isNotBlank();
        assertThat(after.inputAttachments()).isEqualTo(before.inputAttachments());
        assertThat(after.inputSpecification()).isEqualTo(before.inputSpecification());
        OutputGroup hlsBefore = before.encoderSettings().outputGroups().get(0);
        assertThat(after.encoderSettings().outputGroups()).contains(hlsBefore);
        assertThat(after.encoderSettings().videoDescriptions()).containsAll(before.encoderSettings().videoDescriptions());
        assertThat(after.destinations()).filteredOn(d -> d.id().equals("mediapackage")).singleElement()
                .satisfies(d -> assertThat(d.mediaPackageSettings()).isEqualTo(before.destinations().get(0).mediaPackageSettings()));

        OutputGroup lunora = after.encoderSettings().outputGroups().stream().filter(g -> g.name().equals("lunora-rtmp")).findFirst().orElseThrow();
        assertThat(lunora.outputs()).extracting(o -> o.outputName()).containsExactly("lunora-yt", "lunora-tw");
        assertThat(lunora.outputs().get(0).outputSettings().rtmpOutputSettings().numRetries()).isGreaterThanOrEqualTo(100);
        assertThat(lunora.outputGroupSettings().rtmpGroupSettings().restartDelay()).isPositive();
        var yt = after.destinations().stream().filter(d -> d.id().equals("lunora-yt")).findFirst().orElseThrow();
        assertThat(yt.settings()).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo("rtmp://a.rtmp.youtube.com/live2");
            assertThat(KEY_A.equals(s.streamName())).as("the key goes into streamName").isTrue();
            assertThat(s.passwordParam()).isNull();
        });
        assertThat(after.encoderSettings().videoDescriptions()).extracting(v -> v.name()).contains("lunora-video-p720");

        ChannelView view = control.describe(CHANNEL);
        assertThat(view.lunoraOutputs()).extracting(ChannelView.OutputOnChannel::destinationId).containsExactly("yt", "tw");
        assertThat(view.lunoraOutputs().get(0).url()).isEqualTo("rtmp://a.rtmp.youtube.com/live2");
        assertThat(view.lunoraOutputs().get(0).presetId()).isEqualTo("p720");
    }

    @Test
    void applyOutputs_none_removesLunorasGroupDestinationsAndEncodes() {
        control.applyOutputs(CHANNEL, List.of(output("yt", "rtmp://a.rtmp.youtube.com/live2", KEY_A)), List.of(P720));
        settle();
        control.applyOutputs(CHANNEL, List.of(), List.of());
        settle();

        DescribeChannelResponse after = describe();
        assertThat(after.encoderSettings().outputGroups()).extracting(OutputGroup::name).containsExactly("hls-mediapackage");
        assertThat(after.destinations()).extracting(d -> d.id()).containsExactly("mediapackage");
        assertThat(after.encoderSettings().videoDescriptions()).extracting(v -> v.name()).doesNotContain("lunora-video-p720");
        assertThat(after.roleArn()).isNotBlank();
    }

    @Test
    void applyOutputs_whileRunning_isBusy() {
        control.start(CHANNEL);
        settle();
        assertThatThrownBy(() -> control.applyOutputs(CHANNEL, List.of(output("yt", "rtmp://h/app", KEY_A)), List.of(P720)))
                .isInstanceOf(ChannelBusyException.class).hasMessageContaining("could not update");
    }

    @Test
    void applyOutputs_refusedConfiguration_isRejectedWithElementPaths_andNeverQuotesTheKey() {
        simulator.failNextCalls(Operation.UpdateChannel, 1, ErrorType.UNPROCESSABLE_ENTITY);
        assertThatThrownBy(() -> control.applyOutputs(CHANNEL, List.of(output("yt", "rtmp://h/app", KEY_A)), List.of(P720)))
                .isInstanceOf(ChannelRejectedException.class)
                .hasMessageContaining("MediaLive rejected")
                .satisfies(e -> assertThat(e.getMessage().contains(KEY_A)).isFalse());
    }

    @Test
    void startAndStop_wrongStateIsBusy_unknownChannelIsNotFound() {
        assertThatThrownBy(() -> control.stop(CHANNEL)).isInstanceOf(ChannelBusyException.class);
        assertThatThrownBy(() -> control.describe("999999")).isInstanceOf(NotFoundException.class);
        control.start(CHANNEL);
        assertThat(control.describe(CHANNEL).state()).isEqualTo(dev.lunora.core.channel.ChannelState.STARTING);
        settle();
        assertThat(control.describe(CHANNEL).state()).isEqualTo(dev.lunora.core.channel.ChannelState.RUNNING);
    }

    @Test
    void listChannels_seed_allThreeChannelsWithTheirInputsTypesAndEndpoints() {
        var channels = control.listChannels();

        assertThat(channels).extracting(dev.lunora.core.channel.ChannelSummary::channelId)
                .containsExactlyInAnyOrder("3714710", "6802366", "6890857");
        var byId = channels.stream().collect(java.util.stream.Collectors.toMap(dev.lunora.core.channel.ChannelSummary::channelId, c -> c));
        var srt = byId.get("6802366");
        assertThat(srt.name()).isEqualTo("lunora-prod-srt-channel");
        assertThat(srt.channelClass()).isEqualTo("SINGLE_PIPELINE");
        assertThat(srt.state()).isEqualTo(dev.lunora.core.channel.ChannelState.IDLE);
        assertThat(srt.arn()).endsWith(":channel:6802366");
        assertThat(srt.input().orElseThrow()).isEqualTo(new dev.lunora.core.channel.ChannelSummary.AttachedInput("4739436", "SRT_CALLER",
                List.of("srt://127.0.0.1:9000 (stream id lunora)")));
        assertThat(byId.get("3714710").input().orElseThrow()).isEqualTo(new dev.lunora.core.channel.ChannelSummary.AttachedInput("7107272",
                "RTMP_PUSH", List.of("rtmp://127.0.0.1:1935/live/lunora-player-prod-obs-rtmp-input")));
        assertThat(byId.get("6890857").input().orElseThrow().type()).isEqualTo("RTMP_PUSH");
    }

    @Test
    void listChannels_pageOfOne_followsNextTokenThroughEveryPage() {
        var channels = control.listChannels(1);

        assertThat(channels).hasSize(3);
        assertThat(simulator.callLog().stream().filter(c -> c.operation() == Operation.ListChannels).count())
                .as("three pages of one, the last without a nextToken").isEqualTo(3);
        assertThat(simulator.callLog().stream().filter(c -> c.operation() == Operation.DescribeInput).count())
                .as("one DescribeInput per attached input").isEqualTo(3);
    }
}
