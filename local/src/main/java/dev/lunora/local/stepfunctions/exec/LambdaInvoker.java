package dev.lunora.local.stepfunctions.exec;

import dev.lunora.local.stepfunctions.LambdaServiceException;
import dev.lunora.local.stepfunctions.LocalFunction;
import dev.lunora.local.stepfunctions.LocalLambdas;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Invokes a local function the way Step Functions invokes Lambda, including how failures look.
 *
 * <p>An unhandled Java exception: Lambda's Java runtime reports the error document
 * {@code {"errorMessage","errorType","stackTrace",["cause"]}} with {@code errorType} the exception's fully
 * qualified class name (Lambda developer guide, "AWS Lambda function errors in Java"), and Step Functions uses
 * {@code errorType} as the task's error name and the document, as JSON text, as its cause ("Handling errors in
 * Step Functions workflows"; the Lambda integration reports function errors this way).
 */
final class LambdaInvoker {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Engine engine;

    LambdaInvoker(Engine engine) {
        this.engine = engine;
    }

    /**
     * Runs the function on a worker thread and waits for it through the clock-aware {@code cancel}, failing with
     * {@code States.Timeout} / {@code States.HeartbeatTimeout} when the simulated time runs out first (an in-process
     * function never sends heartbeats, so HeartbeatSeconds acts as a second timeout).
     */
    Object invoke(String functionRef, Object payload, Long timeoutSeconds, Long heartbeatSeconds,
                  Cancellation cancel) {
        LocalFunction fn = engine.lambdas().find(functionRef).orElseThrow(() -> new StatesError(
                "Lambda.ResourceNotFoundException", "Function not found: " + functionArn(functionRef)
                + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                + UUID.randomUUID() + "; Proxy: null)"));
        Object input = Json.plain(payload);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Future<?> running = engine.workers().submit(() -> {
            try {
                outcome.complete(Json.plain(fn.invoke(input)));
            } catch (Throwable t) { // boundary: whatever the function throws becomes its Lambda error
                outcome.completeExceptionally(t);
            }
        });
        List<dev.lunora.local.clock.LocalClock.Scheduled> timers = new ArrayList<>();
        if (timeoutSeconds != null) {
            timers.add(engine.clock().schedule(Duration.ofSeconds(timeoutSeconds), () -> outcome.completeExceptionally(
                    new StatesError("States.Timeout", "The task did not finish within " + timeoutSeconds
                            + " seconds (TimeoutSeconds)."))));
        }
        if (heartbeatSeconds != null) {
            timers.add(engine.clock().schedule(Duration.ofSeconds(heartbeatSeconds), () -> outcome
                    .completeExceptionally(new StatesError("States.HeartbeatTimeout", "No heartbeat within "
                            + heartbeatSeconds + " seconds (HeartbeatSeconds)."))));
        }
        try {
            return cancel.await(outcome);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof StatesError se) {
                throw se;
            }
            if (t instanceof LambdaServiceException lse) {
                throw new StatesError(lse.errorName(), lse.getMessage());
            }
            throw new StatesError(t.getClass().getName(), Json.write(errorDocument(t)));
        } finally {
            timers.forEach(dev.lunora.local.clock.LocalClock.Scheduled::cancel);
            if (!running.isDone()) {
                running.cancel(true);
            }
        }
    }

    /** The Java runtime's error document, nested {@code cause} included (Lambda guide, Java errors, "Syntax"). */
    static Map<String, Object> errorDocument(Throwable t) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (t.getMessage() != null) {
            doc.put("errorMessage", t.getMessage());
        }
        doc.put("errorType", t.getClass().getName());
        List<String> frames = new ArrayList<>();
        for (StackTraceElement el : t.getStackTrace()) {
            frames.add(el.getClassName() + "." + el.getMethodName() + "(" + el.getFileName() + ":"
                    + el.getLineNumber() + ")");
        }
        doc.put("stackTrace", frames);
        if (t.getCause() != null && t.getCause() != t) {
            doc.put("cause", errorDocument(t.getCause()));
        }
        return doc;
    }

    /**
     * What {@code arn:aws:states:::lambda:invoke} returns: the Lambda Invoke response with the SDK's HTTP metadata,
     * the function's result under {@code Payload} ("Invoke an AWS Lambda function with Step Functions",
     * optimized integration output).
     */
    Map<String, Object> invokeResponse(Object payload, Instant at) {
        String requestId = UUID.randomUUID().toString();
        String length = String.valueOf(Json.size(Json.write(payload)));
        String date = HTTP_DATE.format(at);
        String traceId = "Root=1-" + Long.toHexString(at.getEpochSecond()) + "-"
                + requestId.replace("-", "").substring(0, 24) + ";Sampled=0";
        // Header order as recorded real responses show it: AllHttpHeaders in wire order, HttpHeaders sorted.
        Map<String, Object> allHeaders = new LinkedHashMap<>();
        allHeaders.put("X-Amz-Executed-Version", List.of("$LATEST"));
        allHeaders.put("x-amzn-Remapped-Content-Length", List.of("0"));
        allHeaders.put("Connection", List.of("keep-alive"));
        allHeaders.put("x-amzn-RequestId", List.of(requestId));
        allHeaders.put("Content-Length", List.of(length));
        allHeaders.put("Date", List.of(date));
        allHeaders.put("X-Amzn-Trace-Id", List.of(traceId));
        allHeaders.put("Content-Type", List.of("application/json"));
        Map<String, Object> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        allHeaders.forEach((k, v) -> headers.put(k, ((List<?>) v).get(0)));
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("AllHttpHeaders", allHeaders);
        http.put("HttpHeaders", new LinkedHashMap<>(headers));
        http.put("HttpStatusCode", 200);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ExecutedVersion", "$LATEST");
        out.put("Payload", payload);
        out.put("SdkHttpMetadata", http);
        out.put("SdkResponseMetadata", Map.of("RequestId", requestId));
        out.put("StatusCode", 200);
        return out;
    }

    String functionArn(String functionRef) {
        if (functionRef.startsWith("arn:")) {
            return functionRef;
        }
        return "arn:aws:lambda:" + engine.region() + ":" + engine.account() + ":function:"
                + LocalLambdas.functionName(functionRef);
    }
}
