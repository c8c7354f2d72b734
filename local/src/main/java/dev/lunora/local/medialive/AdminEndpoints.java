package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's own HTTP controls under {@code /_simulator}, a prefix MediaLive never uses: faults,
 * ingest rules, the call log and counters, model warnings, recent events. JSON in, JSON out; each endpoint is a thin
 * wrapper over the {@link MediaLiveSimulator} Java API.
 */
final class AdminEndpoints {

    /** {@code POST /channels/{id}/input-loss} and {@code /input-resumed}: the encoder stops or starts sending. */
    private static final java.util.regex.Pattern INPUT = java.util.regex.Pattern.compile("^/channels/([^/]+)/(input-loss|input-resumed)/?$");

    private final MediaLiveSimulator simulator;

    AdminEndpoints(MediaLiveSimulator simulator) {
        this.simulator = simulator;
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        try {
            ObjectNode body = HttpExchanges.readObject(exchange);
            Object reply = route(method, path.isEmpty() ? "/" : path, body);
            HttpExchanges.send(exchange, 200, reply, Map.of());
        } catch (IllegalArgumentException | MediaLiveApiException e) {
            int status = e instanceof MediaLiveApiException m ? m.type().status() : 400;
            HttpExchanges.send(exchange, status, Map.of("message", String.valueOf(e.getMessage())), Map.of());
        }
    }

    private Object route(String method, String path, ObjectNode body) {
        String key = method + " " + path;
        if (method.equals("DELETE") && path.startsWith("/ingest-rules/")) {
            String id = path.substring("/ingest-rules/".length());
            if (!simulator.removeIngestRule(id)) {
                throw MediaLiveApiException.notFound("No ingest rule " + id + ".");
            }
            return Map.of("removed", id);
        }
        java.util.regex.Matcher input = INPUT.matcher(path);
        if (method.equals("POST") && input.matches()) {
            String channelId = java.net.URLDecoder.decode(input.group(1), java.nio.charset.StandardCharsets.UTF_8);
            boolean changed = input.group(2).equals("input-loss") ? simulator.inputLoss(channelId) : simulator.inputResumed(channelId);
            return Map.of("channelId", channelId, "inputLost", input.group(2).equals("input-loss"), "changed", changed);
        }
        return switch (key) {
            case "GET /calls" -> calls();
            case "DELETE /calls" -> {
                simulator.resetCallLog();
                yield Map.of("reset", true);
            }
            case "GET /counters" -> counters();
            case "GET /warnings" -> warnings();
            case "DELETE /warnings" -> {
                simulator.clearModelWarnings();
                yield warnings();
            }
            case "GET /faults" -> simulator.faultsDescription();
            case "DELETE /faults" -> {
                simulator.clearFaults();
                yield simulator.faultsDescription();
            }
            case "POST /faults/next-calls" -> {
                simulator.failNextCalls(Operation.parse(required(body, "operation")), body.path("count").asInt(1),
                        ErrorType.parse(required(body, "errorType")), body.path("message").asText(null));
                yield simulator.faultsDescription();
            }
            case "POST /faults/throttle" -> {
                simulator.setThrottleRate(number(body, "rate"));
                yield simulator.faultsDescription();
            }
            case "POST /faults/latency" -> {
                Duration latency = Duration.ofMillis((long) number(body, "millis"));
                String operation = body.path("operation").asText("");
                if (operation.isEmpty()) {
                    simulator.setLatency(latency);
                } else {
                    simulator.setLatency(Operation.parse(operation), latency);
                }
                yield simulator.faultsDescription();
            }
            case "POST /faults/start-failure" -> {
                simulator.failNextStart(required(body, "channelId"), body.path("alertType").asText(null),
                        body.path("message").asText(null));
                yield simulator.faultsDescription();
            }
            case "POST /faults/update-failure" -> {
                simulator.failNextUpdate(required(body, "channelId"));
                yield simulator.faultsDescription();
            }
            case "POST /faults/stuck-starting" -> {
                simulator.stickNextStartInStarting(required(body, "channelId"));
                yield simulator.faultsDescription();
            }
            case "GET /ingest-rules" ->
                    Map.of("rules", simulator.ingestRules().stream().map(AdminEndpoints::rule).toList());
            case "POST /ingest-rules" -> rule(simulator.addIngestRule(
                    IngestRule.Match.valueOf(required(body, "match")), required(body, "value"),
                    body.path("reason").asText(null)));
            case "DELETE /ingest-rules" -> {
                simulator.clearIngestRules();
                yield Map.of("rules", List.of());
            }
            case "GET /events" -> Map.of("events", simulator.recentEvents());
            case "DELETE /events" -> {
                simulator.clearRecentEvents();
                yield Map.of("events", List.of());
            }
            default -> throw MediaLiveApiException.notFound("No simulator admin endpoint " + key + ".");
        };
    }

    private Map<String, Object> calls() {
        List<Map<String, Object>> calls = simulator.callLog().stream().map(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("time", EventPublisher.isoTime(c.time()));
            out.put("operation", c.operation().name());
            out.put("resourceId", c.resourceId());
            out.put("outcome", c.outcome());
            out.put("detail", c.detail());
            return out;
        }).toList();
        return Map.of("calls", calls, "counters", counters());
    }

    private Map<String, Object> warnings() {
        List<Map<String, Object>> warnings = simulator.modelWarnings().stream().map(w -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("time", EventPublisher.isoTime(w.time()));
            out.put("operation", w.operation().name());
            out.put("warning", w.text());
            return out;
        }).toList();
        return Map.of("warnings", warnings);
    }

    private Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        simulator.callCounters().forEach((op, n) -> out.put(op.name(), n));
        return out;
    }

    private static Map<String, Object> rule(IngestRule rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", rule.id());
        out.put("match", rule.match().name());
        out.put("value", rule.displayValue());
        out.put("reason", rule.reason());
        return out;
    }

    private static String required(JsonNode body, String field) {
        String value = body.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" is required.");
        }
        return value;
    }

    private static double number(JsonNode body, String field) {
        if (!body.path(field).isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number.");
        }
        return body.path(field).asDouble();
    }
}
