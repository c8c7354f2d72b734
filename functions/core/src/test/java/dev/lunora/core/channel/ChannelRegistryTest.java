package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.RelayFleet;
import dev.lunora.core.ports.SessionHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 18: the account's channels, which Lunora manages, and the PUT that changes it. */
class ChannelRegistryTest {

    private static final String PRIMARY = "3714710";
    private static final String SRT = "6802366";
    private static final String OTHER = "6890857";
    private static final Instant NOW = Instant.parse("2026-12-03T21:00:00Z");
    private static final double RATE = 1.0;

    private final InMemoryDestinationStore destinations = new InMemoryDestinationStore();
    private final FakeChannel channel = new FakeChannel();
    private final ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
    private final Map<String, Instant> openSessions = new HashMap<>();
    private ChannelRegistry registry;

    @BeforeEach
    void setUp() {
        // Listed out of order: the registry puts the primary first, then sorts by id.
        channel.account.add(summary(OTHER, "lunora-prod-channel", "RTMP_PUSH", List.of("rtmp://127.0.0.1:1935/live/x")));
        channel.account.add(summary(SRT, "lunora-prod-srt-channel", "SRT_CALLER", List.of("srt://127.0.0.1:9000 (stream id lunora)")));
        channel.account.add(summary(PRIMARY, "lunora-player-prod-obs-rtmp-channel", "RTMP_PUSH", List.of("rtmp://127.0.0.1:1935/live/y")));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        SessionHistory sessions = new SessionHistory() {
            @Override
            public List<Session> overlapping(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public Optional<Instant> openSince(String subject) {
                return Optional.ofNullable(openSessions.get(subject));
            }
        };
        ChannelDeliveryService delivery = new ChannelDeliveryService(destinations, channel, coordination, RelayFleet.notConfigured(), clock);
        registry = new ChannelRegistry(channel, coordination, destinations, delivery, sessions, PRIMARY, RATE, clock);
    }

    private static ChannelSummary summary(String id, String name, String type, List<String> endpoints) {
        return new ChannelSummary(id, name, "arn:aws:medialive:us-west-2:000000000000:channel:" + id, ChannelState.IDLE, "SINGLE_PIPELINE",
                List.of(new ChannelSummary.AttachedInput("in-" + id, type, endpoints)));
    }

    private void givenDestination(String id, String channelId, DesiredState desired, StreamingStatus status) {
        destinations.given(Destination.builder(id, Platform.YOUTUBE).name("Dest " + id).channelId(channelId)
                .desiredState(desired).streamingStatus(status).enabled(true).version(1).build());
    }

    @Test
    void list_freshAccount_primaryFirstThenById_onlyThePrimaryManaged() {
        List<ChannelRegistry.Channel> all = registry.list();

        assertThat(all).extracting(c -> c.summary().channelId()).containsExactly(PRIMARY, SRT, OTHER);
        assertThat(all).extracting(ChannelRegistry.Channel::managed).containsExactly(true, false, false);
        assertThat(all).extracting(ChannelRegistry.Channel::primary).containsExactly(true, false, false);
        assertThat(all.get(1).displayName()).as("display name defaults to the MediaLive name").isEqualTo("lunora-prod-srt-channel");
        assertThat(all.get(1).summary().input().orElseThrow().type()).isEqualTo("SRT_CALLER");
    }

    @Test
    void managedChannelIds_fresh_isThePrimaryOnly() {
        assertThat(registry.managedChannelIds()).containsExactly(PRIMARY);
    }

    @Test
    void update_manageSecondChannel_isManagedAndWatchedByTheCostGuard() {
        ChannelRegistry.Channel c = registry.update(SRT, new ChannelRegistry.Update(true, null, "SRT studio"));

        assertThat(c.managed()).isTrue();
        assertThat(c.displayName()).isEqualTo("SRT studio");
        assertThat(registry.isManaged(SRT)).isTrue();
        assertThat(registry.managedChannelIds()).containsExactly(PRIMARY, SRT);
    }

    @Test
    void update_unmanageThePrimary_leavesItOutOfTheManagedList() {
        registry.update(PRIMARY, new ChannelRegistry.Update(false, null, null));

        assertThat(registry.isManaged(PRIMARY)).isFalse();
        assertThat(registry.managedChannelIds()).isEmpty();
    }

    @Test
    void update_blankDisplayName_putsTheMediaLiveNameBack() {
        registry.update(SRT, new ChannelRegistry.Update(null, null, "SRT studio"));

        assertThat(registry.update(SRT, new ChannelRegistry.Update(null, null, " ")).displayName()).isEqualTo("lunora-prod-srt-channel");
    }

    @Test
    void update_displayNameWithALineBreak_is400OnDisplayName() {
        ValidationException e = catchThrowableOfType(() -> registry.update(SRT, new ChannelRegistry.Update(null, null, "a\nb")),
                ValidationException.class);

        assertThat(e.field()).isEqualTo("display_name");
    }

    @ParameterizedTest
    @CsvSource({"streaming,ready", "stopped,streaming", "stopped,starting", "stopped,stopping"})
    void update_unmanageWhileADestinationStreamsOrWantsTo_is409NamingIt(String desired, String status) {
        registry.update(SRT, new ChannelRegistry.Update(true, null, null));
        givenDestination("d1", SRT, DesiredState.fromId(desired), StreamingStatus.fromId(status));

        ConflictException e = catchThrowableOfType(() -> registry.update(SRT, new ChannelRegistry.Update(false, null, null)),
                ConflictException.class);

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANNEL_STREAMING);
        assertThat(e.getMessage()).contains("'Dest d1'");
        assertThat(registry.isManaged(SRT)).isTrue();
    }

