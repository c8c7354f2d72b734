package dev.lunora.aws.dynamodb;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading attributes leniently: items written by the old system may lack fields or use other types. */
final class Items {

    private Items() {
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || Boolean.TRUE.equals(v.nul())) {
            return null;
        }
        if (v.s() != null) {
            return v.s();
        }
        return v.n();
    }

    static boolean bool(Map<String, AttributeValue> item, String name, boolean fallback) {
        AttributeValue v = item.get(name);
        if (v == null || Boolean.TRUE.equals(v.nul())) {
            return fallback;
        }
        if (v.bool() != null) {
            return v.bool();
        }
        if (v.s() != null) {
            return Boolean.parseBoolean(v.s());
        }
        return v.n() != null ? !v.n().equals("0") : fallback;
    }

    static long number(Map<String, AttributeValue> item, String name, long fallback) {
        String raw = string(item, name);
        if (raw == null) {
            return fallback;
        }
        try {
            return (long) Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static int integer(Map<String, AttributeValue> item, String name, int fallback) {
        return (int) number(item, name, fallback);
    }

    /** ISO-8601 with or without offset, or epoch milliseconds as the old Node code sometimes wrote. */
    static Instant instant(Map<String, AttributeValue> item, String name) {
        String raw = string(item, name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.ofEpochMilli(Long.parseLong(raw));
                } catch (NumberFormatException notEpoch) {
                    return null;
                }
            }
        }
    }

    static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasM() ? Map.of() : v.m();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }
}
