package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.destination.AddressPolicy;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.InMemoryPresetStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.exceptions.ChannelStartFailedException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.SessionLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile steps driven by hand, as the state machine would, against a fake channel. */
class ReconcileServiceTest {

    private static final String CHANNEL = "ch-1";
    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");

    private final InMemoryDestinationStore store = new InMemoryDestinationStore();
    private final FakeChannel channel = new FakeChannel();
    private final Coordination coordination = new Coordination();
    private final Sessions sessions = new Sessions();
    private final Map<String, String> keys = new HashMap<>();
    private ReconcileService service;
    private int created;

    @BeforeEach
    void setUp() {
        service = new ReconcileService(store, new InMemoryPresetStore(InMemoryPresetStore.preset("p720", true)), channel,
                name -> {
                    if (!keys.containsKey(name)) {
                        throw new NotFoundException("missing " + name);
                    }
                    return keys.get(name);
                }, coordination, sessions, Clock.fixed(NOW, ZoneOffset.UTC), dev.lunora.core.ports.RelayFleet.notConfigured(), null,
                ADDRESSES, dev.lunora.core.destination.TestFingerprints.FINGERPRINTS);
    }

    /** No network: ingest.example.com is public; rebound.example.com resolved publicly when saved, privately now. */
    private static final AddressPolicy ADDRESSES = AddressPolicy.of(null, host -> switch (host) {
        case "ingest.example.com" -> List.of(java.net.InetAddress.getByName("203.0.113.30"));
        case "rebound.example.com" -> List.of(java.net.InetAddress.getByName("169.254.169.254"));
        default -> throw new java.net.UnknownHostException(host);
    });

    private Destination given(String id, Platform platform, DesiredState desired) {
        Destination d = Destination.builder(id, platform).name(id.toUpperCase()).channelId(CHANNEL)
                .rtmpUrl(platform.pushesRtmp() ? "rtmp://ingest.example.com/" + id : null)
                .streamKeyParam(platform.pushesRtmp() ? "/k/" + id : null).presetId("p720")
                .desiredState(desired).version(1).createdAt(NOW.plusSeconds(created++)).build();
        if (platform.pushesRtmp()) {
            keys.put("/k/" + id, "secret-key-of-" + id);
        }
        store.given(d);
        return d;
    }

    /** Runs the workflow's loop: plan, act, settle, until done; returns the steps taken. */
    private List<NextStep> converge() {
        List<NextStep> steps = new ArrayList<>();
        int starts = 0;
        int applies = 0;
        for (int i = 0; i < 20; i++) {
            ChannelPlan plan = service.plan(CHANNEL, "exec", starts, applies);
            if (plan.state() == ChannelState.RUNNING) {
                starts = 0;
            }
            if (plan.state() == ChannelState.IDLE) {
                applies = 0;
            }
            steps.add(plan.next());
            switch (plan.next()) {
                case DONE -> {
                    service.recordStatus(CHANNEL, "exec", coordination.generation(CHANNEL));
                    return steps;
                }
                case STOP_FOR_UPDATE, STOP_CHANNEL -> service.stopChannel(CHANNEL, "exec");
                case APPLY_OUTPUTS -> {
                    service.applyOutputs(CHANNEL, "exec");
                    applies++;
                }
                case START_CHANNEL -> {
                    service.startChannel(CHANNEL, "exec");
                    starts++;
                }
                case WAIT_FOR_CHANNEL -> { }
                case CHANNEL_UNUSABLE -> throw new AssertionError("unusable");
            }
            channel.settle();
        }
        throw new AssertionError("did not converge: " + steps);
    }

