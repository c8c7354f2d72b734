package dev.lunora.handlers.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The origins whose pages may change Lunora's state: the one {@value #SETTING} setting (comma-separated, like
 * {@code https://d111.cloudfront.net,http://127.0.0.1:8080}). The router's cross-site check reads it today; CORS will
 * answer these origins and no others.
 */
public final class AllowedOrigins {

    public static final String SETTING = "LUNORA_ALLOWED_ORIGINS";

    private final Set<String> origins;

    private AllowedOrigins(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /**
     * Reads the setting. Unset means "not configured": no Origin can be matched, so only {@code Sec-Fetch-Site}
     * guards (see {@link #configured()}).
     *
     * @throws IllegalArgumentException for an entry that is not {@code scheme://host[:port]}, so a typo fails at start-up
     */
    public static AllowedOrigins fromSetting(String commaSeparated) {
        Set<String> parsed = new LinkedHashSet<>();
        if (commaSeparated != null) {
            for (String entry : commaSeparated.split(",")) {
                if (!entry.isBlank()) {
                    parsed.add(normalize(entry.strip()).orElseThrow(() -> new IllegalArgumentException(SETTING
                            + " holds '" + entry.strip() + "', which is not an origin; write scheme://host[:port], like http://127.0.0.1:8080.")));
                }
            }
        }
        return new AllowedOrigins(parsed);
    }

    /** Local mode's default: the page's own loopback origins on its port. */
    public static AllowedOrigins loopback(int port) {
        return fromSetting("http://127.0.0.1:" + port + ",http://localhost:" + port);
    }

    /** Whether the setting names at least one origin. */
    public boolean configured() {
        return !origins.isEmpty();
    }

    public boolean allows(String origin) {
        return origin != null && normalize(origin.strip()).map(origins::contains).orElse(false);
    }

    /** The setting's value, to hand on (for example from local mode to its API handler). */
    public String setting() {
        return String.join(",", origins);
    }

    /** Scheme and host lower-cased, no trailing slash; empty for anything that is not scheme://host[:port] ("null" included). */
    private static Optional<String> normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
        } catch (URISyntaxException notAnOrigin) {
            return Optional.empty();
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return Optional.of(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port);
    }

    @Override
    public String toString() {
        return configured() ? setting() : "(not configured)";
    }
}
