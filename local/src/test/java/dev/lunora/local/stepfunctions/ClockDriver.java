package dev.lunora.local.stepfunctions;

import dev.lunora.local.clock.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drives a {@link ManualClock} so an execution runs to its end without real waiting: whenever the execution has
 * nothing to do but wait for simulated time, jump to the next due time. A function that never returns (to test
 * TimeoutSeconds) keeps the execution busy, so after a short real-time lull the driver advances anyway.
 */
final class ClockDriver {

    private static final Duration LULL = Duration.ofMillis(150);

    private ClockDriver() {
    }

    static ExecutionOutcome runToEnd(LocalStepFunctions sfn, ManualClock clock, String executionArn)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int lastHistorySize = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            ExecutionOutcome o = sfn.awaitExecution(executionArn, Duration.ofMillis(1));
            if (!o.status().equals("RUNNING")) {
                return o;
            }
            int size = sfn.history(executionArn).size();
            if (size != lastHistorySize) {
                lastHistorySize = size;
                lastChange = System.nanoTime();
            }
            boolean lull = System.nanoTime() - lastChange > LULL.toNanos();
            List<Instant> due = clock.pendingDueTimes();
            if (!due.isEmpty() && (sfn.quiescent(executionArn) || lull)) {
                Duration step = Duration.between(clock.now(), due.get(0));
                clock.advance(step.isNegative() ? Duration.ZERO : step);
                lastChange = System.nanoTime();
            }
        }
        throw new AssertionError("execution did not finish within 20 s of real time: " + executionArn);
    }
}
