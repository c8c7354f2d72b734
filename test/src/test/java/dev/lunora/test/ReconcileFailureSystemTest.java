package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.medialive.ErrorType;
import dev.lunora.local.medialive.Operation;
import dev.lunora.local.stepfunctions.ExecutionOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MediaLive says no, or never finishes: the run repairs what it can, marks the rest, releases the lock and fails. */
class ReconcileFailureSystemTest {

    private static final String YT_KEY = "yt-key-9001-cccc-dddd";
    private static final String TW_KEY = "live_twitch_key_10477";
    private static final String REJECTION = "RTMP destination rtmp://live.twitch.tv/app is not allowed for this account";
    private static final String START_ALERT = "Encoder pipeline could not be allocated in us-west-2b";

    private static ReconcileWorld world;

    @BeforeAll
    static void startLocalMode() throws Exception {
        world = ReconcileWorld.start();
    }

    @AfterAll
    static void stopLocalMode() {
        if (world != null) {
            world.closeAfterCheckingEveryRun();
        }
    }

    @BeforeEach
    void idleChannel() {
        world.reset();
    }

    @AfterEach
    void noFaultsLeft() {
        world.local.mediaLive().clearFaults();
    }

    @Test
    void start_updateRejectedWhileAnotherLive_marksNewOneAndRestoresTheOther() {
        String yt = world.create("YouTube keeps going", "youtube", null, YT_KEY);
        String tw = world.create("Twitch refused", "twitch", null, TW_KEY);
        world.start(yt);
        world.awaitRest();
        assertThat(world.status(yt)).isEqualTo("streaming");
        world.local.mediaLive().failNextCalls(Operation.UpdateChannel, 1, ErrorType.UNPROCESSABLE_ENTITY, REJECTION);

        world.start(tw);

        ExecutionOutcome run = world.theFailedRun();
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("dev.lunora.core.exceptions.ChannelRejectedException");
        assertThat(run.cause()).contains("MediaLive rejected").contains(REJECTION);
        var refused = world.destination(tw);
        assertThat(refused.path("streaming_status").asText()).isEqualTo("error");
        assertThat(refused.path("desired_state").asText()).isEqualTo("stopped");
        assertThat(refused.path("last_error").asText()).contains(REJECTION);
        assertThat(world.channelState()).isEqualTo("RUNNING");
        assertThat(world.rtmpOutputs()).as("the previous outputs, restored").containsOnlyKeys(yt);
        assertThat(world.pushesKey(yt, YT_KEY)).isTrue();
        var kept = world.destination(yt);
        assertThat(kept.path("streaming_status").asText()).isEqualTo("streaming");
        assertThat(kept.path("last_error").isNull()).isTrue();
        assertThat(world.lockHeld()).isFalse();
        assertThat(ReconcileWorld.foreignConfiguration(world.channel())).isEqualTo(world.foreignBaseline);
    }

    /** Issue 14 item 5: an update that leaves the channel UPDATE_FAILED is repaired by updating again, not given up on. */
    @Test
    void start_updateLeavesChannelUpdateFailed_nextUpdateRepairsItAndTheDestinationStreams() {
        String yt = world.create("YouTube after a failed update", "youtube", null, YT_KEY);
        world.local.mediaLive().failNextUpdate(ReconcileWorld.CHANNEL);

        world.start(yt);
        world.awaitRest();

        assertThat(world.newExecutions()).allSatisfy(run -> assertThat(run.status()).isEqualTo("SUCCEEDED"));
        assertThat(world.channelState()).isEqualTo("RUNNING");
        assertThat(world.status(yt)).isEqualTo("streaming");
        assertThat(world.pushesKey(yt, YT_KEY)).isTrue();
        assertThat(world.local.mediaLive().callLog().stream().filter(c -> c.operation() == Operation.UpdateChannel).count())
                .as("the failed update and the one that repaired it").isEqualTo(2);
        assertThat(world.lockHeld()).isFalse();
    }

    @Test
    void start_channelFailsToStart_marksErrorsLeavesChannelIdleAndReleasesLock() {
        String yt = world.create("YouTube unlucky", "youtube", null, YT_KEY);
        world.local.mediaLive().failNextStart(ReconcileWorld.CHANNEL, null, START_ALERT);

        world.start(yt);

        ExecutionOutcome run = world.theFailedRun();
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("dev.lunora.core.exceptions.ChannelStartFailedException");
        assertThat(run.cause()).contains("could not start channel 3714710");
        var d = world.destination(yt);
        assertThat(d.path("streaming_status").asText()).isEqualTo("error");
        assertThat(d.path("desired_state").asText()).isEqualTo("stopped");
        assertThat(d.path("last_error").asText()).contains("failed to start");
        assertThat(world.channelState()).isEqualTo("IDLE");
        assertThat(world.rtmpOutputs()).as("outputs nobody wants are removed").isEmpty();
        assertThat(world.lockHeld()).isFalse();

        world.start(yt);

        assertThat(world.newExecutions()).last().extracting(ExecutionOutcome::status).isEqualTo("SUCCEEDED");
        assertThat(world.channelState()).isEqualTo("RUNNING");
        d = world.destination(yt);
        assertThat(d.path("streaming_status").asText()).isEqualTo("streaming");
        assertThat(d.path("last_error").isNull()).isTrue();
        assertThat(world.pushesKey(yt, YT_KEY)).isTrue();
    }

