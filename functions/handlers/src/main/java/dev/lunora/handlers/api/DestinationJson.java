package dev.lunora.handlers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.DestinationChanges;
import dev.lunora.core.destination.DestinationRules;
import dev.lunora.core.preset.Preset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The seed's snake_case JSON shapes for destinations and presets, in and out. */
final class DestinationJson {

    /** Writable fields, and the fields the seed's page echoes back from a GET: accepted and ignored so that page keeps working. */
    static final ApiRouter.BodyFields FIELDS = new ApiRouter.BodyFields("A destination",
            List.of("name", "platform", "rtmp_url", "stream_key", "backup_rtmp_url", "backup_stream_key", "preset_id", "enabled", "version",
                    "channel_id"),
            Set.of("destination_id", "stream_key_param", "stream_key_set", "stream_key_hint", "streaming_status", "streaming_started_at",
                    "desired_state", "last_error", "health", "health_message", "created_at", "updated_at", "status",
                    "backup_stream_key_set", "backup_stream_key_hint", "delivery"));

    private DestinationJson() {
    }

    static Map<String, Object> destination(Destination d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination_id", d.destinationId());
        m.put("name", d.name());
        m.put("platform", d.platform().id());
        m.put("rtmp_url", d.rtmpUrl());
        m.put("stream_key_param", d.streamKeyParam());
        m.put("stream_key_set", d.hasStreamKey());
        m.put("stream_key_hint", d.hasStreamKey() ? (d.streamKeyHint() != null ? d.streamKeyHint() : "••••") : null);
        // The seed page's edit form requires a stream_key and sends back what it got: only ever the masked form.
        m.put("stream_key", m.get("stream_key_hint"));
        m.put("backup_rtmp_url", d.backup() == null ? null : d.backup().rtmpUrl());
        m.put("backup_stream_key_set", d.backup() != null && d.backup().hasOwnKey());
        m.put("backup_stream_key_hint", d.backup() == null || !d.backup().hasOwnKey() ? null
                : d.backup().streamKeyHint() != null ? d.backup().streamKeyHint() : "••••");
        m.put("preset_id", d.presetId());
        m.put("enabled", d.enabled());
        m.put("streaming_status", d.streamingStatus().id());
        m.put("streaming_started_at", iso(d.streamingStartedAt()));
        m.put("desired_state", d.desiredState().id());
        m.put("channel_id", d.channelId());
        m.put("last_error", d.lastError());
        m.put("health", d.health());
        m.put("health_message", d.healthMessage());
        m.put("delivery", delivery(d.delivery()));
        m.put("version", d.version());
        m.put("created_at", iso(d.createdAt()));
        m.put("updated_at", iso(d.updatedAt()));
        return m;
    }

    /** The relay's last report on the destination's push, or null when it never reported (direct mode). */
    private static Map<String, Object> delivery(DeliveryReport report) {
        if (report == null) {
            return null;
        }
        DeliveryStatus s = report.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().id());
        m.put("live_since", iso(s.liveSince()));
        m.put("bitrate_kbps", s.bitrateKbps());
        m.put("error", s.error());
        m.put("updated_at", iso(report.at()));
        return m;
    }

    static Map<String, Object> preset(Preset p) {
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("codec", p.video().codec());
        video.put("resolution", p.video().resolution());
        video.put("framerate", p.video().framerate());
        video.put("bitrate", p.video().bitrate());
        video.put("profile", p.video().profile());
        video.put("level", p.video().level());
        video.put("gop_size", p.video().gopSize());
        video.put("rate_control", p.video().rateControl());
        Map<String, Object> audio = new LinkedHashMap<>();
        audio.put("codec", p.audio().codec());
        audio.put("bitrate", p.audio().bitrate());
        audio.put("sample_rate", p.audio().sampleRate());
        audio.put("channels", p.audio().channels());
        audio.put("coding_mode", p.audio().codingMode());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset_id", p.presetId());
        m.put("name", p.name());
        m.put("platform", p.platform());
        m.put("description", p.description());
        m.put("is_default", p.isDefault());
        m.put("video", video);
        m.put("audio", audio);
        return m;
    }

    /** Reads a create/update body (unknown fields already refused by the router), refusing wrong types with the field's name. */
    static DestinationChanges changes(JsonNode body) {
        return new DestinationChanges(
                text(body, "name"),
                text(body, "platform"),
                text(body, "rtmp_url"),
                keyUnlessMasked(text(body, "stream_key")),
                text(body, "preset_id"),
                bool(body, "enabled"),
                version(body),
                text(body, "backup_rtmp_url"),
                keyUnlessMasked(text(body, "backup_stream_key")),
                text(body, "channel_id"));
    }

    /**
     * A key that is exactly the masked form this API shows ({@code ••••} and at most four more characters) is the edit form
     * sending back what it was given: "keep the stored key", not a new key.
     */
    static String keyUnlessMasked(String key) {
        return key != null && key.startsWith(dev.lunora.core.destination.StreamKeys.OPAQUE_HINT)
                && key.length() <= dev.lunora.core.destination.StreamKeys.OPAQUE_HINT.length() + 4 ? null : key;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.textValue();
    }

    private static Boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.booleanValue();
    }

    private static Long version(JsonNode body) {
        JsonNode v = body.get("version");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw wrongType("version", "a whole number (the version you loaded)", v);
        }
        return v.longValue();
    }

    private static ApiException wrongType(String field, String expected, JsonNode got) {
        // Say what arrived by type only: the value could be a stream key sent in the wrong field.
        return new ApiException(400, "validation_error", "Field '" + field + "' must be " + expected + ", not "
                + typeName(got.getNodeType()) + ".", field);
    }

    private static String typeName(JsonNodeType t) {
        return switch (t) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> "null";
        };
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
