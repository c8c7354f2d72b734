package dev.lunora.core.destination;

/** The one place that turns a stream key into something safe to show. */
public final class StreamKeys {

    /** Shown when a key is set but too short (or unknown) to reveal any of it. */
    public static final String OPAQUE_HINT = "••••";
    private static final int SHORTEST_KEY_WITH_VISIBLE_TAIL = 12;

    private StreamKeys() {
    }

    /** {@code ••••1234} for long keys; short keys reveal nothing, since four characters would be most of them. */
    public static String hint(String key) {
        if (key == null || key.length() < SHORTEST_KEY_WITH_VISIBLE_TAIL) {
            return OPAQUE_HINT;
        }
        return OPAQUE_HINT + key.substring(key.length() - 4);
    }
}
