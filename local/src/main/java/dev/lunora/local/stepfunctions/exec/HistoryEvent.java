package dev.lunora.local.stepfunctions.exec;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of GetExecutionHistory. {@code detailsKey} is the API member that carries the details (for example
 * {@code stateEnteredEventDetails}); {@code details} is null for events without any (LambdaFunctionStarted).
 * {@code previousEventId} is 0 for the first event.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsKey,
                           Map<String, Object> details) {
}