    private Destination stored(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void converge_firstDestination_appliesThenStartsOnceAndRecordsStreaming() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        assertThat(converge()).containsExactly(NextStep.APPLY_OUTPUTS, NextStep.START_CHANNEL, NextStep.DONE);
        assertThat(channel.calls).containsExactly("update", "start");
        assertThat(channel.keysSent).containsExactly("secret-key-of-yt");
        assertThat(stored("yt").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(stored("yt").streamingStartedAt()).isEqualTo(NOW);
        assertThat(sessions.open).containsKeys("yt", SessionLog.channelSubject(CHANNEL));
    }

    @Test
    void converge_addWhileLive_exactlyOneStopUpdateStart() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        converge();
        channel.calls.clear();
        given("tw", Platform.TWITCH, DesiredState.STREAMING);
        assertThat(converge()).containsExactly(NextStep.STOP_FOR_UPDATE, NextStep.APPLY_OUTPUTS, NextStep.START_CHANNEL, NextStep.DONE);
        assertThat(channel.calls).containsExactly("stop", "update", "start");
        assertThat(stored("yt").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(stored("tw").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(stored("yt").streamingStartedAt()).as("still the same session").isEqualTo(NOW);
    }

    @Test
    void converge_keyInSsmNewerThanTheDestinationDescribes_pushedOnceAndDescribed_noRestartLoop() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        store.given(stored("yt").toBuilder().streamKeyFingerprint(dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of("yt", "secret-key-of-yt")).build());
        converge();
        // A key edit wrote SSM, then lost its item write: the item still describes the old key.
        keys.put("/k/yt", "secret-key-of-yt-new-1234");
        channel.calls.clear();
        channel.keysSent.clear();

        // Another destination makes the next reconcile apply outputs, which pushes the key SSM holds.
        given("tw", Platform.TWITCH, DesiredState.STREAMING);
        assertThat(converge()).containsExactly(NextStep.STOP_FOR_UPDATE, NextStep.APPLY_OUTPUTS, NextStep.START_CHANNEL, NextStep.DONE);
        assertThat(channel.keysSent).containsExactly("secret-key-of-yt-new-1234", "secret-key-of-tw");
        assertThat(stored("yt").streamKeyFingerprint()).isEqualTo(dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of("yt", "secret-key-of-yt-new-1234"));
        assertThat(stored("yt").streamKeyHint()).isEqualTo("••••1234");
        assertThat(stored("yt").version()).as("no producer edit happened").isEqualTo(1);

        channel.calls.clear();
        assertThat(converge()).containsExactly(NextStep.DONE);
        assertThat(channel.calls).isEmpty();
    }

    @Test
    void converge_lastOneStopped_channelIdleOutputsGoneStatusReadySessionsClosed() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        converge();
        Destination yt = stored("yt");
        store.update(yt.toBuilder().desiredState(DesiredState.STOPPED).version(yt.version() + 1).build(), yt.version());
        converge();
        assertThat(channel.state).isEqualTo(ChannelState.IDLE);
        assertThat(channel.outputs).isEmpty();
        assertThat(stored("yt").streamingStatus()).isEqualTo(StreamingStatus.READY);
        assertThat(stored("yt").streamingStartedAt()).isNull();
        assertThat(sessions.closed).contains("yt", SessionLog.channelSubject(CHANNEL));
    }

