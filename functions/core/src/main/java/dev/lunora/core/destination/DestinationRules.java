package dev.lunora.core.destination;

import dev.lunora.core.exceptions.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a destination must satisfy, one precise message per field. The web page mirrors them
 * (frontend/js/validation.js); this class is the authority.
 */
public final class DestinationRules {

    public static final int NAME_MAX = 100;
    public static final int URL_MAX = 512;
    public static final int KEY_MIN = 4;
    public static final int KEY_MAX = 256;
    /**
     * Control characters in the Unicode sense, not only ASCII's: C0 and C1 controls (U+0085 is a line break), line and
     * paragraph separators, bidirectional overrides and isolates (an override makes "abc[U+202E]gpj.exe" read as "abcexe.jpg"), and
     * lone surrogates (DynamoDB stores them as "?", so what is shown would differ from what was accepted).
     */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cs}\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private DestinationRules() {
    }

    /** Trimmed name, or a ValidationException naming {@code name}. */
    public static String name(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ValidationException("name", "Name is required.");
        }
        String name = raw.strip();
        if (name.length() > NAME_MAX) {
            throw new ValidationException("name", "Name must be at most " + NAME_MAX + " characters (it has "
                    + name.length() + ").");
        }
        if (CONTROL.matcher(name).find()) {
            throw new ValidationException("name", "Name must not contain control characters such as line breaks or tabs.");
        }
        return name;
    }

    public static Platform platform(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ValidationException("platform", "Platform is required. Use one of: " + Platform.allIds() + ".");
        }
        return Platform.fromId(raw.strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> new ValidationException(
                "platform", "Unknown platform '" + printable(raw) + "'. Use one of: " + Platform.allIds() + "."));
    }

    /**
     * The URL to store for {@code platform}: the given one, or the platform's usual ingest URL when none is
     * given; null for HLS.
     */
    public static String rtmpUrl(Platform platform, String raw) {
        boolean given = raw != null && !raw.isBlank();
        if (!platform.pushesRtmp()) {
            if (given) {
                throw new ValidationException("rtmp_url", "HLS destinations have no RTMP URL: the channel's MediaPackage output serves them. Leave the URL empty.");
            }
            return null;
        }
        if (!given) {
            return platform.defaultIngestUrl().orElseThrow(() -> new ValidationException("rtmp_url",
                    "RTMP URL is required for a custom destination, e.g. rtmp://live.example.com/app."));
        }
        return checkedRtmpUrl("rtmp_url", "RTMP URL", raw.strip());
    }

    /**
     * The backup ingest URL for a STANDARD channel's second pipeline: null when none is given (there is no
     * default: a SINGLE_PIPELINE channel needs none, and the page offers the platform's backup URL).
     */
    public static String backupRtmpUrl(Platform platform, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!platform.pushesRtmp()) {
            throw new ValidationException("backup_rtmp_url", "HLS destinations have no backup RTMP URL. Leave it empty.");
        }
        return checkedRtmpUrl("backup_rtmp_url", "Backup RTMP URL", raw.strip());
    }

    private static String checkedRtmpUrl(String field, String label, String url) {
        if (url.length() > URL_MAX) {
            throw new ValidationException(field, label + " must be at most " + URL_MAX + " characters.");
        }
        if (WHITESPACE.matcher(url).find() || CONTROL.matcher(url).find()) {
            throw new ValidationException(field, label + " must not contain spaces or control characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException(field, label + " is not a valid URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) {
            throw new ValidationException(field, label + " must start with rtmp:// or rtmps://"
                    + (scheme.isEmpty() ? "." : " (it starts with " + printable(scheme) + "://)."));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ValidationException(field, label + " needs a host name, e.g. rtmp://live.example.com/app.");
        }
        if (uri.getUserInfo() != null) {
            throw new ValidationException(field, label + " must not contain a user name or password; put the key in the stream key field.");
        }
        return url;
    }

    /** Checks a new stream key. Messages never echo the key. */
    public static String streamKey(Platform platform, String key) {
        return streamKey("stream_key", platform, key);
    }

    /** Checks a backup ingest's own stream key, like {@link #streamKey(Platform, String)}. */
    public static String backupStreamKey(Platform platform, String key) {
        return streamKey("backup_stream_key", platform, key);
    }

    private static String streamKey(String field, Platform platform, String key) {
        if (!platform.pushesRtmp()) {
            throw new ValidationException(field, "HLS destinations have no stream key. Leave it empty.");
        }
        if (key.length() < KEY_MIN || key.length() > KEY_MAX) {
            throw new ValidationException(field, "Stream key must be " + KEY_MIN + " to " + KEY_MAX
                    + " characters; copy it again from the platform's stream settings.");
        }
        if (WHITESPACE.matcher(key).find() || CONTROL.matcher(key).find()) {
            throw new ValidationException(field, "Stream key must not contain spaces or line breaks; copy it again without surrounding whitespace.");
        }
        return key;
    }

    /** Echo of user input inside an error message: bounded and free of control characters. */
    public static String printable(String raw) {
        String cleaned = CONTROL.matcher(raw).replaceAll("?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
    }
}