    @Test
    void update_unmanageWhileTheChannelIsNotIdle_is409() {
        registry.update(SRT, new ChannelRegistry.Update(true, null, null));
        channel.account.replaceAll(s -> s.channelId().equals(SRT)
                ? new ChannelSummary(SRT, s.name(), s.arn(), ChannelState.RUNNING, s.channelClass(), s.inputs()) : s);

        ConflictException e = catchThrowableOfType(() -> registry.update(SRT, new ChannelRegistry.Update(false, null, null)),
                ConflictException.class);

        assertThat(e.getMessage()).contains("RUNNING").contains("IDLE");
        assertThat(registry.isManaged(SRT)).isTrue();
    }

    @Test
    void update_unmanageWithOnlyStoppedDestinations_isAllowed() {
        registry.update(SRT, new ChannelRegistry.Update(true, null, null));
        givenDestination("d1", SRT, DesiredState.STOPPED, StreamingStatus.READY);

        assertThat(registry.update(SRT, new ChannelRegistry.Update(false, null, null)).managed()).isFalse();
    }

    @Test
    void update_deliveryOfAnUnmanagedChannel_is400AndChangesNothing() {
        ValidationException e = catchThrowableOfType(() -> registry.update(SRT, new ChannelRegistry.Update(null, DeliveryMode.RELAY, "x")),
                ValidationException.class);

        assertThat(e.field()).isEqualTo("delivery");
        assertThat(registry.get(SRT).displayName()).as("a refused request changes nothing").isEqualTo("lunora-prod-srt-channel");
    }

    @Test
    void update_relayWithoutRelayDeployed_isRefusedByTheSwitchRules() {
        ConflictException e = catchThrowableOfType(() -> registry.update(PRIMARY, new ChannelRegistry.Update(null, DeliveryMode.RELAY, null)),
                ConflictException.class);

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.RELAY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("not deployed");
    }

    @Test
    void update_relayOnASecondChannel_isRefusedAndManagesNothing_theRelayServesThePrimaryOnly() {
        ConflictException e = catchThrowableOfType(() -> registry.update(SRT, new ChannelRegistry.Update(true, DeliveryMode.RELAY, null)),
                ConflictException.class);

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.RELAY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("primary channel 3714710 only");
        assertThat(registry.isManaged(SRT)).isFalse();
    }

    @Test
    void get_unknownChannel_isNotFound() {
        assertThat(catchThrowableOfType(() -> registry.get("1234567"), NotFoundException.class)).hasMessageContaining("1234567");
        assertThat(catchThrowableOfType(() -> registry.get("../etc"), NotFoundException.class)).isNotNull();
    }

    @Test
    void get_unmanagedChannel_isNotDescribed() {
        channel.calls.clear();
        registry.get(SRT);

        assertThat(channel.calls).as("the stack's IAM covers only managed channels").containsOnly("list");
    }

    @Test
    void get_runningChannel_showsSinceAndCostAtTheRate() {
        channel.state = ChannelState.RUNNING;
        openSessions.put(dev.lunora.core.ports.SessionLog.channelSubject(PRIMARY), NOW.minus(Duration.ofMinutes(90)));

        ChannelRegistry.Channel c = registry.get(PRIMARY);

        assertThat(c.runningSince()).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(c.runningCostUsd()).isEqualTo(1.5);
    }

    @Test
    void update_manageAChannelTheStacksPermissionsDoNotCover_is409SayingHowToDeploy() {
        ChannelRegistry narrow = registry.permitting(java.util.Set.of(PRIMARY));

        ConflictException e = catchThrowableOfType(() -> narrow.update(SRT, new ChannelRegistry.Update(true, null, null)),
                ConflictException.class);

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.CHANNEL_NOT_PERMITTED);
        assertThat(e.getMessage()).contains("managedChannelIds=3714710,6802366");
        assertThat(narrow.isManaged(SRT)).isFalse();
        assertThat(registry.permitting(java.util.Set.of(PRIMARY, SRT)).update(SRT, new ChannelRegistry.Update(true, null, null)).managed()).isTrue();
    }

    @Test
    void isManaged_flaggedChannelALaterDeployNoLongerCovers_isNotManagedNorGuarded() {
        registry.update(SRT, new ChannelRegistry.Update(true, null, null));
        ChannelRegistry narrowed = registry.permitting(java.util.Set.of(PRIMARY));

        assertThat(narrowed.isManaged(SRT)).isFalse();
        assertThat(narrowed.managedChannelIds()).containsExactly(PRIMARY);
        assertThat(narrowed.get(SRT).managed()).isFalse();
    }
}
