package dev.lunora.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import software.constructs.Node;

/**
 * What a deployment varies by, read from CDK context ({@code -c name=value} or cdk.json). Only the channel id is
 * required; everything else has a default that fits the producer's existing setup.
 *
 * @param channelId         the MediaLive channel Lunora manages (ignored when {@code createChannel} is true)
 * @param region            context {@code region}, else the CLI's profile region ({@code CDK_DEFAULT_REGION}); null = env-agnostic
 * @param account           the CLI's profile account ({@code CDK_DEFAULT_ACCOUNT}); null = env-agnostic
 * @param createChannel     create an RTMP_PUSH input and a single-pipeline channel instead of using {@code channelId}
 * @param channelRoleArn    the role the channel runs with, passed back on UpdateChannel; null = {@code MediaLiveAccessRole}
 * @param existingTables    reference tables that already exist (the seed system's, or retained by an earlier stack)
 * @param inputCidr         who may push RTMP to a created input
 * @param repoRoot          where statemachines/ and frontend/ are
 * @param functionsJar      the shaded Lambda jar (one for every function)
 * @param streamKeyPrefix   SSM path under which stream keys live (the seed system's)
 * @param costGuardRate     how often the cost guard runs ({@code COST_GUARD_RATE}): {@code rate(N minutes)}, 1 to 60
 * @param maxChannelRunningMinutes {@code MAX_CHANNEL_RUNNING_MINUTES} for the cost guard; null = no cap
 * @param channelHourlyRateUsd     {@code CHANNEL_HOURLY_RATE_USD} for the usage estimate; null = the handlers' cited default
 * @param relay           deploy relay mode (context {@code relay}, default true; {@code false} leaves out its always-on NLB)
 * @param relayIngestCidr who may connect to the relay's RTMP ingest (context {@code relayIngestCidr}, default anywhere)
 * @param inputLossStopMinutes {@code INPUT_LOSS_STOP_MINUTES} for the cost guard (context {@code inputLossStopMinutes}):
 *                        stop a channel that has had no input for that long; null = never for that
 * @param managedChannelIds the channels Lunora may manage (context {@code managedChannelIds}, comma-separated ids, e.g.
 *                        {@code 3714710,6802366}); the primary channel is always among them. The stack's MediaLive
 *                        permissions name exactly these channels' ARNs (issue 18).
 */
