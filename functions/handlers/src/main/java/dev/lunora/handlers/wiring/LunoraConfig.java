package dev.lunora.handlers.wiring;

import dev.lunora.aws.ssm.SsmStreamKeyVault;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

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

    /**
     * The channels the stack's IAM lets Lunora drive ({@code MANAGED_CHANNEL_IDS}, comma-separated, the CDK context
     * {@code managedChannelIds} plus the primary); empty when not set (local mode): any channel of the account may be managed.
     */
    public java.util.Set<String> permittedChannelIds() {
        return get("MANAGED_CHANNEL_IDS").map(v -> java.util.Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet())).orElse(java.util.Set.of());
    }

    /** The ECS service running the relay (architecture §8); absent in a stack without relay mode. */
    public Optional<String> relayService() {
        return get("RELAY_SERVICE");
    }

    public Optional<String> stateMachineArn() {
        return get("STATE_MACHINE_ARN");
    }

    /** EventBridge Scheduler group holding the producer's schedules and the cost guard. */
    public String scheduleGroup() {
        return get("SCHEDULE_GROUP").orElse("lunora");
    }

    /** The scheduled-action function that producer schedules invoke. */
    public Optional<String> scheduleTargetArn() {
        return get("SCHEDULE_TARGET_ARN");
    }

    /** The role EventBridge Scheduler assumes to invoke the scheduled-action function. */
    public Optional<String> schedulerRoleArn() {
        return get("SCHEDULER_ROLE_ARN");
    }

    /** How often the cost guard runs, as a schedule expression. */
    public String costGuardRate() {
        return get("COST_GUARD_RATE").orElse("rate(5 minutes)");
    }

    /** Optional cap on one channel run, after which the cost guard stops it; empty means no cap. */
    public Optional<Duration> maxChannelRunning() {
        return minutes("MAX_CHANNEL_RUNNING_MINUTES");
    }

    /**
     * Optional: how long a running channel may go without a signal from the encoder (an input-loss alert set) before
     * the cost guard stops it; empty means never for that reason.
     */
    public Optional<Duration> inputLossStop() {
        return minutes("INPUT_LOSS_STOP_MINUTES");
    }

    /** A setting in whole minutes, at least 1; empty when unset. */
    private Optional<Duration> minutes(String name) {
        return get(name).map(v -> {
            try {
                long minutes = Long.parseLong(v);
                if (minutes < 1) {
                    throw new NumberFormatException();
                }
                return Duration.ofMinutes(minutes);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a whole number of minutes, at least 1 (was '" + v + "')");
            }
        });
    }

    /** Hourly rate for the usage estimate; empty means the cited MediaLive default. */
    public OptionalDouble channelHourlyRateUsd() {
        Optional<String> v = get("CHANNEL_HOURLY_RATE_USD");
        if (v.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double rate = Double.parseDouble(v.get());
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(rate);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("CHANNEL_HOURLY_RATE_USD must be a non-negative number of US dollars (was '" + v.get() + "')");
        }
    }

    /**
     * {@code AWS_ENDPOINT_URL_<SERVICE>} then {@code AWS_ENDPOINT_URL}, as the AWS SDKs define them; empty means the
     * service's real regional endpoint.
     */
    /** The relay's ECS cluster and service (relay mode); empty when the stack has no relay. */
    public Optional<String> relayCluster() {
        return get("RELAY_CLUSTER");
    }


    /** The relay's ingest (rtmp://host:1935/relay) and the SSM parameter of its path secret. */
    public Optional<String> relayIngestUrl() {
        return get("RELAY_INGEST_URL");
    }

    public Optional<String> relayIngestSecretParameter() {
        return get("RELAY_INGEST_SECRET_PARAMETER");
    }

    /** CIDR ranges inside a private network that destinations may still point at (a studio LAN); empty: none. */
    public Optional<String> allowedPrivateRanges() {
        return get("LUNORA_ALLOWED_PRIVATE_RANGES");
    }

    /** The SSM parameter holding the secret that keys stream-key fingerprints. */
    public Optional<String> fingerprintKeyParameter() {
        return get("FINGERPRINT_KEY_PARAMETER");
    }

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
