package dev.lunora.local.stepfunctions;

import dev.lunora.local.clock.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drives a {@link ManualClock} so an execution runs to its end without real waiting: whenever the execution is
 * idle on the clock, jump to the next due time.
 */
final class ClockDriver {

    private ClockDriver() {
    }

    static ExecutionOutcome runToEnd(LocalStepFunctions sfn, ManualClock clock, String executionArn)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            ExecutionOutcome o = sfn.awaitExecution(executionArn, Duration.ofMillis(5));
            if (!o.status().equals("RUNNING")) {
                return o;
            }
            List<Instant> due = clock.pendingDueTimes();
            if (!due.isEmpty()) {
                Duration step = Duration.between(clock.now(), due.get(0));
                clock.advance(step.isNegative() ? Duration.ZERO : step);
            }
        }
        throw new AssertionError("execution did not finish within 20 s of real time: " + executionArn);
    }
}
