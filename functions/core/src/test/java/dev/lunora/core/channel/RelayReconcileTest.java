package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.InMemoryPresetStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.RelayUnavailableException;
import dev.lunora.core.ports.RelayFleet;
import dev.lunora.core.ports.SessionLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 3: the reconcile steps of a relay-mode channel, driven as the state machine would. A destination
 * change never updates, stops or starts the channel; the relay comes up before the channel starts and goes to zero
 * after it stops; statuses follow the relay's reports.
 */
class RelayReconcileTest {

    private static final String CHANNEL = "ch-relay";
    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");
    private static final RelayOutput RELAY = new RelayOutput("rtmp://relay.example.com:1935/relay", "/lunora/relay/ingest-secret");

    private final InMemoryDestinationStore store = new InMemoryDestinationStore();
    private final FakeChannel channel = new FakeChannel();
    private final ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
    private final Fleet fleet = new Fleet();
    private final Map<String, String> keys = new HashMap<>();
    private ReconcileService service;
    private int created;

    /** A relay service whose tasks come up when the test says. */
    static final class Fleet implements RelayFleet {
        int desired;
        int running;
        String failure;
        final List<Integer> scaled = new ArrayList<>();

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public RelayState state(String channelId) {
            return new RelayState(desired, running, failure);
        }

        @Override
        public void scale(String channelId, int tasks) {
            scaled.add(tasks);
            desired = tasks;
        }

        void settle() {
            running = failure == null ? desired : 0;
        }
    }

    @BeforeEach
    void setUp() {
        keys.put(RELAY.secretParameter(), "ingest-secret-value-1234");
        service = new ReconcileService(store, new InMemoryPresetStore(InMemoryPresetStore.preset("p720", true)), channel,
                name -> Optional.ofNullable(keys.get(name)).orElseThrow(() -> new NotFoundException("missing " + name)),
                coordination, new ReconcileServiceTest.Sessions(), Clock.fixed(NOW, ZoneOffset.UTC), fleet, RELAY,
                dev.lunora.core.destination.AddressPolicy.of(null, host -> {
                    throw new java.net.UnknownHostException(host);
                }), dev.lunora.core.destination.TestFingerprints.FINGERPRINTS);
        coordination.setDeliveryMode(CHANNEL, DeliveryMode.RELAY);
    }

    private Destination given(String id, DesiredState desired) {
        Destination d = Destination.builder(id, Platform.CUSTOM).name(id.toUpperCase()).channelId(CHANNEL)
                .rtmpUrl("rtmp://ingest.example.com/" + id).streamKeyParam("/k/" + id).presetId("p720")
                .desiredState(desired).version(1).createdAt(NOW.plusSeconds(created++)).updatedAt(NOW).build();
        keys.put("/k/" + id, "secret-key-of-" + id);
        store.given(d);
        return d;
    }

    /** What the relay writes when it has tried to push: a report observed after the click. */
    private void relayReports(String id, DeliveryStatus status) {
        store.given(stored(id).toBuilder().delivery(new DeliveryReport(status, NOW.plusSeconds(1))).build());
    }

    private Destination stored(String id) {
        return store.find(id).orElseThrow();
    }

