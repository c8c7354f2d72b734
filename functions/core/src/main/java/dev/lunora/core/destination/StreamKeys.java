package dev.lunora.core.destination;

/** The one place that turns a stream key into something safe to show. */
public final class StreamKeys {

    /** Shown when a key is set but too short (or unknown) to reveal any of it. */
    public static final String OPAQUE_HINT = "••••";
    private static final int SHORTEST_KEY_WITH_VISIBLE_TAIL = 12;

    private StreamKeys() {
    }

    /**
     * A short digest that tells whether the channel pushes the key the destination holds now, without keeping the
     * key anywhere but SSM and the channel. Salted with the destination id so equal keys of two destinations
     * differ; 64 bits cannot be turned back into a platform's key. Null when there is no key.
     */
    public static String fingerprint(String destinationId, String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((destinationId + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@code ••••1234} for long keys; short keys reveal nothing, since four characters would be most of them. */
    public static String hint(String key) {
        if (key == null || key.length() < SHORTEST_KEY_WITH_VISIBLE_TAIL) {
            return OPAQUE_HINT;
        }
        return OPAQUE_HINT + key.substring(key.length() - 4);
    }
}
