package dev.lunora.local.stepfunctions.exec;

import dev.lunora.local.stepfunctions.asl.Definition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One execution: what it runs, its status, and its history. The history and status are guarded by this object's
 * monitor, held only for the few instructions of an append, never across a wait.
 */
public final class Execution {

    public enum Status { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED }

    private final String arn;
    private final String name;
    private final String stateMachineArn;
    private final String stateMachineName;
    private final String roleArn;
    private final Definition definition;
    private final Object input;
    private final String inputJson;
    private final Instant startDate;
    private final Cancellation cancellation = new Cancellation();
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<HistoryEvent> history = new ArrayList<>();

    private Status status = Status.RUNNING;
    private Instant stopDate;
    private String outputJson;
    private String error;
    private String cause;

    public Execution(String arn, String name, String stateMachineArn, String stateMachineName, String roleArn,
                     Definition definition, Object input, String inputJson, Instant startDate) {
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.roleArn = roleArn;
        this.definition = definition;
        this.input = input;
        this.inputJson = inputJson;
        this.startDate = startDate;
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String stateMachineName() {
        return stateMachineName;
    }

    public String roleArn() {
        return roleArn;
    }

    public Definition definition() {
        return definition;
    }

    Object input() {
        return input;
    }

    public String inputJson() {
        return inputJson;
    }

    public Instant startDate() {
        return startDate;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized Instant stopDate() {
        return stopDate;
    }

    public synchronized String outputJson() {
        return outputJson;
    }

    public synchronized String error() {
        return error;
    }

    public synchronized String cause() {
        return cause;
    }

    public synchronized List<HistoryEvent> history() {
        return List.copyOf(history);
    }

    /**
     * True when the execution has nothing to do until simulated time passes: every one of its threads waits on the
     * clock or on its own branches. A test seam for driving a manual clock.
     */
    public boolean isQuiescent() {
        return cancellation.quiescent();
    }

    /** Blocks the caller (real time) until the execution closes; false on timeout. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /**
     * Appends an event and returns its id, or -1 when the execution already closed (a branch still unwinding after
     * StopExecution must not add events after ExecutionAborted).
     */
    synchronized long emit(Instant at, long previous, String type, String detailsKey, Map<String, Object> details) {
        if (status != Status.RUNNING) {
            return -1;
        }
        return append(at, previous, type, detailsKey, details);
    }

    private long append(Instant at, long previous, String type, String detailsKey, Map<String, Object> details) {
        long id = history.size() + 1L;
        history.add(new HistoryEvent(id, previous, at, type, detailsKey, details));
        return id;
    }

    /** StopExecution: closes as ABORTED (if still running) and interrupts every wait of the execution. */
    public void stop(Instant at, String err, String cse) {
        close(at, 0, Status.ABORTED, null, err, cse);
    }

    /**
     * Closes the execution with its final event, once: whichever of completion, StopExecution and the execution
     * timeout comes first wins. Returns false when it was already closed.
     */
    boolean close(Instant at, long previous, Status newStatus, String output, String err, String cse) {
        synchronized (this) {
            if (status != Status.RUNNING) {
                return false;
            }
            String type = switch (newStatus) {
                case SUCCEEDED -> "ExecutionSucceeded";
                case FAILED -> "ExecutionFailed";
                case TIMED_OUT -> "ExecutionTimedOut";
                case ABORTED -> "ExecutionAborted";
                case RUNNING -> throw new IllegalArgumentException("cannot close to RUNNING");
            };
            Map<String, Object> details = new LinkedHashMap<>();
            if (newStatus == Status.SUCCEEDED) {
                details.put("output", output);
                details.put("outputDetails", Map.of("truncated", false));
            } else {
                if (err != null) {
                    details.put("error", err);
                }
                if (cse != null) {
                    details.put("cause", cse);
                }
            }
            String key = Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
            long prev = previous > 0 ? previous : history.size();
            append(at, prev, type, key, details);
            status = newStatus;
            stopDate = at;
            outputJson = output;
            error = err;
            cause = cse;
        }
        done.countDown();
        if (newStatus == Status.ABORTED || newStatus == Status.TIMED_OUT) {
            cancellation.cancel();
        }
        return true;
    }
}
