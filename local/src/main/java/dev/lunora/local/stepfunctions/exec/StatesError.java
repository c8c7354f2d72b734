package dev.lunora.local.stepfunctions.exec;

/** A state failed with a Step Functions error name and cause; Retry and Catch match on {@link #error()}. */
public final class StatesError extends RuntimeException {

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    static StatesError of(String error, String cause) {
        return new StatesError(error, cause);
    }
}
