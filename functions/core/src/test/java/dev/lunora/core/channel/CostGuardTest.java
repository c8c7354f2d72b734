package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.ports.ReconcileRequests;
import dev.lunora.core.ports.SessionHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");
    private static final Duration SIX_HOURS = Duration.ofHours(6);

    private static Destination dest(String id, DesiredState desired, StreamingStatus status) {
        return Destination.builder(id, Platform.YOUTUBE).name(id).channelId("ch").desiredState(desired).streamingStatus(status)
                .enabled(true).version(1).build();
    }

    @Test
    void decide_idleAndNothingWanted_nothingToDo() {
        assertThat(CostGuard.decide(ChannelState.IDLE, List.of(dest("a", DesiredState.STOPPED, StreamingStatus.READY)), null, NOW, SIX_HOURS))
                .isInstanceOf(CostGuard.Decision.NothingToDo.class);
    }

    @Test
    void decide_runningWithNothingWanted_reconciles() {
        assertThat(CostGuard.decide(ChannelState.RUNNING, List.of(dest("a", DesiredState.STOPPED, StreamingStatus.READY)), null, NOW, SIX_HOURS))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
    }

    @Test
    void decide_idleButADestinationShownStreaming_reconcilesToCorrectIt() {
        assertThat(CostGuard.decide(ChannelState.IDLE, List.of(dest("a", DesiredState.STOPPED, StreamingStatus.STREAMING)), null, NOW, null))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
    }

    @Test
    void decide_runningPastTheMaximum_stopsWithTheReason() {
        var decision = CostGuard.decide(ChannelState.RUNNING, List.of(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING)),
                NOW.minus(Duration.ofHours(6)).minusSeconds(1), NOW, SIX_HOURS);
        assertThat(decision).isInstanceOfSatisfying(CostGuard.Decision.StopOverrun.class, d ->
                assertThat(d.reason()).startsWith("Stopped after 6 h running — the channel's maximum running time"));
    }

    @Test
    void decide_runningUnderTheMaximumOrWithoutOne_justReconciles() {
        var wanted = List.of(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING));
        assertThat(CostGuard.decide(ChannelState.RUNNING, wanted, NOW.minus(Duration.ofHours(5)), NOW, SIX_HOURS))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
        assertThat(CostGuard.decide(ChannelState.RUNNING, wanted, NOW.minus(Duration.ofDays(3)), NOW, null))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
    }

    @Test
    void hours_readable() {
        assertThat(CostGuard.hours(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(CostGuard.hours(Duration.ofMinutes(45))).isEqualTo("45 min");
    }

    private final List<String> requested = new ArrayList<>();
    private final ReconcileRequests reconcile = new ReconcileRequests() {
        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String request(String channelId) {
            requested.add(channelId);
            return "reconcile-" + channelId;
        }
    };

    /** Session history where the channel's session has been open since {@code since} (null: none open). */
    private static SessionHistory channelOpenSince(Instant since) {
        return new SessionHistory() {
            @Override
            public List<Session> overlapping(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public Optional<Instant> openSince(String subject) {
                return subject.equals("channel#ch") ? Optional.ofNullable(since) : Optional.empty();
            }
        };
    }

    private static FakeChannel running() {
        FakeChannel channel = new FakeChannel();
        channel.state = ChannelState.RUNNING;
        return channel;
    }

    @Test
    void run_whileAReconcileHoldsTheLock_requestsNone_untilItsLeaseRunsOut() {
        InMemoryDestinationStore store = new InMemoryDestinationStore().given(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING));
        ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
        coordination.tryAcquire("ch", "reconcile-ch-g7", NOW.minusSeconds(60), Duration.ofMinutes(20));

        assertThat(new CostGuard(store, running(), channelOpenSince(null), reconcile, coordination, Clock.fixed(NOW, ZoneOffset.UTC), null)
                .run("ch")).isInstanceOf(CostGuard.Decision.AlreadyReconciling.class);
        assertThat(requested).isEmpty();

        Clock afterTheLease = Clock.fixed(NOW.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        assertThat(new CostGuard(store, running(), channelOpenSince(null), reconcile, coordination, afterTheLease, null).run("ch"))
                .as("a dead run's lease ran out: repair").isInstanceOf(CostGuard.Decision.Reconcile.class);
        assertThat(requested).containsExactly("ch");
    }

    @Test
    void run_overrun_stopsWantingEveryDestinationMarksItAndRequestsAReconcile() {
        InMemoryDestinationStore store = new InMemoryDestinationStore()
                .given(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING))
                .given(dest("b", DesiredState.STOPPED, StreamingStatus.READY));
        CostGuard guard = new CostGuard(store, running(), channelOpenSince(NOW.minus(Duration.ofHours(7))), reconcile,
                new ReconcileServiceTest.Coordination(), Clock.fixed(NOW, ZoneOffset.UTC), SIX_HOURS);

        assertThat(guard.run("ch")).isInstanceOf(CostGuard.Decision.StopOverrun.class);

        Destination a = store.find("a").orElseThrow();
        assertThat(a.desiredState()).isEqualTo(DesiredState.STOPPED);
        assertThat(a.streamingStatus()).isEqualTo(StreamingStatus.ERROR);
        assertThat(a.lastError()).contains("Stopped after 6 h running");
        assertThat(store.find("b").orElseThrow().streamingStatus()).isEqualTo(StreamingStatus.READY);
        assertThat(requested).containsExactly("ch");
    }

    @Test
    void decide_runningWithoutInputForTheLimit_stopsWithThePlainReason() {
        var wanted = List.of(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING));
        var decision = CostGuard.decide(ChannelState.RUNNING, wanted, NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(10)),
                NOW, SIX_HOURS, Duration.ofMinutes(10));
        assertThat(decision).isInstanceOfSatisfying(CostGuard.Decision.StopNoSignal.class, d -> assertThat(d.reason()).isEqualTo(
                "No signal from the encoder for 10 minutes: Lunora stopped the channel to save cost. Start again when the encoder sends."));
    }

    @Test
    void decide_inputLostShorterThanTheLimit_orNoLimit_orNotRunning_justReconciles() {
        var wanted = List.of(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING));
        Instant lost = NOW.minus(Duration.ofMinutes(9));
        assertThat(CostGuard.decide(ChannelState.RUNNING, wanted, null, lost, NOW, null, Duration.ofMinutes(10)))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
        assertThat(CostGuard.decide(ChannelState.RUNNING, wanted, null, NOW.minus(Duration.ofDays(1)), NOW, null, null))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
        assertThat(CostGuard.decide(ChannelState.STARTING, wanted, null, NOW.minus(Duration.ofDays(1)), NOW, null, Duration.ofMinutes(10)))
                .isInstanceOf(CostGuard.Decision.Reconcile.class);
    }

    @Test
    void run_inputLostForINPUT_LOSS_STOP_MINUTES_stopsWantingMarksTheReasonAndReconciles() {
        InMemoryDestinationStore store = new InMemoryDestinationStore()
                .given(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING))
                .given(dest("b", DesiredState.STOPPED, StreamingStatus.READY));
        ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
        coordination.recordInputSignalLost("ch", NOW.minus(Duration.ofMinutes(12)));
        FakeChannel channel = running();
        channel.alerts.add(new dev.lunora.core.alert.ChannelAlert("ch", dev.lunora.core.alert.ChannelAlert.AlarmState.SET, "i1",
                "RTMP Has No Audio/Video", "0", "RTMP input [live/obs] has no audio or video.", NOW.minus(Duration.ofMinutes(12))));
        CostGuard guard = new CostGuard(store, channel, channelOpenSince(NOW.minus(Duration.ofMinutes(30))), reconcile,
                coordination, Clock.fixed(NOW, ZoneOffset.UTC), SIX_HOURS, Duration.ofMinutes(10));

        assertThat(guard.run("ch")).isInstanceOf(CostGuard.Decision.StopNoSignal.class);

        Destination a = store.find("a").orElseThrow();
        assertThat(a.desiredState()).isEqualTo(DesiredState.STOPPED);
        assertThat(a.streamingStatus()).isEqualTo(StreamingStatus.ERROR);
        assertThat(a.lastError()).startsWith("No signal from the encoder for 10 minutes: Lunora stopped the channel");
        assertThat(store.find("b").orElseThrow().streamingStatus()).isEqualTo(StreamingStatus.READY);
        assertThat(requested).containsExactly("ch");
    }

    @Test
    void run_withoutAnInputLossRecorded_theLimitChangesNothing() {
        InMemoryDestinationStore store = new InMemoryDestinationStore().given(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING));
        CostGuard guard = new CostGuard(store, running(), channelOpenSince(NOW.minus(Duration.ofHours(1))), reconcile,
                new ReconcileServiceTest.Coordination(), Clock.fixed(NOW, ZoneOffset.UTC), null, Duration.ofMinutes(10));
        assertThat(guard.run("ch")).isInstanceOf(CostGuard.Decision.Reconcile.class);
        assertThat(store.find("a").orElseThrow().desiredState()).isEqualTo(DesiredState.STREAMING);
    }

    @Test
    void run_inputLossRecordedButNoAlertSetAnyMore_neverStops_andForgetsTheStaleRecord() {
        InMemoryDestinationStore store = new InMemoryDestinationStore().given(dest("a", DesiredState.STREAMING, StreamingStatus.STREAMING));
        ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
        coordination.recordInputSignalLost("ch", NOW.minus(Duration.ofMinutes(30)));
        CostGuard guard = new CostGuard(store, running(), channelOpenSince(NOW.minus(Duration.ofHours(1))), reconcile,
                coordination, Clock.fixed(NOW, ZoneOffset.UTC), null, Duration.ofMinutes(10));

        assertThat(guard.run("ch")).as("an out-of-order SET event is no reason to stop").isInstanceOf(CostGuard.Decision.Reconcile.class);
        assertThat(store.find("a").orElseThrow().desiredState()).isEqualTo(DesiredState.STREAMING);
        assertThat(coordination.inputSignalLostAt("ch")).isEmpty();
    }
}
