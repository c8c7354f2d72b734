package dev.lunora.local.medialive;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A fault rule of the ingest model: RTMP outputs it matches cannot connect. {@code reason} ends the alert
 * message. {@link #toString} masks a stream-key value, so a rule can be logged or shown.
 */
public record IngestRule(String id, Match match, String value, String reason) {

    /** What a rule compares with an output's destination. */
    public enum Match {
        /** the destination URL, exactly */
        URL,
        /** the destination URL starts with the value */
        URL_PREFIX,
        /** the URL's host, case-insensitive */
        HOST,
        /** the destination's stream name (stream key) */
        STREAM_KEY
    }

    public IngestRule {
        if (match == null || value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an ingest rule needs a match kind and a value");
        }
    }

    boolean matches(String url, String streamName) {
        return switch (match) {
            case URL -> value.equals(url);
            case URL_PREFIX -> url != null && url.startsWith(value);
            case HOST -> value.equalsIgnoreCase(host(url));
            case STREAM_KEY -> value.equals(streamName);
        };
    }

    /** The value as it may be shown: a stream key is masked. */
    public String displayValue() {
        return match == Match.STREAM_KEY ? dev.lunora.core.destination.StreamKeys.hint(value) : value;
    }

    private static String host(String url) {
        if (url == null) {
            return "";
        }
        try {
            String host = new URI(url).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "IngestRule[id=" + id + ", match=" + match + ", value=" + displayValue() + ", reason=" + reason + "]";
    }
}
