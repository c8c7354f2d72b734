package dev.lunora.local.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.schedule.ScheduleExpression;
import dev.lunora.local.clock.LocalClock;
import dev.lunora.local.edge.HttpExchanges;
import dev.lunora.local.stepfunctions.LocalFunction;
import dev.lunora.local.stepfunctions.LocalLambdas;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local EventBridge Scheduler: the restJson1 subset Lunora uses (CreateSchedule, GetSchedule, ListSchedules,
 * DeleteSchedule) behind the AWS edge, firing each schedule's Lambda target in-process on the shared clock — the
 * same way the Step Functions runner calls tasks. Expressions are evaluated by the core's
 * {@link ScheduleExpression}, so local mode fires when AWS would and refuses what the core refuses.
 */
public final class LocalScheduler implements HttpHandler, AutoCloseable {

    public static final String SIGNING_NAME = "scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z_.-]{1,64}");

    private final LocalClock clock;
    private final LocalLambdas lambdas;
    private final String region;
    private final String account;
    private final Map<String, Entry> schedules = new ConcurrentHashMap<>();
    private final ExecutorService invoker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-scheduler");
        t.setDaemon(true);
        return t;
    });

    public LocalScheduler(LocalClock clock, LocalLambdas lambdas, String region, String account) {
        this.clock = clock;
        this.lambdas = lambdas;
        this.region = region;
        this.account = account;
    }

    private static final class Entry {
        final String group;
        final String name;
        final ObjectNode definition;
        final ScheduleExpression expression;
        final ZoneId zone;
        final Instant created;
        volatile LocalClock.Scheduled pending;
        volatile boolean deleted;

        Entry(String group, String name, ObjectNode definition, ScheduleExpression expression, ZoneId zone, Instant created) {
            this.group = group;
            this.name = name;
            this.definition = definition;
            this.expression = expression;
            this.zone = zone;
            this.created = created;
        }
    }

    /** Thrown inside request handling; becomes a restJson1 error. */
    private static final class ApiError extends RuntimeException {
        final int status;
        final String type;

        ApiError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        try {
            Object body;
            if (path.equals("/schedules") && method.equals("GET")) {
                body = list(query);
            } else if (path.startsWith("/schedules/")) {
                String name = URLDecoder.decode(path.substring("/schedules/".length()), StandardCharsets.UTF_8);
                String group = query.getOrDefault("groupName", "default");
                body = switch (method) {
                    case "POST" -> create(name, JSON.readTree(exchange.getRequestBody()));
                    case "GET" -> get(group, name);
                    case "DELETE" -> delete(group, name);
                    default -> throw new ApiError(405, "ValidationException", "Method " + method + " is not supported on " + path);
                };
            } else {
                throw new ApiError(404, "UnknownOperationException", "The local scheduler does not serve " + method + " " + path + ".");
            }
            HttpExchanges.sendJson(exchange, 200, JSON.writeValueAsString(body));
        } catch (ApiError e) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
            HttpExchanges.sendJson(exchange, e.status, "{\"Message\":" + HttpExchanges.quote(e.getMessage()) + "}");
        } catch (JsonProcessingException e) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ValidationException");
            HttpExchanges.sendJson(exchange, 400, "{\"Message\":\"The request body is not valid JSON.\"}");
        }
    }

    private Object create(String name, JsonNode req) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiError(400, "ValidationException", "Name must be 1-64 letters, digits, '-', '_' or '.'.");
        }
        if (req == null || !req.isObject()) {
            throw new ApiError(400, "ValidationException", "The request body must be a JSON object.");
        }
        String group = req.path("GroupName").asText("default");
        String key = group + "/" + name;
        String expressionText = req.path("ScheduleExpression").asText(null);
        if (expressionText == null || !req.has("FlexibleTimeWindow") || !req.path("Target").has("Arn") || !req.path("Target").has("RoleArn")) {
            throw new ApiError(400, "ValidationException", "ScheduleExpression, FlexibleTimeWindow, Target.Arn and Target.RoleArn are required.");
        }
        ScheduleExpression expression;
        ZoneId zone;
        try {
            expression = ScheduleExpression.parse(expressionText);
            zone = ScheduleExpression.zone(req.path("ScheduleExpressionTimezone").asText("UTC"));
        } catch (ValidationException e) {
            throw new ApiError(400, "ValidationException", e.getMessage());
        }
        Instant now = clock.now();
        ObjectNode definition = ((ObjectNode) req).deepCopy();
        definition.put("Name", name);
        definition.put("GroupName", group);
        definition.put("Arn", arn(group, name));
        definition.put("State", req.path("State").asText("ENABLED"));
        definition.put("ScheduleExpressionTimezone", zone.getId());
        definition.put("ActionAfterCompletion", req.path("ActionAfterCompletion").asText("NONE"));
        definition.put("CreationDate", now.getEpochSecond());
        definition.put("LastModificationDate", now.getEpochSecond());
        Entry entry = new Entry(group, name, definition, expression, zone, now);
        if (schedules.putIfAbsent(key, entry) != null) {
            throw new ApiError(409, "ConflictException", "Schedule " + name + " already exists in group " + group + ".");
        }
        if ("ENABLED".equals(definition.path("State").asText())) {
            arm(entry, now);
        }
        LOG.info("local scheduler created schedule={} group={} expression={}", name, group, expression.text());
        return Map.of("ScheduleArn", arn(group, name));
    }

    private Object get(String group, String name) {
        Entry e = schedules.get(group + "/" + name);
        if (e == null) {
            throw new ApiError(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        return e.definition;
    }

    private Object list(Map<String, String> query) {
        String group = query.get("ScheduleGroup");
        String prefix = query.getOrDefault("NamePrefix", "");
        String state = query.get("State");
        ArrayNode out = JSON.createArrayNode();
        schedules.values().stream()
                .filter(e -> group == null || group.equals(e.group))
                .filter(e -> e.name.startsWith(prefix))
                .filter(e -> state == null || state.equals(e.definition.path("State").asText()))
                .sorted((a, b) -> a.name.compareTo(b.name))
                .forEach(e -> {
                    ObjectNode s = out.addObject();
                    s.put("Arn", e.definition.path("Arn").asText());
                    s.put("Name", e.name);
                    s.put("GroupName", e.group);
                    s.put("State", e.definition.path("State").asText());
                    s.set("CreationDate", e.definition.get("CreationDate"));
                    s.set("LastModificationDate", e.definition.get("LastModificationDate"));
                    s.putObject("Target").put("Arn", e.definition.path("Target").path("Arn").asText());
                });
        ObjectNode body = JSON.createObjectNode();
        body.set("Schedules", out);
        return body;
    }

    private Object delete(String group, String name) {
        Entry e = schedules.remove(group + "/" + name);
        if (e == null) {
            throw new ApiError(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        disarm(e);
        LOG.info("local scheduler deleted schedule={} group={}", name, group);
        return Map.of();
    }

    /** Sets the timer for the firing after {@code after}; a schedule with no further firing is finished. */
    private void arm(Entry e, Instant after) {
        Optional<Instant> next = e.expression.nextAfter(after, e.zone);
        if (next.isEmpty()) {
            if ("DELETE".equals(e.definition.path("ActionAfterCompletion").asText())) {
                schedules.remove(e.group + "/" + e.name, e);
            }
            return;
        }
        Instant at = next.get();
        Duration delay = Duration.between(clock.now(), at);
        e.pending = clock.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> invoker.execute(() -> fire(e, at)));
    }

    private void disarm(Entry e) {
        e.deleted = true;
        LocalClock.Scheduled p = e.pending;
        if (p != null) {
            p.cancel();
        }
    }

    private void fire(Entry e, Instant at) {
        if (e.deleted || schedules.get(e.group + "/" + e.name) != e) {
            return;
        }
        String target = e.definition.path("Target").path("Arn").asText();
        Optional<LocalFunction> fn = lambdas.find(target);
        if (fn.isEmpty()) {
            LOG.warn("local scheduler: schedule={} targets {}, which is not a local function", e.name, target);
        } else {
            try {
                String input = e.definition.path("Target").path("Input").asText("{}");
                Map<String, Object> payload = JSON.readValue(input.isBlank() ? "{}" : input, new TypeReference<LinkedHashMap<String, Object>>() { });
                fn.get().invoke(payload);
            } catch (Exception failed) {
                // As in AWS, a failed target does not stop the schedule; the next firing comes regardless.
                LOG.warn("local scheduler: schedule={} target failed: {}", e.name, failed.toString());
            }
        }
        arm(e, at);
    }

    private String arn(String group, String name) {
        return "arn:aws:scheduler:" + region + ":" + account + ":schedule/" + group + "/" + name;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        schedules.values().forEach(this::disarm);
        invoker.shutdownNow();
    }
}
