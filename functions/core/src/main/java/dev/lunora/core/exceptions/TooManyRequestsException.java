package dev.lunora.core.exceptions;

/** The same request came again too soon (a connection test per destination at most every few seconds). */
public final class TooManyRequestsException extends LunoraException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