    @Test
    void applyOutputs_channelUpdateFailedWithOutputsInPlace_appliesThemAgain() {
        Destination yt = given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        channel.outputs.add(new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), yt.presetId()));
        channel.state = ChannelState.UPDATE_FAILED;

        assertThat(service.applyOutputs(CHANNEL, "exec")).isEqualTo(1);

        assertThat(channel.calls).containsExactly("update");
        assertThat(channel.keysSent).containsExactly("secret-key-of-yt");
    }

    @Test
    void converge_channelUpdateFailed_reappliesThenStarts_neverStopsIt() {
        Destination yt = given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        channel.outputs.add(new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), yt.presetId()));
        channel.state = ChannelState.UPDATE_FAILED;

        assertThat(converge()).containsExactly(NextStep.APPLY_OUTPUTS, NextStep.START_CHANNEL, NextStep.DONE);
        assertThat(channel.calls).containsExactly("update", "start");
        assertThat(stored("yt").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
    }

    @Test
    void plan_updateFailedAgainAfterThisRunsUpdate_raisesRejectedInsteadOfUpdatingForever() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        channel.state = ChannelState.UPDATE_FAILED;
        assertThat(service.plan(CHANNEL, "exec", 0, 0).next()).as("the run's first look re-applies").isEqualTo(NextStep.APPLY_OUTPUTS);
        assertThat(service.plan(CHANNEL, "exec", 0, 1).next()).as("its own update failed: one repair").isEqualTo(NextStep.APPLY_OUTPUTS);

        assertThatThrownBy(() -> service.plan(CHANNEL, "exec", 0, 2)).isInstanceOf(ChannelRejectedException.class)
                .hasMessageContaining("UPDATE_FAILED");
        assertThat(channel.calls).isEmpty();
    }

    @Test
    void plan_startDidNotTake_raisesStartFailed() {
        given("hls", Platform.HLS, DesiredState.STREAMING);
        assertThatThrownBy(() -> service.plan(CHANNEL, "exec", 1, 0)).isInstanceOf(ChannelStartFailedException.class)
                .hasMessageContaining("could not start");
    }

    @Test
    void compensate_rejectedUpdate_blamesOnlyTheNewDestination_andTheOtherIsRestored() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        converge();
        given("bad", Platform.CUSTOM, DesiredState.STREAMING);
        channel.rejectNextApply = true;
        service.plan(CHANNEL, "exec", 0, 0);
        service.stopChannel(CHANNEL, "exec");
        channel.settle();
        assertThatThrownBy(() -> service.applyOutputs(CHANNEL, "exec")).hasMessageContaining("rejected");

        List<String> blamed = service.compensate(CHANNEL, "exec", "dev.lunora.core.exceptions.ChannelRejectedException",
                "MediaLive rejected the change: outputs[0].url: unreachable");

        assertThat(blamed).containsExactly("bad");
        assertThat(stored("bad").streamingStatus()).isEqualTo(StreamingStatus.ERROR);
        assertThat(stored("bad").desiredState()).isEqualTo(DesiredState.STOPPED);
        assertThat(stored("bad").lastError()).contains("MediaLive rejected").contains("unreachable");
        converge();
        assertThat(channel.state).isEqualTo(ChannelState.RUNNING);
        assertThat(stored("yt").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(stored("bad").streamingStatus()).as("the error stays visible").isEqualTo(StreamingStatus.ERROR);
    }

    @Test
    void compensate_startFailed_blamesEveryWantedDestination_thenNothingRuns() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        given("hls", Platform.HLS, DesiredState.STREAMING);
        List<String> blamed = service.compensate(CHANNEL, "exec", "dev.lunora.core.exceptions.ChannelStartFailedException", "went back to IDLE");
        assertThat(blamed).containsExactlyInAnyOrder("yt", "hls");
        assertThat(stored("hls").lastError()).startsWith("The channel failed to start");
        converge();
        assertThat(channel.state).isEqualTo(ChannelState.IDLE);
    }

    @Test
    void compensate_stuckChannel_isStoppedSoItStopsBilling() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        channel.state = ChannelState.STARTING;
        service.compensate(CHANNEL, "exec", "Lunora.ChannelStuck", "stayed STARTING for 600 s");
        assertThat(channel.calls).containsExactly("stop");
        assertThat(stored("yt").lastError()).contains("took too long");
    }

    @Test
    void compensate_producerClickedAgainMeanwhile_theirNewerWishStands() {
        Destination yt = given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        store.concurrentEditBeforeNextWrite(b -> b.name("Renamed"));
        service.compensate(CHANNEL, "exec", "dev.lunora.core.exceptions.ChannelStartFailedException", "x");
        assertThat(stored("yt").desiredState()).isEqualTo(DesiredState.STREAMING);
        assertThat(stored("yt").version()).isEqualTo(yt.version() + 1);
    }

    @Test
    void recordStatus_disabledDestinationWanting_isMarkedErrorWithReason() {
        Destination off = given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        store.given(off.toBuilder().enabled(false).build());
        converge();
        assertThat(stored("yt").streamingStatus()).isEqualTo(StreamingStatus.ERROR);
        assertThat(stored("yt").lastError()).contains("disabled");
        assertThat(stored("yt").desiredState()).isEqualTo(DesiredState.STOPPED);
        assertThat(channel.calls).isEmpty();
    }

    @Test
    void recordStatus_generationMovedDuringRun_isReported() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        long seen = coordination.generation(CHANNEL);
        coordination.bumpGeneration(CHANNEL);
        assertThat(service.recordStatus(CHANNEL, "exec", seen)).isEqualTo(seen + 1);
    }

    @Test
    void planCoveringRequests_carriesTheGenerationOfClicksBeforeIt_soTheRunDoesNotPlanAgainForThem() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        assertThat(service.acquireLock(CHANNEL, "exec").acquired()).isTrue();
        long atLock = coordination.generation(CHANNEL);
        coordination.bumpGeneration(CHANNEL); // clicks after the lock, before this plan: the plan reads their destinations
        coordination.bumpGeneration(CHANNEL);

        ReconcileService.Planned planned = service.planCoveringRequests(CHANNEL, "exec", 0, 0, 0);

        assertThat(planned.generation()).isEqualTo(atLock + 2);
        assertThat(planned.plan().next()).isEqualTo(NextStep.APPLY_OUTPUTS);
        assertThat(service.recordStatus(CHANNEL, "exec", planned.generation())).as("nothing newer than the plan").isEqualTo(atLock + 2);
    }

    @Test
    void acquireLock_heldByAnother_handsOver_untilReleased() {
        assertThat(service.acquireLock(CHANNEL, "first").acquired()).isTrue();
        ReconcileService.LockOutcome second = service.acquireLock(CHANNEL, "second");
        assertThat(second.acquired()).isFalse();
        assertThat(second.holder()).isEqualTo("first");
        assertThat(service.acquireLock(CHANNEL, "first").generation()).as("re-entrant for its owner").isZero();
        service.releaseLock(CHANNEL, "first");
        assertThat(service.acquireLock(CHANNEL, "second").acquired()).isTrue();
        assertThat(coordination.owner).isEqualTo("second");
    }

    @Test
    void releaseLock_newerGeneration_keepsTheLockAndNamesIt() {
        long seen = service.acquireLock(CHANNEL, "first").generation();
        coordination.bumpGeneration(CHANNEL);
        ReconcileService.ReleaseOutcome outcome = service.releaseLock(CHANNEL, "first", seen);
        assertThat(outcome.released()).isFalse();
        assertThat(outcome.generation()).isEqualTo(seen + 1);
        assertThat(coordination.owner).isEqualTo("first");
        assertThat(service.releaseLock(CHANNEL, "first", seen + 1).released()).isTrue();
        assertThat(coordination.owner).isNull();
    }

    @Test
    void applyOutputs_missingKeyParameter_failsWithoutTouchingTheChannel() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        keys.clear();
        assertThatThrownBy(() -> service.applyOutputs(CHANNEL, "exec")).isInstanceOf(NotFoundException.class);
        assertThat(channel.calls).isEmpty();
    }

    @Test
    void applyOutputs_urlNowResolvingInside_rejectedWithReason_channelUntouched() {
        given("yt", Platform.YOUTUBE, DesiredState.STREAMING);
        store.given(given("cu", Platform.CUSTOM, DesiredState.STREAMING).toBuilder().rtmpUrl("rtmp://rebound.example.com/app").build());

        assertThatThrownBy(() -> service.applyOutputs(CHANNEL, "exec"))
                .isInstanceOf(dev.lunora.core.exceptions.ChannelRejectedException.class)
                .hasMessageContaining("cu: RTMP URL points inside a private network")
                .hasMessageContaining("rebound.example.com is 169.254.169.254")
                .hasMessageNotContaining("secret-key");
        assertThat(channel.calls).isEmpty();
    }

    /** In-memory lock and generation with the DynamoDB adapter's rules. */
    @Test
    void acquireLock_holderThatNoLongerRuns_isTakenOver_aRunningOneIsHandedTheClick() {
        coordination.tryAcquire(CHANNEL, "reconcile-ch-1-k1-g1", NOW, ReconcileService.LEASE);

        assertThat(service.withRuns(name -> true).acquireLock(CHANNEL, "reconcile-ch-1-k1-g2").acquired()).isFalse();
        ReconcileService.LockOutcome taken = service.withRuns(name -> !name.equals("reconcile-ch-1-k1-g1"))
                .acquireLock(CHANNEL, "reconcile-ch-1-k1-g2");

        assertThat(taken.acquired()).as("a dead run's lease must not hold the click").isTrue();
        assertThat(coordination.status(CHANNEL).orElseThrow().lockOwner()).isEqualTo("reconcile-ch-1-k1-g2");
    }

    static final class Coordination implements ChannelCoordination {
        private final java.util.Map<String, dev.lunora.core.channel.DeliveryMode> modes = new java.util.HashMap<>();
        private final java.util.Map<String, Boolean> managed = new java.util.TreeMap<>();
        private final java.util.Map<String, String> displayNames = new java.util.HashMap<>();

        @Override
        public ChannelSettings settings(String channelId) {
            return new ChannelSettings(managed.get(channelId), displayNames.get(channelId));
        }

        @Override
        public void setManaged(String channelId, boolean m) {
            managed.put(channelId, m);
        }

        @Override
        public void setDisplayName(String channelId, String name) {
            if (name == null) {
                displayNames.remove(channelId);
            } else {
                displayNames.put(channelId, name);
            }
        }

        @Override
        public java.util.Map<String, Boolean> managedFlags() {
            return java.util.Map.copyOf(managed);
        }
        private final java.util.Map<String, Instant> inputLost = new java.util.HashMap<>();

        @Override
        public void recordInputSignalLost(String channelId, Instant at) {
            inputLost.putIfAbsent(channelId, at);
        }

        @Override
        public void clearInputSignalLost(String channelId) {
            inputLost.remove(channelId);
        }

        @Override
        public java.util.Optional<Instant> inputSignalLostAt(String channelId) {
            return java.util.Optional.ofNullable(inputLost.get(channelId));
        }

        @Override
        public dev.lunora.core.channel.DeliveryMode deliveryMode(String channelId) {
            return modes.getOrDefault(channelId, dev.lunora.core.channel.DeliveryMode.DIRECT);
        }

        @Override
        public void setDeliveryMode(String channelId, dev.lunora.core.channel.DeliveryMode mode) {
            modes.put(channelId, mode);
        }

        long generation;
        String owner;
        Instant expires;
        final List<Progress> progress = new ArrayList<>();

        @Override
        public RequestGeneration bumpGeneration(String channelId) {
            return new RequestGeneration(++generation, "inc1");
        }

        @Override
        public long generation(String channelId) {
            return generation;
        }

        @Override
        public boolean takeOver(String channelId, String deadOwner, String who, Instant now, Duration lease) {
            if (!deadOwner.equals(owner)) {
                return false;
            }
            owner = who;
            expires = now.plus(lease);
            return true;
        }

        @Override
        public boolean tryAcquire(String channelId, String who, Instant now, Duration lease) {
            if (owner != null && !owner.equals(who) && expires.isAfter(now)) {
                return false;
            }
            owner = who;
            expires = now.plus(lease);
            return true;
        }

        @Override
        public void release(String channelId, String who) {
            if (who.equals(owner)) {
                owner = null;
            }
        }

        @Override
        public boolean releaseUnlessNewerRequests(String channelId, String who, long seenGeneration) {
            if (!who.equals(owner)) {
                return true;
            }
            if (generation != seenGeneration) {
                return false;
            }
            owner = null;
            return true;
        }

        @Override
        public void recordProgress(String channelId, Progress p) {
            progress.add(p);
        }

        @Override
        public Optional<Status> status(String channelId) {
            return Optional.of(new Status(channelId, generation, owner, expires, progress.isEmpty() ? null : progress.get(progress.size() - 1)));
        }
    }

    static final class Sessions implements SessionLog {
        final Map<String, Instant> open = new HashMap<>();
        final List<String> closed = new ArrayList<>();

        @Override
        public void open(String subject, String channelId, Instant start) {
            open.putIfAbsent(subject, start);
        }

        @Override
        public void close(String subject, Instant end) {
            if (open.remove(subject) != null) {
                closed.add(subject);
            }
        }
    }
}
