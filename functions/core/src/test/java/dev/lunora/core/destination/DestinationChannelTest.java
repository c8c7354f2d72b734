package dev.lunora.core.destination;

import static dev.lunora.core.destination.TestDestinations.CHANNEL;
import static dev.lunora.core.destination.TestDestinations.KEY;
import static dev.lunora.core.destination.TestDestinations.aCreateRequest;
import static dev.lunora.core.destination.TestDestinations.aYouTubeDestination;
import static dev.lunora.core.destination.TestDestinations.anEdit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.preset.Preset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Issue 18: each destination belongs to one managed channel, chosen on create and edit, moved only while it does not stream. */
class DestinationChannelTest {

    private static final Instant NOW = Instant.parse("2026-12-03T21:00:00Z");
    private static final String SRT_CHANNEL = "6802366";
    private static final String UNMANAGED = "6890857";

    private InMemoryDestinationStore store;
    private InMemoryStreamKeyVault vault;
    private RecordingReconcileRequests reconcile;
    /** Lunora's outputs each channel carries now, by channel. */
    private final Map<String, List<ChannelView.OutputOnChannel>> outputs = new HashMap<>();

    @BeforeEach
    void setUp() {
        store = new InMemoryDestinationStore();
        vault = new InMemoryStreamKeyVault();
        reconcile = new RecordingReconcileRequests();
    }

    private DestinationService service() {
        ChannelControl channels = new ChannelControl() {
            @Override
            public ChannelView describe(String channelId) {
                return new ChannelView(channelId, ChannelState.IDLE, 1, outputs.getOrDefault(channelId, List.of()), false);
            }

            @Override
            public void start(String channelId) {
            }

            @Override
            public void stop(String channelId) {
            }

            @Override
            public void applyOutputs(String channelId, List<ResolvedOutput> o, List<Preset> presets) {
            }

            @Override
            public List<dev.lunora.core.alert.ChannelAlert> alerts(String channelId) {
                return List.of();
            }
        };
        return new DestinationService(store, new InMemoryPresetStore(InMemoryPresetStore.preset("preset-720p", true)), vault, reconcile,
                Clock.fixed(NOW, ZoneOffset.UTC), () -> "dest-new", CHANNEL, channels, AddressPolicy.of(null, host -> {
                    throw new java.net.UnknownHostException(host);
                }), TestFingerprints.FINGERPRINTS, Set.of(CHANNEL, SRT_CHANNEL)::contains);
    }

    private Destination given(Destination.Builder builder) {
        Destination d = builder.build();
        store.given(d);
        vault.given(d.streamKeyParam(), KEY);
        return d;
    }

    @Test
    void create_withoutChannel_belongsToThePrimary() {
        assertThat(service().create(aCreateRequest().build()).channelId()).isEqualTo(CHANNEL);
    }

    @Test
    void create_onAManagedChannel_belongsToIt() {
        Destination created = service().create(aCreateRequest().channelId(SRT_CHANNEL).build());

        assertThat(created.channelId()).isEqualTo(SRT_CHANNEL);
        assertThat(store.find("dest-new").orElseThrow().channelId()).isEqualTo(SRT_CHANNEL);
    }

    @ParameterizedTest
    @CsvSource({"6890857", "999", "'../x'"})
    void create_onAChannelLunoraDoesNotManage_is400InvalidChannelAndStoresNothing(String channelId) {
        ValidationException e = catchThrowableOfType(() -> service().create(aCreateRequest().channelId(channelId).build()),
                ValidationException.class);

        assertThat(e.code()).isEqualTo("invalid_channel");
        assertThat(e.field()).isEqualTo("channel_id");
        assertThat(store.find("dest-new")).isEmpty();
    }

    @Test
    void update_moveOfAStoppedDestination_movesItAndReconcilesTheOldChannelThatCarriesItsOutput() {
        given(aYouTubeDestination("yt"));
        outputs.put(CHANNEL, List.of(new ChannelView.OutputOnChannel("yt", "rtmp://a.rtmp.youtube.com/live2", "preset-720p")));

        Destination moved = service().update("yt", anEdit().channelId(SRT_CHANNEL).build());

        assertThat(moved.channelId()).isEqualTo(SRT_CHANNEL);
        assertThat(store.find("yt").orElseThrow().channelId()).isEqualTo(SRT_CHANNEL);
        assertThat(reconcile.requestedChannels()).as("only the old channel has something to remove").containsExactly(CHANNEL);
    }

    @Test
    void update_moveWhenTheOldChannelHasNoOutputOfIt_reconcilesNothing() {
        given(aYouTubeDestination("yt"));

        service().update("yt", anEdit().channelId(SRT_CHANNEL).build());

        assertThat(reconcile.requestedChannels()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"streaming,ready", "stopped,streaming", "stopped,starting", "stopped,stopping"})
    void update_moveOfADestinationThatStreamsOrWantsTo_is409AndChangesNothing(String desired, String status) {
        given(aYouTubeDestination("yt").desiredState(DesiredState.fromId(desired)).streamingStatus(StreamingStatus.fromId(status)));

        ConflictException e = catchThrowableOfType(() -> service().update("yt", anEdit().channelId(SRT_CHANNEL).build()),
                ConflictException.class);

        assertThat(e.reason()).isEqualTo(ConflictException.Reason.DESTINATION_STREAMING);
        assertThat(e.getMessage()).contains("Stop it first").contains(SRT_CHANNEL);
        assertThat(store.find("yt").orElseThrow().channelId()).isEqualTo(CHANNEL);
        assertThat(reconcile.requestedChannels()).isEmpty();
    }

    @Test
    void update_sameChannelWhileStreaming_isNoMove() {
        given(aYouTubeDestination("yt").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING));

        assertThat(service().update("yt", anEdit().channelId(CHANNEL).name("Renamed").build()).name()).isEqualTo("Renamed");
    }

    @Test
    void update_moveToAnUnmanagedChannel_is400InvalidChannel() {
        given(aYouTubeDestination("yt"));

        ValidationException e = catchThrowableOfType(() -> service().update("yt", anEdit().channelId(UNMANAGED).build()),
                ValidationException.class);

        assertThat(e.code()).isEqualTo("invalid_channel");
        assertThat(e.getMessage()).contains(UNMANAGED);
        assertThat(store.find("yt").orElseThrow().channelId()).isEqualTo(CHANNEL);
    }

    @Test
    void start_onAChannelNoLongerManaged_isRefusedAndNothingIsRequested() {
        given(aYouTubeDestination("yt").channelId(UNMANAGED));

        ValidationException e = catchThrowableOfType(() -> service().start("yt"), ValidationException.class);

        assertThat(e.code()).isEqualTo("invalid_channel");
        assertThat(reconcile.requestedChannels()).isEmpty();
        assertThat(store.find("yt").orElseThrow().desiredState()).isEqualTo(DesiredState.STOPPED);
    }

    @Test
    void start_onASecondManagedChannel_reconcilesThatChannelOnly() {
        given(aYouTubeDestination("srt-dest").channelId(SRT_CHANNEL));

        service().start("srt-dest");

        assertThat(reconcile.requestedChannels()).containsExactly(SRT_CHANNEL);
    }
}
