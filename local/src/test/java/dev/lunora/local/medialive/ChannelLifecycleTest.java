package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.BadRequestException;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.ConflictException;
import software.amazon.awssdk.services.medialive.model.StartChannelResponse;

/** The channel state machine: timed transitions on the manual clock and the calls each state refuses. */
class ChannelLifecycleTest {

    private static final Duration START = SimulatorOptions.defaults().startDuration();
    private static final Duration STOP = SimulatorOptions.defaults().stopDuration();

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;

    @AfterEach
    void close() {
        fixture.close();
    }

    private ChannelState state() {
        return client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state();
    }

    private void startAndRun() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(START);
    }

    @Test
    void startChannel_idle_returnsStartingUnwrappedAndRunsAfterStartDuration() {
        StartChannelResponse started = client.startChannel(b -> b.channelId(PROD_CHANNEL));

        assertThat(started.state()).isEqualTo(ChannelState.STARTING);
        assertThat(started.id()).isEqualTo(PROD_CHANNEL);
        assertThat(started.name()).isEqualTo("lunora-prod-channel");

        fixture.advance(START.minusSeconds(1));
        assertThat(state()).isEqualTo(ChannelState.STARTING);

        fixture.advance(Duration.ofSeconds(1));
        var running = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        assertThat(running.state()).isEqualTo(ChannelState.RUNNING);
        assertThat(running.pipelinesRunningCount()).isEqualTo(1);
        assertThat(running.pipelineDetails()).singleElement().satisfies(p -> {
            assertThat(p.pipelineId()).isEqualTo("0");
            assertThat(p.activeInputAttachmentName()).isEqualTo("lunora-rtmp-input");
        });
    }

    @Test
    void startChannel_standardChannel_runsTwoPipelines() {
        String id = client.createChannel(TestChannels.rtmpChannel("std", "rtmp://a.example/live")
                .channelClass("STANDARD")
                .destinations(TestChannels.rtmpDestination("dest1", "rtmp://a.example/live", "rtmp://b.example/live"))
                .build()).channel().id();
        fixture.advance(Duration.ofSeconds(5));

        client.startChannel(b -> b.channelId(id));
        fixture.advance(START);

        assertThat(client.describeChannel(b -> b.channelId(id)).pipelinesRunningCount()).isEqualTo(2);
    }

    @Test
    void startChannel_running_throwsConflict() {
        startAndRun();

        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(409))
                .hasMessageContaining("RUNNING");
    }

    @Test
    void startChannel_starting_throwsConflict() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));

        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void startChannel_stopping_throwsConflict() {
        startAndRun();
        client.stopChannel(b -> b.channelId(PROD_CHANNEL));

        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("STOPPING");
    }

    @Test
    void startChannel_creating_throwsBadRequestLikeMediaLive() {
        String id = client.createChannel(TestChannels.rtmpChannel("fresh", "rtmp://a.example/live").build())
                .channel().id();

        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(id)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("CREATING");
    }

    @Test
    void startChannel_deleted_throwsConflict() {
        client.deleteChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("DELETED");
    }

    @Test
    void stopChannel_running_returnsStoppingAndIdlesAfterStopDuration() {
        startAndRun();

        var stopping = client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        assertThat(stopping.state()).isEqualTo(ChannelState.STOPPING);
        assertThat(stopping.pipelinesRunningCount()).isZero();

        fixture.advance(STOP.minusSeconds(1));
        assertThat(state()).isEqualTo(ChannelState.STOPPING);
        fixture.advance(Duration.ofSeconds(1));
        assertThat(state()).isEqualTo(ChannelState.IDLE);
    }

    @Test
    void stopChannel_starting_cancelsTheStart() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(Duration.ofSeconds(10));

        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(START);

        assertThat(state()).isEqualTo(ChannelState.IDLE);
    }

    @Test
    void stopChannel_idle_throwsConflict() {
        assertThatThrownBy(() -> client.stopChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("IDLE");
    }

    @Test
    void stopChannel_stopping_throwsConflict() {
        startAndRun();
        client.stopChannel(b -> b.channelId(PROD_CHANNEL));

        assertThatThrownBy(() -> client.stopChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void updateChannel_running_throwsConflictAndKeepsConfiguration() {
        startAndRun();
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));

        assertThatThrownBy(() -> client.updateChannel(
                TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("updated only when it is IDLE");
        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).destinations()).hasSize(1);
    }

    @Test
    void updateChannel_startingOrStopping_throwsConflict() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        assertThatThrownBy(() -> client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("x")))
                .isInstanceOf(ConflictException.class);

        fixture.advance(START);
        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        assertThatThrownBy(() -> client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("x")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void updateChannel_creating_throwsConflict() {
        String id = client.createChannel(TestChannels.rtmpChannel("fresh", "rtmp://a.example/live").build())
                .channel().id();

        assertThatThrownBy(() -> client.updateChannel(b -> b.channelId(id).name("x")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void updateChannel_afterStopCompletes_succeeds() {
        startAndRun();
        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(STOP);

        var updated = client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("after-stop").roleArn(TestChannels.ROLE));
        client.startChannel(b -> b.channelId(PROD_CHANNEL));

        assertThat(updated.channel().name()).isEqualTo("after-stop");
        assertThat(state()).isEqualTo(ChannelState.STARTING);
    }

    /** [UG-STATES]: Updating is shown while the channel class changes (UpdateChannelClass), not after UpdateChannel. */
    @Test
    void updateChannel_idle_staysIdle_becauseTheGuideShowsUpdatingOnlyForAChannelClassChange_UG_STATES() {
        var updated = client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("x").roleArn(TestChannels.ROLE));

        assertThat(updated.channel().state()).isEqualTo(ChannelState.IDLE);
        assertThat(state()).isEqualTo(ChannelState.IDLE);
        assertThat(fixture.events).as("an update raises no state change").isEmpty();
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        assertThat(state()).isEqualTo(ChannelState.STARTING);
    }

    @Test
    void deleteChannel_running_throwsConflict() {
        startAndRun();

        assertThatThrownBy(() -> client.deleteChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("RUNNING");
    }

    @Test
    void deleteChannel_deleting_throwsConflict() {
        client.deleteChannel(b -> b.channelId(PROD_CHANNEL));

        assertThatThrownBy(() -> client.deleteChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void stateRules_everyState_admitsOnlyItsCalls() {
        for (dev.lunora.local.medialive.ChannelState s : dev.lunora.local.medialive.ChannelState.values()) {
            assertThat(allows(s, Operation.StartChannel)).as("start in " + s).isEqualTo(s.name().equals("IDLE"));
            assertThat(allows(s, Operation.StopChannel)).as("stop in " + s)
                    .isEqualTo(List.of("STARTING", "RUNNING", "RECOVERING").contains(s.name()));
            assertThat(allows(s, Operation.UpdateChannel)).as("update in " + s)
                    .isEqualTo(List.of("IDLE", "UPDATE_FAILED").contains(s.name()));
            assertThat(allows(s, Operation.DeleteChannel)).as("delete in " + s)
                    .isEqualTo(List.of("IDLE", "CREATE_FAILED", "UPDATE_FAILED").contains(s.name()));
            assertThat(allows(s, Operation.DescribeChannel)).as("describe in " + s).isTrue();
        }
    }

    private static boolean allows(dev.lunora.local.medialive.ChannelState state, Operation operation) {
        try {
            state.require(operation, "1");
            return true;
        } catch (MediaLiveApiException e) {
            return false;
        }
    }

    @Test
    void stateEvents_fullCycle_emitsStartingRunningStoppingStopped() {
        startAndRun();
        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(STOP);

        List<Map<String, Object>> events = fixture.events(EventPublisher.STATE_CHANGE);
        assertThat(events).extracting(e -> SimulatorFixture.detail(e).get("state"))
                .containsExactly("STARTING", "RUNNING", "STOPPING", "STOPPED");
        assertThat(events).extracting(e -> SimulatorFixture.detail(e).get("pipelines_running_count"))
                .containsExactly(0, 1, 0, 0);
        Map<String, Object> running = events.get(1);
        String arn = "arn:aws:medialive:us-west-2:000000000000:channel:" + PROD_CHANNEL;
        assertThat(running).containsEntry("source", "aws.medialive")
                .containsEntry("detail-type", "MediaLive Channel State Change")
                .containsEntry("account", "000000000000")
                .containsEntry("region", "us-west-2")
                .containsEntry("version", "0")
                .containsEntry("resources", List.of(arn))
                .containsEntry("time", "2026-01-01T00:01:30Z")
                .containsKey("id");
        assertThat(SimulatorFixture.detail(running)).containsEntry("channel_arn", arn).containsKey("message");
    }

    @Test
    void options_customRegionAccountAndDurations_areUsed() {
        try (SimulatorFixture custom = new SimulatorFixture(SimulatorOptions.defaults().withRegion("eu-central-1")
                .withAccount("123456789012").withStartDuration(Duration.ofSeconds(3))
                .withStopDuration(Duration.ofSeconds(2)))) {
            var c = custom.client;
            assertThat(c.describeChannel(b -> b.channelId(PROD_CHANNEL)).arn())
                    .isEqualTo("arn:aws:medialive:eu-central-1:123456789012:channel:" + PROD_CHANNEL);
            c.startChannel(b -> b.channelId(PROD_CHANNEL));
            custom.advance(Duration.ofSeconds(3));
            assertThat(custom.simulator.channelState(PROD_CHANNEL))
                    .isEqualTo(dev.lunora.local.medialive.ChannelState.RUNNING);
            c.stopChannel(b -> b.channelId(PROD_CHANNEL));
            custom.advance(Duration.ofSeconds(2));
            assertThat(custom.simulator.channelState(PROD_CHANNEL))
                    .isEqualTo(dev.lunora.local.medialive.ChannelState.IDLE);
        }
    }

    @Test
    void describeChannel_concurrentPollingDuringTransitions_alwaysSeesAValidState() throws Exception {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var polls = new java.util.ArrayList<java.util.concurrent.Future<ChannelState>>();
            for (int i = 0; i < 40; i++) {
                polls.add(pool.submit(this::state));
                if (i == 20) {
                    fixture.advance(START);
                }
            }
            for (var poll : polls) {
                assertThat(poll.get()).isIn(ChannelState.STARTING, ChannelState.RUNNING);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(state()).isEqualTo(ChannelState.RUNNING);
    }
}