    /** Plan, act, settle until done, as the workflow does; {@code onWait} plays the relay while the run waits for it. */
    private List<NextStep> converge(Runnable onDeliveryWait) {
        List<NextStep> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ChannelPlan plan = service.plan(CHANNEL, "exec", 0, 0, 0);
            steps.add(plan.next());
            switch (plan.next()) {
                case DONE -> {
                    service.recordStatus(CHANNEL, "exec", coordination.generation(CHANNEL));
                    return steps;
                }
                case START_RELAY -> service.startRelay(CHANNEL, "exec");
                case STOP_RELAY -> service.stopRelay(CHANNEL, "exec");
                case STOP_FOR_UPDATE, STOP_CHANNEL -> service.stopChannel(CHANNEL, "exec");
                case APPLY_OUTPUTS -> service.applyOutputs(CHANNEL, "exec");
                case START_CHANNEL -> service.startChannel(CHANNEL, "exec");
                case WAIT_FOR_DELIVERY -> onDeliveryWait.run();
                case WAIT_FOR_CHANNEL -> { }
                case CHANNEL_UNUSABLE -> throw new AssertionError("unusable");
            }
            channel.settle();
            fleet.settle();
        }
        throw new AssertionError("did not converge: " + steps);
    }

    @Test
    void firstStart_relayUpBeforeTheChannel_oneRelayOutput_statusOnceTheRelayReportsLive() {
        given("a", DesiredState.STREAMING);

        List<NextStep> steps = converge(() -> relayReports("a", DeliveryStatus.live(NOW, 4500)));

        assertThat(steps).containsExactly(NextStep.START_RELAY, NextStep.APPLY_OUTPUTS,
                NextStep.START_CHANNEL, NextStep.WAIT_FOR_DELIVERY, NextStep.DONE);
        assertThat(channel.outputs).extracting(ChannelView.OutputOnChannel::destinationId).containsExactly(RelayOutput.DESTINATION_ID);
        assertThat(channel.keysSent).as("the ingest secret goes into the stream name").containsExactly("ingest-secret-value-1234");
        assertThat(stored("a").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(fleet.scaled).containsExactly(1);
    }

    @Test
    void addAndRemoveWhileLive_neverUpdatesStopsOrStartsTheChannel() {
        given("a", DesiredState.STREAMING);
        converge(() -> relayReports("a", DeliveryStatus.live(NOW, 4500)));
        channel.calls.clear();

        given("b", DesiredState.STREAMING);
        assertThat(converge(() -> relayReports("b", DeliveryStatus.live(NOW, 4400))))
                .containsExactly(NextStep.WAIT_FOR_DELIVERY, NextStep.DONE);
        store.given(stored("a").toBuilder().desiredState(DesiredState.STOPPED).build());
        relayReports("a", DeliveryStatus.stopped());
        assertThat(converge(() -> { })).containsExactly(NextStep.DONE);

        assertThat(channel.calls).doesNotContain("update", "stop", "start");
        assertThat(stored("b").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        assertThat(stored("a").streamingStatus()).isEqualTo(StreamingStatus.READY);
    }

    @Test
    void refusedKey_failsThatDestinationAloneWithTheRelaysReason() {
        given("a", DesiredState.STREAMING);
        given("c", DesiredState.STREAMING);

        converge(() -> {
            relayReports("a", DeliveryStatus.live(NOW, 4500));
            relayReports("c", DeliveryStatus.failing("the platform refused the stream key"));
        });

        assertThat(stored("a").streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
        Destination c = stored("c");
        assertThat(c.streamingStatus()).isEqualTo(StreamingStatus.ERROR);
        assertThat(c.desiredState()).as("the relay stops retrying it").isEqualTo(DesiredState.STOPPED);
        assertThat(c.lastError()).contains("'C'", "the platform refused the stream key");
        assertThat(c.lastError()).doesNotContain("secret-key-of-c");
    }

    @Test
    void lastStop_stopsTheChannelThenScalesTheRelayToZero() {
        given("a", DesiredState.STREAMING);
        converge(() -> relayReports("a", DeliveryStatus.live(NOW, 4500)));
        store.given(stored("a").toBuilder().desiredState(DesiredState.STOPPED).build());

        assertThat(converge(() -> { })).containsExactly(NextStep.STOP_CHANNEL, NextStep.STOP_RELAY, NextStep.DONE);

        assertThat(channel.state).isEqualTo(ChannelState.IDLE);
        assertThat(fleet.desired).isZero();
        assertThat(channel.outputs).as("the relay output stays for the next Start").hasSize(1);
    }

    @Test
    void relayThatCannotStart_failsTheRunWithTheReason_beforeTheChannelStarts() {
        given("a", DesiredState.STREAMING);
        fleet.failure = "its task stopped: CannotPullContainerError";

        assertThatThrownBy(() -> converge(() -> { })).isInstanceOf(RelayUnavailableException.class)
                .hasMessageContaining("CannotPullContainerError");
        assertThat(channel.calls).doesNotContain("start");

        List<String> marked = service.compensate(CHANNEL, "exec", RelayUnavailableException.class.getName(), "its task stopped");
        assertThat(marked).containsExactly("a");
        assertThat(stored("a").lastError()).startsWith("The relay could not start");
    }

    @Test
    void relayStillDownAfterItsBudget_failsTheRun() {
        given("a", DesiredState.STREAMING);
        service.startRelay(CHANNEL, "exec");

        assertThat(service.plan(CHANNEL, "exec", 0, 0, 10).next()).isEqualTo(NextStep.WAIT_FOR_CHANNEL);
        assertThatThrownBy(() -> service.plan(CHANNEL, "exec", 0, 0, ReconcileService.RELAY_START_BUDGET_SECONDS))
                .isInstanceOf(RelayUnavailableException.class);
    }

    @Test
    void reportsThatNeverCome_recordWhatIsKnownAfterTheBudget() {
        given("a", DesiredState.STREAMING);
        converge(() -> relayReports("a", DeliveryStatus.live(NOW, 4500)));
        given("b", DesiredState.STREAMING);

        assertThat(service.plan(CHANNEL, "exec", 0, 0, 0).next()).isEqualTo(NextStep.WAIT_FOR_DELIVERY);
        assertThat(service.plan(CHANNEL, "exec", 0, 0, ReconcileService.DELIVERY_BUDGET_SECONDS).next()).isEqualTo(NextStep.DONE);
        service.recordStatus(CHANNEL, "exec", coordination.generation(CHANNEL));
        assertThat(stored("b").streamingStatus()).isEqualTo(StreamingStatus.STARTING);
    }

    @Test
    void sessions_areOpenedOnlyForDestinationsTheRelayHasLive() {
        given("a", DesiredState.STREAMING);
        converge(() -> relayReports("a", DeliveryStatus.live(NOW.minusSeconds(3), 4500)));
        assertThat(stored("a").streamingStartedAt()).as("live since the relay saw packets flow").isEqualTo(NOW.minusSeconds(3));
        assertThat(SessionLog.channelSubject(CHANNEL)).isNotBlank();
    }
}
