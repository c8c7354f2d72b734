package dev.lunora.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    @Test
    void defaults_ffmpegWithItsOwnNginxOnTheRtmpPort() {
        RelayConfig config = new RelayConfig(Map.of("MEDIALIVE_CHANNEL_ID", "1234567"));
        assertThat(config.runner()).isEqualTo(RelayConfig.Runner.FFMPEG);
        assertThat(config.startNginx()).isTrue();
        assertThat(config.ingestPort()).isEqualTo(1935);
        assertThat(config.ingestApp()).isEqualTo("relay");
        assertThat(config.destinationsTable()).isEqualTo("lunora-destinations");
        assertThat(config.policy()).isEqualTo(RetryPolicy.Backoff.DEFAULT);
        assertThat(config.convergePeriod()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void dryRunner_startsNoNginxUnlessTold() {
        assertThat(new RelayConfig(Map.of("RELAY_RUNNER", "dry")).startNginx()).isFalse();
        assertThat(new RelayConfig(Map.of("RELAY_RUNNER", "DRY", "RELAY_START_NGINX", "true")).startNginx()).isTrue();
    }

    @Test
    void missingChannelOrBadValues_sayWhatToSet() {
        assertThatThrownBy(() -> new RelayConfig(Map.of()).channelId()).hasMessageContaining("MEDIALIVE_CHANNEL_ID");
        assertThatThrownBy(() -> new RelayConfig(Map.of("RELAY_RUNNER", "gstreamer")).runner()).hasMessageContaining("ffmpeg or dry");
        assertThatThrownBy(() -> new RelayConfig(Map.of("RELAY_INGEST_PORT", "rtmp")).ingestPort()).hasMessageContaining("RELAY_INGEST_PORT");
        assertThatThrownBy(() -> new RelayConfig(Map.of("MEDIALIVE_CHANNEL_ID", "1", "AWS_REGION", "us-west-2")).validated())
                .hasMessageContaining("RELAY_INGEST_SECRET_PARAMETER");
        assertThatThrownBy(() -> new RelayConfig(Map.of("MEDIALIVE_CHANNEL_ID", "1")).validated()).hasMessageContaining("AWS_REGION");
    }
}