    @Test
    void start_addedWhileLiveAndRestartFails_bringsBackTheOneThatWasLive() {
        String yt = world.create("YouTube was live", "youtube", null, YT_KEY);
        String tw = world.create("Twitch joins", "twitch", null, TW_KEY);
        world.start(yt);
        world.awaitRest();
        assertThat(world.status(yt)).isEqualTo("streaming");
        world.local.mediaLive().failNextStart(ReconcileWorld.CHANNEL, null, START_ALERT);

        world.start(tw);

        ExecutionOutcome run = world.theFailedRun();
        assertThat(run.error()).isEqualTo("dev.lunora.core.exceptions.ChannelStartFailedException");
        var added = world.destination(tw);
        assertThat(added.path("streaming_status").asText()).isEqualTo("error");
        assertThat(added.path("desired_state").asText()).isEqualTo("stopped");
        assertThat(added.path("last_error").asText()).contains("failed to start");
        // Architecture, section 4: "bring the channel back for destinations that were streaming before".
        assertThat(world.channelState()).isEqualTo("RUNNING");
        assertThat(world.rtmpOutputs()).as("the previous outputs, restored").containsOnlyKeys(yt);
        assertThat(world.pushesKey(yt, YT_KEY)).isTrue();
        var kept = world.destination(yt);
        assertThat(kept.path("streaming_status").asText()).isEqualTo("streaming");
        assertThat(kept.path("desired_state").asText()).isEqualTo("streaming");
        assertThat(world.lockHeld()).isFalse();
    }

    @Test
    void start_mediaLiveDownForTheWholeRun_givesUpWithChannelStoppedAndNothingLeftOpen() {
        String yt = world.create("YouTube before outage", "youtube", null, YT_KEY);
        String tw = world.create("Twitch during outage", "twitch", null, TW_KEY);
        world.start(yt);
        world.awaitRest();
        assertThat(world.status(yt)).isEqualTo("streaming");
        world.local.mediaLive().failNextCalls(Operation.UpdateChannel, 1000, ErrorType.INTERNAL_SERVER_ERROR);

        world.start(tw);

        ExecutionOutcome run = world.theFailedRun();
        world.local.mediaLive().clearFaults();
        assertThat(run.cause()).contains("MediaLive");
        assertThat(world.statesEntered(run.executionArn())).contains("GiveUpAndStopChannel", "ReleaseChannelLockAfterFailure", "ReportFailure");
        for (String id : new String[] {yt, tw}) {
            var d = world.destination(id);
            assertThat(d.path("streaming_status").asText()).as(id).isEqualTo("error");
            assertThat(d.path("desired_state").asText()).as(id).isEqualTo("stopped");
            assertThat(world.sessionOpen(id)).as("session of %s left open", id).isFalse();
        }
        assertThat(world.channelState()).as("not running at rest").isEqualTo("IDLE");
        assertThat(world.sessionOpen("channel#" + ReconcileWorld.CHANNEL)).as("channel session left open on an idle channel").isFalse();
        assertThat(world.lockHeld()).isFalse();
    }

    @Test
    void start_afterARunDiedHoldingTheLock_theClickTakesTheLockOver_andConverges() {
        String yt = world.create("YouTube after crash", "youtube", null, YT_KEY);
        // ReconcileService.LEASE: what a run that died right after taking the lock leaves behind, its lease still live.
        world.leaveLockOfCrashedRun("reconcile-3714710-g0", java.time.Duration.ofMinutes(20));

        world.start(yt);

        // Architecture, section 3: "expiry so a dead owner cannot block forever"; "a crash anywhere is repaired". The
        // engine says the holder no longer runs, so the click's run takes the lock over instead of handing over to it.
        world.assertAllSucceeded();
        assertThat(world.status(yt)).isEqualTo("streaming");
        assertThat(world.channelState()).isEqualTo("RUNNING");
        assertThat(world.lockHeld()).isFalse();
    }

    @Test
    void start_channelStuckInStarting_stopsItAfterBudgetAndMarksErrors() {
        String yt = world.create("YouTube stuck", "youtube", null, YT_KEY);
        String hls = world.create("HLS stuck", "hls", null, null);
        world.local.mediaLive().stickNextStartInStarting(ReconcileWorld.CHANNEL);

        world.start(yt);
        world.start(hls);

        ExecutionOutcome run = world.theFailedRun();
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.error()).isEqualTo("Lunora.ChannelStuck");
        assertThat(run.cause()).contains("stayed STARTING");
        assertThat(world.statesEntered(run.executionArn())).contains("ChannelDidNotSettle", "CompensateForFailure", "ReportFailure");
        assertThat(world.simulatedDuration(run.executionArn())).as("waited out the 10 min start budget")
                .isGreaterThanOrEqualTo(java.time.Duration.ofMinutes(10));
        for (String id : new String[] {yt, hls}) {
            var d = world.destination(id);
            assertThat(d.path("streaming_status").asText()).as(id).isEqualTo("error");
            assertThat(d.path("desired_state").asText()).as(id).isEqualTo("stopped");
            assertThat(d.path("last_error").asText()).as(id).contains("took too long");
        }
        assertThat(world.channelState()).as("not running at rest").isEqualTo("IDLE");
        assertThat(world.lockHeld()).isFalse();
        assertThat(world.succeeded(Operation.StopChannel)).as("the stuck start was stopped").isGreaterThanOrEqualTo(1);
    }
}
