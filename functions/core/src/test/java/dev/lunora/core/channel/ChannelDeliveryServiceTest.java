package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.ports.RelayFleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChannelDeliveryServiceTest {

    private static final String CHANNEL = "ch-1";
    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");

    private final InMemoryDestinationStore destinations = new InMemoryDestinationStore();
    private final FakeChannel channel = new FakeChannel();
    private final ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
    private final Relays relays = new Relays();
    private final ChannelDeliveryService service = new ChannelDeliveryService(destinations, channel, coordination, relays,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private void given(String id, String name, DesiredState desired, StreamingStatus status) {
        destinations.given(Destination.builder(id, Platform.YOUTUBE).name(name).channelId(CHANNEL)
                .desiredState(desired).streamingStatus(status).enabled(true).version(1).build());
    }

    @Test
    void picture_idleChannel_isMissingWithTheReason() {
        assertThat(service.picture(CHANNEL)).isEqualTo(new ChannelDeliveryService.Picture.Missing(
                "Channel ch-1 is IDLE: thumbnails exist only while it runs."));
    }

    @Test
    void picture_runningChannel_isMediaLivesLatestThumbnail_orSaysNoneYet() {
        channel.state = ChannelState.RUNNING;
        assertThat(service.picture(CHANNEL)).isInstanceOfSatisfying(ChannelDeliveryService.Picture.Missing.class,
                m -> assertThat(m.reason()).contains("runs"));

        Thumbnail latest = new Thumbnail(new byte[] {(byte) 0xFF, (byte) 0xD8}, NOW);
        channel.thumbnail = latest;
        assertThat(service.picture(CHANNEL)).isEqualTo(new ChannelDeliveryService.Picture.Found(latest));
    }

    @Test
    void overview_signal_okWhileRunning_noSignalSinceTheRecordedLoss_unknownWhenIdle() {
        assertThat(service.overview(CHANNEL).signal().state()).isEqualTo(InputSignal.State.UNKNOWN);
        channel.state = ChannelState.RUNNING;
        assertThat(service.overview(CHANNEL).signal().state()).isEqualTo(InputSignal.State.OK);

        coordination.recordInputSignalLost(CHANNEL, NOW.minusSeconds(30));

        InputSignal signal = service.overview(CHANNEL).signal();
        assertThat(signal.state()).isEqualTo(InputSignal.State.NO_SIGNAL);
        assertThat(signal.since()).isEqualTo(NOW.minusSeconds(30));
        assertThat(signal.message()).startsWith("No signal from the encoder since 17:59:30 UTC");
    }

    @Test
    void mode_nothingStored_isDirect() {
        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.DIRECT);
    }

    @Test
    void switchTo_relayOnIdleSinglePipelineChannelWithRelayDeployed_storesRelay() {
        given("yt", "YouTube", DesiredState.STOPPED, StreamingStatus.READY);

        service.switchTo(CHANNEL, DeliveryMode.RELAY);

        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.RELAY);
        assertThat(channel.calls).as("a switch only records the mode; the next Start builds the channel").isEmpty();
    }

    @Test
    void switchTo_directFromRelay_storesDirect() {
        coordination.setDeliveryMode(CHANNEL, DeliveryMode.RELAY);

        service.switchTo(CHANNEL, DeliveryMode.DIRECT);

        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.DIRECT);
    }

    @Test
    void switchTo_currentModeWhileStreaming_changesNothingAndSucceeds() {
        given("yt", "YouTube", DesiredState.STREAMING, StreamingStatus.STREAMING);
        channel.state = ChannelState.RUNNING;

        service.switchTo(CHANNEL, DeliveryMode.DIRECT);

        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.DIRECT);
    }

    @Test
    void switchTo_destinationLive_refusedNamingIt() {
        given("yt", "YouTube", DesiredState.STREAMING, StreamingStatus.STREAMING);
        given("tw", "Twitch", DesiredState.STOPPED, StreamingStatus.READY);

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANNEL_STREAMING))
                .hasMessageContaining("'YouTube' is live")
                .hasMessageNotContaining("Twitch");
        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.DIRECT);
    }

    @Test
    void switchTo_destinationsStartingAndStopping_refusedNamingThemAll() {
        given("yt", "YouTube", DesiredState.STREAMING, StreamingStatus.STARTING);
        given("tw", "Twitch", DesiredState.STOPPED, StreamingStatus.STOPPING);

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY))
                .hasMessageContaining("'YouTube' and 'Twitch' are live or on the way");
    }

    @Test
    void switchTo_liveDestinationOfAnotherChannel_doesNotBlock() {
        destinations.given(Destination.builder("other", Platform.TWITCH).name("Elsewhere").channelId("ch-2")
                .desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING).build());

        service.switchTo(CHANNEL, DeliveryMode.RELAY);

        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.RELAY);
    }

    @Test
    void switchTo_channelRunningWithNoDestinationLive_refusedNamingTheState() {
        channel.state = ChannelState.RUNNING;

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANNEL_STREAMING))
                .hasMessageContaining("channel ch-1 is RUNNING");
    }

    @Test
    void switchTo_channelStopping_refused() {
        channel.state = ChannelState.STOPPING;

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY)).hasMessageContaining("is STOPPING");
    }

    @Test
    void switchTo_reconcileHoldsTheLock_refused() {
        coordination.tryAcquire(CHANNEL, "reconcile-ch-1-g4", NOW, Duration.ofMinutes(20));

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANNEL_STREAMING))
                .hasMessageContaining("being changed right now");
    }

    @Test
    void switchTo_relayNotDeployed_refusedSayingSo() {
        relays.configured = false;

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.RELAY_UNAVAILABLE))
                .hasMessageContaining("Relay mode is not deployed in this stack");
        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.DIRECT);
    }

    @Test
    void switchTo_directWhileRelayNotDeployed_allowed() {
        // A stack that dropped the relay must still let a relay channel go back to direct.
        coordination.setDeliveryMode(CHANNEL, DeliveryMode.RELAY);
        relays.configured = false;

        service.switchTo(CHANNEL, DeliveryMode.DIRECT);

        assertThat(service.mode(CHANNEL)).isEqualTo(DeliveryMode.DIRECT);
    }

    @Test
    void switchTo_relayOnStandardChannel_refusedNamingTheSecondPipeline() {
        channel.pipelines = 2;

        assertThatThrownBy(() -> service.switchTo(CHANNEL, DeliveryMode.RELAY))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.RELAY_UNAVAILABLE))
                .hasMessageContaining("Relay mode serves SINGLE_PIPELINE channels")
                .hasMessageContaining("second pipeline would have nowhere to push");
    }

    @Test
    void overview_relayChannelInRelayStack_carriesModeAndAvailability() {
        coordination.setDeliveryMode(CHANNEL, DeliveryMode.RELAY);

        ChannelOverview overview = service.overview(CHANNEL);

        assertThat(overview.delivery()).isEqualTo(DeliveryMode.RELAY);
        assertThat(overview.relayAvailable()).isTrue();
        assertThat(overview.state()).isEqualTo(ChannelState.IDLE);
    }

    @Test
    void overview_stackWithoutRelay_saysRelayUnavailable() {
        relays.configured = false;

        assertThat(service.overview(CHANNEL).relayAvailable()).isFalse();
        assertThat(service.overview(CHANNEL).delivery()).isEqualTo(DeliveryMode.DIRECT);
    }

    /** A fleet whose deployment a test switches on and off; scaling is the reconcile's business, not this use case's. */
    private static final class Relays implements RelayFleet {
        boolean configured = true;

        @Override
        public boolean configured() {
            return configured;
        }

        @Override
        public RelayState state(String channelId) {
            return new RelayState(0, 0, null);
        }

        @Override
        public void scale(String channelId, int tasks) {
            throw new AssertionError("switching the mode must not scale the relay");
        }
    }
}
