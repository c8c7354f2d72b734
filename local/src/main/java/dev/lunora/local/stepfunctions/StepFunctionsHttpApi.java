package dev.lunora.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lunora.local.stepfunctions.exec.Execution;
import dev.lunora.local.stepfunctions.exec.HistoryEvent;
import dev.lunora.local.stepfunctions.exec.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Step Functions API in its awsJson1.0 form: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Op>},
 * JSON bodies, timestamps as epoch seconds, errors as HTTP 400 with {@code {"__type","message"}} — what
 * {@code SfnClient} and the AWS CLI speak ("Step Functions API Reference", Common Errors / request format).
 * This is a boundary: any failure inside becomes an API error, never a dropped connection.
 */
final class StepFunctionsHttpApi implements HttpHandler {

    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final LocalStepFunctions sfn;
    private final Map<String, Function<Map<String, Object>, Map<String, Object>>> operations = new LinkedHashMap<>();

    StepFunctionsHttpApi(LocalStepFunctions sfn) {
        this.sfn = sfn;
        operations.put("CreateStateMachine", this::createStateMachine);
        operations.put("UpdateStateMachine", this::updateStateMachine);
        operations.put("DescribeStateMachine", this::describeStateMachine);
        operations.put("ListStateMachines", this::listStateMachines);
        operations.put("StartExecution", this::startExecution);
        operations.put("DescribeExecution", this::describeExecution);
        operations.put("ListExecutions", this::listExecutions);
        operations.put("GetExecutionHistory", this::getExecutionHistory);
        operations.put("StopExecution", this::stopExecution);
        operations.put("DescribeStateMachineForExecution", this::describeStateMachineForExecution);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status;
            Map<String, Object> body;
            try {
                body = dispatch(exchange);
                status = 200;
            } catch (StepFunctionsException e) {
                status = 400;
                body = error(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) { // boundary: report, never leave the client without an answer
                status = 500;
                body = error("InternalFailure", "The local Step Functions runner failed: " + e);
            }
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Map<String, Object> dispatch(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new StepFunctionsException("UnknownOperationException", "Only POST / is served.");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new StepFunctionsException("UnknownOperationException", "Missing or foreign X-Amz-Target: "
                    + target);
        }
        String operation = target.substring(TARGET_PREFIX.length());
        Function<Map<String, Object>, Map<String, Object>> op = operations.get(operation);
        if (op == null) {
            throw new StepFunctionsException("UnknownOperationException", "The local runner does not implement "
                    + operation + "; it serves " + operations.keySet());
        }
        return op.apply(readBody(exchange.getRequestBody()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBody(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = Json.read(text);
            if (parsed instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (JsonProcessingException e) {
            throw new StepFunctionsException("SerializationException", "The request body is not JSON: "
                    + e.getOriginalMessage());
        }
        throw new StepFunctionsException("SerializationException", "The request body must be a JSON object.");
    }

    // ---- operations

    private Map<String, Object> createStateMachine(Map<String, Object> req) {
        Object type = req.get("type");
        if (type != null && !"STANDARD".equals(type)) {
            throw new StepFunctionsException("ValidationException", "The local runner runs STANDARD state machines "
                    + "only; type was " + type);
        }
        String arn = sfn.createStateMachine(string(req, "name", true), string(req, "definition", true),
                string(req, "roleArn", true));
        LocalStepFunctions.StateMachine sm = sfn.stateMachine(arn);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stateMachineArn", arn);
        out.put("creationDate", epoch(sm.creationDate()));
        return out;
    }

    private Map<String, Object> updateStateMachine(Map<String, Object> req) {
        Instant updated = sfn.updateStateMachine(string(req, "stateMachineArn", true),
                string(req, "definition", false), string(req, "roleArn", false));
        return Map.of("updateDate", epoch(updated));
    }

    private Map<String, Object> describeStateMachine(Map<String, Object> req) {
        LocalStepFunctions.StateMachine sm = sfn.stateMachine(string(req, "stateMachineArn", true));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stateMachineArn", sm.arn());
        out.put("name", sm.name());
        out.put("status", "ACTIVE");
        out.put("definition", sm.definitionJson());
        out.put("roleArn", sm.roleArn());
        out.put("type", sm.type());
        out.put("creationDate", epoch(sm.creationDate()));
        out.put("loggingConfiguration", Map.of("level", "OFF", "includeExecutionData", false));
        out.put("tracingConfiguration", Map.of("enabled", false));
        return out;
    }

    private Map<String, Object> listStateMachines(Map<String, Object> req) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (LocalStepFunctions.StateMachine sm : sfn.stateMachines()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("stateMachineArn", sm.arn());
            item.put("name", sm.name());
            item.put("type", sm.type());
            item.put("creationDate", epoch(sm.creationDate()));
            items.add(item);
        }
        return page(items, req, "stateMachines");
    }

    private Map<String, Object> startExecution(Map<String, Object> req) {
        String arn = sfn.startExecution(string(req, "stateMachineArn", true), string(req, "name", false),
                string(req, "input", false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("executionArn", arn);
        out.put("startDate", epoch(sfn.execution(arn).startDate()));
        return out;
    }

    private Map<String, Object> describeExecution(Map<String, Object> req) {
        Execution e = sfn.execution(string(req, "executionArn", true));
        Map<String, Object> out = summary(e);
        out.put("input", e.inputJson());
        out.put("inputDetails", Map.of("included", true));
        if (e.outputJson() != null) {
            out.put("output", e.outputJson());
            out.put("outputDetails", Map.of("included", true));
        }
        if (e.error() != null) {
            out.put("error", e.error());
        }
        if (e.cause() != null) {
            out.put("cause", e.cause());
        }
        return out;
    }

    private Map<String, Object> listExecutions(Map<String, Object> req) {
        String filter = string(req, "statusFilter", false);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Execution e : sfn.executionsOf(string(req, "stateMachineArn", true))) {
            if (filter == null || filter.equals(e.status().name())) {
                items.add(summary(e));
            }
        }
        return page(items, req, "executions");
    }

    private Map<String, Object> getExecutionHistory(Map<String, Object> req) {
        Execution e = sfn.execution(string(req, "executionArn", true));
        boolean includeData = !Boolean.FALSE.equals(req.get("includeExecutionData"));
        List<Map<String, Object>> events = new ArrayList<>();
        for (HistoryEvent h : e.history()) {
            events.add(event(h, includeData));
        }
        if (Boolean.TRUE.equals(req.get("reverseOrder"))) {
            Collections.reverse(events);
        }
        return page(events, req, "events");
    }

    private Map<String, Object> stopExecution(Map<String, Object> req) {
        Instant stopped = sfn.stopExecution(string(req, "executionArn", true), string(req, "error", false),
                string(req, "cause", false));
        return Map.of("stopDate", epoch(stopped));
    }

    private Map<String, Object> describeStateMachineForExecution(Map<String, Object> req) {
        Execution e = sfn.execution(string(req, "executionArn", true));
        LocalStepFunctions.StateMachine sm = sfn.stateMachine(e.stateMachineArn());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stateMachineArn", sm.arn());
        out.put("name", sm.name());
        out.put("definition", e.definition().source());
        out.put("roleArn", e.roleArn());
        out.put("updateDate", epoch(sm.updateDate()));
        return out;
    }

    // ---- shapes

    private static Map<String, Object> summary(Execution e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("executionArn", e.arn());
        out.put("stateMachineArn", e.stateMachineArn());
        out.put("name", e.name());
        out.put("status", e.status().name());
        out.put("startDate", epoch(e.startDate()));
        if (e.stopDate() != null) {
            out.put("stopDate", epoch(e.stopDate()));
        }
        return out;
    }

    private static Map<String, Object> event(HistoryEvent h, boolean includeData) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", epoch(h.timestamp()));
        out.put("type", h.type());
        out.put("id", h.id());
        out.put("previousEventId", h.previousEventId());
        if (h.detailsKey() != null) {
            Map<String, Object> details = new LinkedHashMap<>(h.details());
            if (!includeData) {
                details.keySet().removeAll(List.of("input", "output", "parameters", "assignedVariables"));
            }
            out.put(h.detailsKey(), details);
        }
        return out;
    }

    /** Pages by position; nextToken is the base64 of the next offset (tokens are opaque to clients). */
    private static Map<String, Object> page(List<Map<String, Object>> items, Map<String, Object> req, String key) {
        int size = DEFAULT_PAGE;
        if (req.get("maxResults") instanceof Number n && n.intValue() > 0) {
            size = Math.min(n.intValue(), MAX_PAGE);
        }
        int from = 0;
        String token = string(req, "nextToken", false);
        if (token != null) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + token + "'");
            }
            if (from < 0 || from > items.size()) {
                throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + token + "'");
            }
        }
        int to = Math.min(items.size(), from + size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, new ArrayList<>(items.subList(from, to)));
        if (to < items.size()) {
            out.put("nextToken", Base64.getEncoder().encodeToString(
                    String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String string(Map<String, Object> req, String field, boolean required) {
        Object v = req.get(field);
        if (v == null) {
            if (required) {
                throw new StepFunctionsException("MissingRequiredParameter", "The request must contain the "
                        + "parameter " + field + ".");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new StepFunctionsException("ValidationException", "The parameter " + field + " must be a string.");
        }
        return s;
    }

    /** awsJson timestamps: epoch seconds with millisecond precision, as a JSON number. */
    private static BigDecimal epoch(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    private static Map<String, Object> error(String type, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("__type", type);
        out.put("message", message);
        return out;
    }
}
