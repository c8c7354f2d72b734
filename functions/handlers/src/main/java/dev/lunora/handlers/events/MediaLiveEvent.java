package dev.lunora.handlers.events;

import dev.lunora.core.alert.ChannelAlert;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reading MediaLive's EventBridge events ({@code detail-type}, {@code time}, {@code resources}, {@code detail})
 * as Lambda hands them over: a JSON object as a map.
 */
record MediaLiveEvent(String detailType, Instant time, String channelId, Map<String, Object> detail) {

    static MediaLiveEvent of(Map<String, Object> event) {
        if (event == null) {
            throw new IllegalArgumentException("empty event");
        }
        Object rawDetail = event.get("detail");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = rawDetail instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String arn = text(detail, "channel_arn");
        if (arn == null && event.get("resources") instanceof List<?> resources && !resources.isEmpty()) {
            arn = String.valueOf(resources.get(0));
        }
        return new MediaLiveEvent(text(event, "detail-type"), time(text(event, "time")), ChannelAlert.channelIdOf(arn), detail);
    }

    ChannelAlert alert() {
        String state = text(detail, "alarm_state");
        String id = text(detail, "alarm_id");
        if (state == null || id == null) {
            throw new IllegalArgumentException("alert event without alarm_state or alarm_id");
        }
        return new ChannelAlert(channelId, ChannelAlert.AlarmState.valueOf(state), id, text(detail, "alert_type"),
                text(detail, "pipeline"), text(detail, "message"), time);
    }

    String state() {
        return text(detail, "state");
    }

    static String text(Map<String, Object> map, String field) {
        Object v = map.get(field);
        return v == null ? null : v.toString();
    }

    /** EventBridge writes whole-second ISO-8601 times; an event without one is taken as arriving now. */
    private static Instant time(String raw) {
        if (raw == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("event time is not ISO-8601: " + raw, e);
        }
    }
}