public record LunoraSettings(String channelId, String region, String account, boolean createChannel, String channelRoleArn,
                             boolean existingTables, String inputCidr, Path repoRoot, Path functionsJar, String streamKeyPrefix,
                             String costGuardRate, Integer maxChannelRunningMinutes, String channelHourlyRateUsd,
                             boolean relay, String relayIngestCidr, Integer inputLossStopMinutes,
                             java.util.List<String> managedChannelIds) {

    public static final String DEFAULT_COST_GUARD_RATE = "rate(5 minutes)";
    public static final String DEFAULT_STREAM_KEY_PREFIX = "/lunora-player/streaming/destinations";
    static final String MISSING_CHANNEL = "Lunora needs the MediaLive channel it manages: pass -c channelId=<numeric id> "
            + "(e.g. npx aws-cdk synth -c channelId=3714710), or -c createChannel=true to create an input and a channel.";

    public LunoraSettings {
        if (!createChannel && (channelId == null || !channelId.matches("\\d+"))) {
            throw new IllegalArgumentException(channelId == null || channelId.isBlank() ? MISSING_CHANNEL
                    : "channelId '" + channelId + "' is not a MediaLive channel id (digits only). " + MISSING_CHANNEL);
        }
        var rate = costGuardRate == null ? null : java.util.regex.Pattern.compile("rate\\((\\d{1,2}) minutes?\\)").matcher(costGuardRate);
        if (rate == null || !rate.matches() || Integer.parseInt(rate.group(1)) < 1 || Integer.parseInt(rate.group(1)) > 60
                || (Integer.parseInt(rate.group(1)) == 1) != costGuardRate.contains("minute)")) {
            throw new IllegalArgumentException("costGuardRate must be rate(N minutes) with N from 1 to 60 (it bounds how long a "
                    + "forgotten channel runs; each run is one Lambda invocation), e.g. " + DEFAULT_COST_GUARD_RATE + "; got " + costGuardRate);
        }
        if (maxChannelRunningMinutes != null && maxChannelRunningMinutes < 1) {
            throw new IllegalArgumentException("maxChannelRunningMinutes must be a whole number of minutes, at least 1; got " + maxChannelRunningMinutes);
        }
        if (inputLossStopMinutes != null && inputLossStopMinutes < 1) {
            throw new IllegalArgumentException("inputLossStopMinutes must be a whole number of minutes, at least 1; got " + inputLossStopMinutes);
        }
        if (channelHourlyRateUsd != null && !channelHourlyRateUsd.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("channelHourlyRateUsd must be a non-negative number of US dollars, e.g. 0.996; got " + channelHourlyRateUsd);
        }
        if (relayIngestCidr == null || !relayIngestCidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw new IllegalArgumentException("relayIngestCidr must be an IPv4 CIDR such as 0.0.0.0/0 or the channel's egress "
                    + "addresses, e.g. 52.10.0.0/16; got " + relayIngestCidr);
        }
        managedChannelIds = managedChannelIds == null ? java.util.List.of() : java.util.List.copyOf(managedChannelIds);
        for (String id : managedChannelIds) {
            if (!id.matches("\\d+")) {
                throw new IllegalArgumentException("managedChannelIds must be MediaLive channel ids (digits) separated by commas, e.g. "
                        + "3714710,6802366; '" + id + "' is not one.");
            }
        }
        if (streamKeyPrefix == null || !streamKeyPrefix.startsWith("/") || streamKeyPrefix.endsWith("/")) {
            throw new IllegalArgumentException("streamKeyPrefix must start with '/' and not end with one, e.g. " + DEFAULT_STREAM_KEY_PREFIX);
        }
    }

    /** Reads the context of {@code node} (the app), falling back to the environment the CDK CLI sets from the profile. */
    public static LunoraSettings fromContext(Node node) {
        Path root = text(node, "repoRoot") != null ? Path.of(text(node, "repoRoot")) : findRepoRoot(Path.of("").toAbsolutePath());
        String jar = text(node, "functionsJar");
        return new LunoraSettings(
                text(node, "channelId"),
                firstNonBlank(text(node, "region"), System.getenv("CDK_DEFAULT_REGION")),
                System.getenv("CDK_DEFAULT_ACCOUNT"),
                "true".equalsIgnoreCase(text(node, "createChannel")),
                text(node, "channelRoleArn"),
                "true".equalsIgnoreCase(text(node, "existingTables")),
                firstNonBlank(text(node, "inputCidr"), "0.0.0.0/0"),
                root,
                jar != null ? root.resolve(jar) : root.resolve("functions/handlers/target/lunora-functions.jar"),
                firstNonBlank(text(node, "streamKeyPrefix"), DEFAULT_STREAM_KEY_PREFIX),
                firstNonBlank(text(node, "costGuardRate"), DEFAULT_COST_GUARD_RATE),
                wholeNumber(text(node, "maxChannelRunningMinutes"), "maxChannelRunningMinutes"),
                text(node, "channelHourlyRateUsd"),
                !"false".equalsIgnoreCase(text(node, "relay")),
                firstNonBlank(text(node, "relayIngestCidr"), "0.0.0.0/0"),
                wholeNumber(text(node, "inputLossStopMinutes"), "inputLossStopMinutes"),
                idList(text(node, "managedChannelIds")));
    }

    private static java.util.List<String> idList(String v) {
        return v == null ? java.util.List.of() : java.util.Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static Integer wholeNumber(String v, String key) {
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of minutes; got " + v);
        }
    }

    Path stateMachineFile() {
        return repoRoot.resolve("statemachines/channel-reconcile.asl.json");
    }

    Path functionCatalogFile() {
        return repoRoot.resolve("statemachines/functions.json");
    }

    /** The relay module: its Dockerfile and the built jar are the container image's asset. */
    Path relayDir() {
        return repoRoot.resolve("relay");
    }

    Path frontendDir() {
        return repoRoot.resolve("frontend");
    }

    /** cdk.json runs the app from the repository root, Maven's tests from infra/: look upwards for the catalog. */
    static Path findRepoRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("statemachines/functions.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("No statemachines/functions.json above " + start
                + ": run the app from the Lunora repository, or pass -c repoRoot=<path>.");
    }

    private static String text(Node node, String key) {
        Object v = node.tryGetContext(key);
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
