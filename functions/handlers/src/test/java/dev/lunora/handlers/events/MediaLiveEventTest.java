package dev.lunora.handlers.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.core.alert.ChannelAlert;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding MediaLive's EventBridge events as Lambda hands them over, from JSON fixtures. */
class MediaLiveEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> fixture(String name) throws IOException {
        try (InputStream in = MediaLiveEventTest.class.getResourceAsStream("/events/" + name)) {
            return JSON.readValue(in, new TypeReference<>() { });
        }
    }

    @Test
    void alert_6018Set_decodedWithChannelFromArnAndEnvelopeTime() throws IOException {
        ChannelAlert alert = MediaLiveEvent.of(fixture("channel-alert-6018-set.json")).alert();

        assertThat(alert.channelId()).isEqualTo("3714710");
        assertThat(alert.state()).isEqualTo(ChannelAlert.AlarmState.SET);
        assertThat(alert.alertId()).isEqualTo("7ad6d9e1c1b4f3a2a5f1");
        assertThat(alert.alertType()).isEqualTo("Failed RTMP Connection");
        assertThat(alert.pipeline()).isEqualTo("1");
        assertThat(alert.message()).contains("[lunora-dest_0123456789abcdef]");
        assertThat(alert.at()).isEqualTo(Instant.parse("2026-11-24T20:15:07Z"));
    }

    @Test
    void stateChange_stopped_eventVocabularyKept() throws IOException {
        MediaLiveEvent event = MediaLiveEvent.of(fixture("channel-state-stopped.json"));

        assertThat(event.detailType()).isEqualTo("MediaLive Channel State Change");
        assertThat(event.channelId()).isEqualTo("3714710");
        assertThat(event.state()).isEqualTo("STOPPED");
    }

    @Test
    void alert_withoutAlarmState_refused() throws IOException {
        Map<String, Object> event = fixture("channel-alert-6018-set.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) event.get("detail");
        detail.remove("alarm_state");

        assertThatThrownBy(() -> MediaLiveEvent.of(event).alert()).isInstanceOf(IllegalArgumentException.class);
    }
}
