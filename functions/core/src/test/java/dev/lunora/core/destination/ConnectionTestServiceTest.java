package dev.lunora.core.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.alert.ChannelAlert;
import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.exceptions.TooManyRequestsException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ConnectionProbe;
import dev.lunora.core.preset.Preset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 17 item 3: the destination Test probes RTMP destinations, reports HLS from the channel, and is rate-limited. */
class ConnectionTestServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");
    private final InMemoryDestinationStore store = new InMemoryDestinationStore();
    private final List<String> probed = new ArrayList<>();
    private boolean channelHasOtherGroups = true;
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private ConnectionTestService service() {
        ConnectionProbe probe = url -> {
            probed.add(url);
            return new ConnectionProbe.Result("reachable", 12L, "ok");
        };
        ChannelControl channel = new ChannelControl() {
            @Override
            public ChannelView describe(String channelId) {
                return new ChannelView(channelId, ChannelState.IDLE, 1, List.of(), channelHasOtherGroups);
            }

            @Override
            public void start(String channelId) {
            }

            @Override
            public void stop(String channelId) {
            }

            @Override
            public void applyOutputs(String channelId, List<ResolvedOutput> outputs, List<Preset> presets) {
            }

            @Override
            public List<ChannelAlert> alerts(String channelId) {
                return List.of();
            }

            @Override
            public java.util.Optional<dev.lunora.core.channel.Thumbnail> thumbnail(String channelId) {
                return java.util.Optional.empty();
            }
        };
        return new ConnectionTestService(store, probe, channel, TestDestinations.CHANNEL, clock);
    }

    @Test
    void rtmpDestination_isProbedAtItsUrl() {
        store.given(TestDestinations.aYouTubeDestination("d-1").build());
        assertThat(service().test("d-1").latencyMs()).isEqualTo(12L);
        assertThat(probed).containsExactly("rtmp://a.rtmp.youtube.com/live2");
    }

    @Test
    void secondTestWithinTenSeconds_isRefused_afterItAgainAllowed() {
        store.given(TestDestinations.aYouTubeDestination("d-1").build());
        ConnectionTestService s = service();
        s.test("d-1");
        assertThatThrownBy(() -> s.test("d-1")).isInstanceOf(TooManyRequestsException.class).hasMessageContaining("Try again in");
        assertThat(probed).hasSize(1);
    }

    @Test
    void hlsDestination_reportsWhetherTheChannelServesIt_withoutAProbe() {
        store.given(TestDestinations.anHlsDestination("h-1").build());
        assertThat(service().test("h-1").connectivity()).isEqualTo("reachable");
        channelHasOtherGroups = false;
        store.given(TestDestinations.anHlsDestination("h-2").build());
        assertThat(service().test("h-2").connectivity()).isEqualTo("not_configured");
        assertThat(probed).isEmpty();
    }
}
