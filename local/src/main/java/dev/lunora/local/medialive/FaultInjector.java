package dev.lunora.local.medialive;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The failures a test or a producer rehearsal can ask for: scripted errors for the next calls of an
 * operation, random throttling, added latency, channel starts that fail or never finish, and updates that
 * leave the channel in UPDATE_FAILED.
 */
final class FaultInjector {

    /** What the next start of a channel does instead of reaching RUNNING. */
    sealed interface StartFault permits FailStart, StuckStart {
    }

    /** STARTING, then back to IDLE with an alert, as a channel whose start fails does. */
    record FailStart(String alertType, String message) implements StartFault {
    }

    /** STARTING until someone stops the channel. */
    record StuckStart() implements StartFault {
    }

    static final String DEFAULT_START_ALERT = "Channel Failed to Start";

    private record ScriptedError(ErrorType type, String message) {
    }

    private final Map<Operation, Deque<ScriptedError>> scripted = new EnumMap<>(Operation.class);
    private final Map<Operation, Duration> latencyByOperation = new EnumMap<>(Operation.class);
    private final Map<String, StartFault> startFaults = new HashMap<>();
    private final Set<String> updateFaults = new TreeSet<>();
    private final Random random;
    private Duration latency = Duration.ZERO;
    private double throttleRate;

    FaultInjector(Random random) {
        this.random = random;
    }

    synchronized void failNext(Operation operation, int count, ErrorType type, String message) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        String text = message != null ? message : "Injected " + type.code() + " for " + operation;
        Deque<ScriptedError> queue = scripted.computeIfAbsent(operation, op -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(new ScriptedError(type, text));
        }
    }

    synchronized void throttle(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("throttle rate must be between 0 and 1, was " + rate);
        }
        throttleRate = rate;
    }

    synchronized void latency(Operation operation, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (operation == null) {
            latency = delay;
        } else {
            latencyByOperation.put(operation, delay);
        }
    }

    synchronized Duration latencyFor(Operation operation) {
        return latencyByOperation.getOrDefault(operation, latency);
    }

    synchronized void failNextStart(String channelId, String alertType, String message) {
        startFaults.put(channelId, new FailStart(alertType != null ? alertType : DEFAULT_START_ALERT,
                message != null ? message : "Channel " + channelId + " failed to start: the encoder pipeline"
                        + " could not be allocated. Start the channel again."));
    }

    synchronized void stickNextStart(String channelId) {
        startFaults.put(channelId, new StuckStart());
    }

    synchronized void failNextUpdate(String channelId) {
        updateFaults.add(channelId);
    }

    /** Whether the channel's update in progress is the one that fails; it fails once. */
    synchronized boolean takeUpdateFault(String channelId) {
        return updateFaults.remove(channelId);
    }

    synchronized Optional<StartFault> takeStartFault(String channelId) {
        return Optional.ofNullable(startFaults.remove(channelId));
    }

    /** The injected error for this call, if any: scripted errors first, then the throttling dice. */
    synchronized Optional<MediaLiveApiException> errorFor(Operation operation) {
        Deque<ScriptedError> queue = scripted.get(operation);
        if (queue != null && !queue.isEmpty()) {
            ScriptedError e = queue.poll();
            return Optional.of(new MediaLiveApiException(e.type(), e.message()));
        }
        if (throttleRate > 0 && random.nextDouble() < throttleRate) {
            return Optional.of(new MediaLiveApiException(ErrorType.TOO_MANY_REQUESTS, "Too many requests"));
        }
        return Optional.empty();
    }

    synchronized void clear() {
        scripted.clear();
        latencyByOperation.clear();
        startFaults.clear();
        updateFaults.clear();
        latency = Duration.ZERO;
        throttleRate = 0;
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        Map<String, Integer> pending = new java.util.TreeMap<>();
        scripted.forEach((op, q) -> {
            if (!q.isEmpty()) {
                pending.put(op.name(), q.size());
            }
        });
        out.put("scriptedErrors", pending);
        out.put("throttleRate", throttleRate);
        out.put("latencyMillis", latency.toMillis());
        Map<String, Long> perOp = new java.util.TreeMap<>();
        latencyByOperation.forEach((op, d) -> perOp.put(op.name(), d.toMillis()));
        out.put("latencyMillisByOperation", perOp);
        Map<String, String> starts = new java.util.TreeMap<>();
        startFaults.forEach((id, f) -> starts.put(id, f instanceof StuckStart ? "STUCK_IN_STARTING" : "FAIL"));
        out.put("nextStartFaults", starts);
        out.put("nextUpdateFailures", List.copyOf(updateFaults));
        return out;
    }
}
