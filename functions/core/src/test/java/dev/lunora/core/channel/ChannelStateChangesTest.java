package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.ReconcileRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** State-change events: a reconcile only for changes outside one that the statuses do not show. */
class ChannelStateChangesTest {

    private static final String CHANNEL = "ch-1";
    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");

    private final InMemoryDestinationStore store = new InMemoryDestinationStore();
    private final List<String> requested = new ArrayList<>();
    private ChannelCoordination.Status status;

    private final ChannelStateChanges changes = new ChannelStateChanges(store, new Coordination(), new ReconcileRequests() {
        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String request(String channelId) {
            requested.add(channelId);
            return "reconcile-" + channelId + "-g" + requested.size();
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    private void given(DesiredState desired, StreamingStatus status) {
        store.given(Destination.builder("yt", Platform.YOUTUBE).channelId(CHANNEL).desiredState(desired).streamingStatus(status).build());
    }

    @Test
    void stoppedBehindLunorasBack_whileStreaming_requestsAReconcile() {
        given(DesiredState.STREAMING, StreamingStatus.STREAMING);

        assertThat(changes.onStateChange(CHANNEL, "STOPPED")).isEqualTo("reconcile-ch-1-g1");
    }

    @Test
    void stoppedAsRecorded_nothingToDo() {
        given(DesiredState.STOPPED, StreamingStatus.READY);

        assertThat(changes.onStateChange(CHANNEL, "STOPPED")).isNull();
        assertThat(requested).isEmpty();
    }

    @Test
    void runningWithNothingWanted_requestsAReconcile() {
        given(DesiredState.STOPPED, StreamingStatus.READY);

        assertThat(changes.onStateChange(CHANNEL, "RUNNING")).isNotNull();
    }

    @Test
    void aClickAwaitsItsRun_startingOrStopping_ignored() {
        given(DesiredState.STREAMING, StreamingStatus.STARTING);
        assertThat(changes.onStateChange(CHANNEL, "RUNNING")).isNull();
        assertThat(changes.onStateChange(CHANNEL, "STOPPED")).isNull();
        given(DesiredState.STOPPED, StreamingStatus.STOPPING);
        assertThat(changes.onStateChange(CHANNEL, "RUNNING")).isNull();
        assertThat(requested).isEmpty();
    }

    @Test
    void whileARunHoldsTheLock_ignored() {
        given(DesiredState.STREAMING, StreamingStatus.STREAMING);
        status = new ChannelCoordination.Status(CHANNEL, 3, "reconcile-ch-1-g3", NOW.plus(Duration.ofMinutes(5)), null);

        assertThat(changes.onStateChange(CHANNEL, "STOPPED")).isNull();
        assertThat(requested).isEmpty();
    }

    @Test
    void expiredLock_doesNotCount() {
        given(DesiredState.STREAMING, StreamingStatus.STREAMING);
        status = new ChannelCoordination.Status(CHANNEL, 3, "reconcile-ch-1-g3", NOW.minusSeconds(1), null);

        assertThat(changes.onStateChange(CHANNEL, "STOPPED")).isNotNull();
    }

    @Test
    void transitionalStates_ignored() {
        given(DesiredState.STREAMING, StreamingStatus.STREAMING);

        assertThat(changes.onStateChange(CHANNEL, "STOPPING")).isNull();
        assertThat(changes.onStateChange(CHANNEL, "STARTING")).isNull();
    }

    private final class Coordination implements ChannelCoordination {
        private final java.util.Map<String, dev.lunora.core.channel.DeliveryMode> modes = new java.util.HashMap<>();

        @Override
        public dev.lunora.core.channel.DeliveryMode deliveryMode(String channelId) {
            return modes.getOrDefault(channelId, dev.lunora.core.channel.DeliveryMode.DIRECT);
        }

        @Override
        public void setDeliveryMode(String channelId, dev.lunora.core.channel.DeliveryMode mode) {
            modes.put(channelId, mode);
        }

        @Override
        public RequestGeneration bumpGeneration(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long generation(String channelId) {
            return 0;
        }

        @Override
        public boolean tryAcquire(String channelId, String owner, Instant now, Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(String channelId, String owner) {
        }

        @Override
        public boolean releaseUnlessNewerRequests(String channelId, String owner, long seenGeneration) {
            return true;
        }

        @Override
        public void recordProgress(String channelId, Progress progress) {
        }

        @Override
        public Optional<Status> status(String channelId) {
            return Optional.ofNullable(status);
        }
    }
}
