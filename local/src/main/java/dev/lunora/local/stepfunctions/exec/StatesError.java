package dev.lunora.local.stepfunctions.exec;

/** A state failed with a Step Functions error name and cause; Retry and Catch match on {@link #error()}. */
public final class StatesError extends RuntimeException {

    private final String error;
    private final String cause;
    private final String location;
    private volatile boolean reported;

    public StatesError(String error, String cause) {
        this(error, cause, null);
    }

    /** An error raised while evaluating the state's field {@code location} (Output, Arguments, Condition, ...). */
    public StatesError(String error, String cause, String location) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
        this.location = location;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** The field whose evaluation failed, or null when the error did not come from evaluating a field. */
    public String location() {
        return location;
    }

    /** Marks the EvaluationFailed event as recorded; true the first time only. */
    boolean markReported() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }
}
