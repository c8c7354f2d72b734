package dev.lunora.relay;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The relay's settings from environment variables, named like the handlers' ({@code DESTINATIONS_TABLE}) where
 * they mean the same. SDK endpoints come from {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SSM},
 * which the SDK reads itself (local mode points them at its edge).
 */
public record RelayConfig(Map<String, String> env) {

    public enum Runner { FFMPEG, DRY }

    public static RelayConfig fromProcessEnvironment() {
        return new RelayConfig(System.getenv());
    }

    public Optional<String> get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String channelId() {
        return get("MEDIALIVE_CHANNEL_ID").orElseThrow(() -> new IllegalStateException(
                "MEDIALIVE_CHANNEL_ID is not set: the relay serves one channel's destinations; set it to the channel's id."));
    }

    /** Explicit, as everywhere in Lunora: ECS and Lambda set it; locally set it to any region. */
    public String region() {
        return get("AWS_REGION").orElseThrow(() -> new IllegalStateException(
                "AWS_REGION is not set: the relay builds its clients for one region; set it to the channel's region."));
    }

    /** Fails with what to set before anything starts, rather than on the first converge. */
    public RelayConfig validated() {
        channelId();
        region();
        runner();
        if (ingestSecret().isEmpty() && ingestSecretParameter().isEmpty()) {
            throw new IllegalStateException("Set RELAY_INGEST_SECRET_PARAMETER (the SSM parameter holding the ingest path's secret) "
                    + "or RELAY_INGEST_SECRET.");
        }
        ingestPort();
        staleAfter();
        policy();
        bitrateRefresh();
        convergePeriod();
        addressPolicy();
        return this;
    }

    public String destinationsTable() {
        return get("DESTINATIONS_TABLE").orElse("lunora-destinations");
    }

    public Runner runner() {
        String v = get("RELAY_RUNNER").orElse("ffmpeg").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "ffmpeg" -> Runner.FFMPEG;
            case "dry" -> Runner.DRY;
            default -> throw new IllegalStateException("RELAY_RUNNER must be ffmpeg or dry, not '" + v + "'.");
        };
    }

    /** Whether this process runs nginx for the ingest; off when the ingest runs elsewhere (or nothing real flows). */
    public boolean startNginx() {
        return Boolean.parseBoolean(get("RELAY_START_NGINX").orElse(String.valueOf(runner() == Runner.FFMPEG)));
    }

    public String ingestHost() {
        return get("RELAY_INGEST_HOST").orElse("0.0.0.0");
    }

    public int ingestPort() {
        return integer("RELAY_INGEST_PORT", 1935);
    }

    public String ingestApp() {
        return get("RELAY_INGEST_APP").orElse("relay");
    }

    /** The secret itself (local mode, tests); in the cloud {@link #ingestSecretParameter} names it in SSM. */
    public Optional<String> ingestSecret() {
        return get("RELAY_INGEST_SECRET");
    }

    public Optional<String> ingestSecretParameter() {
        return get("RELAY_INGEST_SECRET_PARAMETER");
    }

    public Duration convergePeriod() {
        return Duration.ofMillis(integer("RELAY_CONVERGE_MILLIS", 1000));
    }

    public Duration staleAfter() {
        return Duration.ofSeconds(integer("RELAY_STALE_SECONDS", 10));
    }

    public RetryPolicy policy() {
        return new RetryPolicy.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(integer("RELAY_BACKOFF_CAP_SECONDS", 10)));
    }

    /** Where pushes may go: public addresses, plus the ranges {@code LUNORA_ALLOWED_PRIVATE_RANGES} lists. */
    public dev.lunora.core.destination.AddressPolicy addressPolicy() {
        try {
            return dev.lunora.core.destination.AddressPolicy.of(get("LUNORA_ALLOWED_PRIVATE_RANGES").orElse(null),
                    dev.lunora.core.ports.HostResolver.system());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Duration bitrateRefresh() {
        return Duration.ofSeconds(integer("RELAY_BITRATE_REFRESH_SECONDS", 5));
    }

    private int integer(String name, int fallback) {
        Optional<String> v = get(name);
        try {
            return v.map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, not '" + v.get() + "'.", e);
        }
    }
}
