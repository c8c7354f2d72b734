package dev.lunora.handlers.wiring;

import dev.lunora.aws.ssm.SsmStreamKeyVault;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lunora's configuration, read from environment variables with the same names in AWS and in local mode.
 * Local mode passes its own map instead of the process environment, which is the only difference.
 */
public record LunoraConfig(Map<String, String> env) {

    public static LunoraConfig fromProcessEnvironment() {
        return new LunoraConfig(System.getenv());
    }

    public String region() {
        return first("MEDIALIVE_REGION", "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-west-2");
    }

    public String destinationsTable() {
        return get("DESTINATIONS_TABLE").orElse("lunora-destinations");
    }

    public String presetsTable() {
        return get("PRESETS_TABLE").orElse("lunora-presets");
    }

    public String channelsTable() {
        return get("CHANNELS_TABLE").orElse("lunora-channels");
    }

    public String sessionsTable() {
        return get("SESSIONS_TABLE").orElse("lunora-sessions");
    }

    public String streamKeyPrefix() {
        return get("STREAM_KEY_PARAMETER_PREFIX").orElse(SsmStreamKeyVault.DEFAULT_PREFIX);
    }

    /** The channel Lunora manages; destinations created without one belong to it. */
    public String channelId() {
        return get("MEDIALIVE_CHANNEL_ID").orElse("3714710");
    }

    public Optional<String> stateMachineArn() {
        return get("STATE_MACHINE_ARN");
    }

    /**
     * {@code AWS_ENDPOINT_URL_<SERVICE>} then {@code AWS_ENDPOINT_URL}, as the AWS SDKs define them; empty means the
     * service's real regional endpoint.
     */
    public Optional<URI> endpoint(String serviceId) {
        String suffix = serviceId.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return first("AWS_ENDPOINT_URL_" + suffix, "AWS_ENDPOINT_URL").map(URI::create);
    }

    public Optional<String> get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private Optional<String> first(String... names) {
        for (String n : names) {
            Optional<String> v = get(n);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        // The environment holds credentials; never print it.
        return "LunoraConfig[region=" + region() + ", channel=" + channelId() + "]";
    }
}
