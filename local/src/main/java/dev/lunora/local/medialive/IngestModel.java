package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the RTMP servers a running channel pushes to: every output is accepted unless a rule says
 * its URL, host or stream key fails. A failing output raises MediaLive's 6018 "Failed RTMP Connection"
 * for its pipeline; the message names the URL and never the stream key, like MediaLive's own.
 */
final class IngestModel {

    static final String ALERT_TYPE = "Failed RTMP Connection";
    static final String KEY_PREFIX = "6018|";
    static final String DEFAULT_REASON = "connection refused by the RTMP server";

    /** One output a channel cannot deliver. {@code key} identifies the condition for the alert book. */
    record Failure(String key, String pipelineId, String message) {
    }

    private final List<IngestRule> rules = new CopyOnWriteArrayList<>();
    /** Failures real relays reported (media mode), by failure key; they count like a matching rule. */
    private final java.util.Map<String, String> reported = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong ruleIds = new AtomicLong();

    IngestRule addRule(IngestRule.Match match, String value, String reason) {
        IngestRule rule = new IngestRule("rule-" + ruleIds.incrementAndGet(), match, value,
                reason == null || reason.isBlank() ? DEFAULT_REASON : reason);
        rules.add(rule);
        return rule;
    }

    boolean removeRule(String id) {
        return rules.removeIf(r -> r.id().equals(id));
    }

    void clearRules() {
        rules.clear();
    }

    List<IngestRule> rules() {
        return List.copyOf(rules);
    }

    /** The condition an output's pipeline fails on, shared by rules and relays so one condition is one alert. */
    static String failureKey(int pipeline, String destinationRefId, String url) {
        return KEY_PREFIX + pipeline + "|" + destinationRefId + "|" + url;
    }

    void report(String failureKey, String reason) {
        reported.put(failureKey, reason);
    }

    boolean clearReport(String failureKey) {
        return reported.remove(failureKey) != null;
    }

    void clearReports(String keyPrefix) {
        reported.keySet().removeIf(k -> k.startsWith(keyPrefix));
    }

    /** Judges each RTMP output of a running channel, one verdict per pipeline destination. */
    List<Failure> failures(JsonNode channel) {
        List<Failure> failures = new ArrayList<>();
        for (JsonNode group : channel.path("encoderSettings").path("outputGroups")) {
            for (JsonNode output : group.path("outputs")) {
                String ref = output.path("outputSettings").path("rtmpOutputSettings").path("destination")
                        .path("destinationRefId").asText(null);
                if (ref == null) {
                    continue;
                }
                JsonNode settings = destination(channel, ref).path("settings");
                for (int pipeline = 0; pipeline < settings.size(); pipeline++) {
                    String url = settings.get(pipeline).path("url").asText(null);
                    String streamName = settings.get(pipeline).path("streamName").asText(null);
                    Optional<IngestRule> rule = rules.stream().filter(r -> r.matches(url, streamName)).findFirst();
                    String key = failureKey(pipeline, ref, url);
                    String reason = rule.map(IngestRule::reason).orElse(reported.get(key));
                    if (reason != null) {
                        String outputName = output.path("outputName").asText(ref);
                        failures.add(new Failure(key, String.valueOf(pipeline),
                                "RTMP output [" + outputName + "] failed to connect to [" + url + "]: " + reason + "."));
                    }
                }
            }
        }
        return failures;
    }

    private static JsonNode destination(JsonNode channel, String id) {
        for (JsonNode d : channel.path("destinations")) {
            if (id.equals(d.path("id").asText())) {
                return d;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
