package dev.lunora.core.ports;

/**
 * Whether a reconcile execution still runs. A lock's lease outlives a run that died (aborted, timed out, lost with a
 * restarted local mode); a click must not hand its request to such a run, or it waits out the lease for nothing.
 */
public interface ReconcileRuns {

    boolean isRunning(String executionName);

    /** Where the engine cannot be asked: every lease holder counts as running (the lease still bounds the wait). */
    static ReconcileRuns assumeRunning() {
        return name -> true;
    }
}
