package dev.lunora.relay;

import dev.lunora.core.destination.StreamKeys;
import java.util.List;
import java.util.Objects;

/**
 * One push: read {@code sourceUrl} (the relay's ingest), send it unchanged to {@code targetUrl} (the platform's URL
 * with the stream key). Both URLs hold secrets, listed in {@code secrets}: everything shown goes through
 * {@link #masked}, and {@link #toString} never prints the URLs as they are.
 */
public record PushTarget(String name, String sourceUrl, String targetUrl, List<String> secrets) {

    public PushTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceUrl, "sourceUrl");
        Objects.requireNonNull(targetUrl, "targetUrl");
        secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** The platform's URL with the key appended as MediaLive does ({@code url/key}); no key: the URL alone. */
    public static String withKey(String url, String key) {
        if (key == null || key.isEmpty()) {
            return url;
        }
        return url + (url.endsWith("/") ? "" : "/") + key;
    }

    /** {@code text} with every secret replaced by its hint ({@code ••••1234}). */
    public String masked(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, StreamKeys.hint(secret));
        }
        return out;
    }

    @Override
    public String toString() {
        return "PushTarget[name=" + name + ", source=" + masked(sourceUrl) + ", target=" + masked(targetUrl) + "]";
    }
}
