package dev.lunora.local.stepfunctions.exec;

import java.util.function.BooleanSupplier;

/**
 * What a Parallel or Map state waits for: a free slot under MaxConcurrency, then all branches finished. A branch
 * that finishes while the state waits hands its "busy" mark over to the waiting thread before giving up its own,
 * so the execution never looks idle in between (see {@link Cancellation#quiescent()}). The monitor is only held
 * to update counters and while {@code wait()} releases it; nothing here waits on the clock.
 */
final class Progress {

    private final Cancellation execution;
    private int running;
    private int finished;
    private boolean idle;

    Progress(Cancellation execution) {
        this.execution = execution;
    }

    /** Blocks until fewer than {@code limit} branches run, then counts one more as running. */
    synchronized void startBranch(int limit) {
        waitFor(() -> running < limit);
        running++;
    }

    /** Blocks until {@code total} branches have finished. */
    synchronized void awaitFinished(int total) {
        waitFor(() -> finished >= total);
    }

    /** Called by a branch as its last act while it still counts as busy. */
    synchronized void branchDone() {
        running--;
        finished++;
        if (idle) {
            idle = false;
            execution.markBusy();
        }
        notifyAll();
    }

    private void waitFor(BooleanSupplier ready) {
        while (!ready.getAsBoolean()) {
            idle = true;
            execution.markIdle();
            try {
                wait();
            } catch (InterruptedException e) {
                wake();
                throw new Aborted();
            }
            wake();
        }
    }

    /** Whoever ends the wait marks this thread busy again, exactly once. */
    private void wake() {
        if (idle) {
            idle = false;
            execution.markBusy();
        }
    }
}
