package dev.lunora.core.exceptions;

/** A backing service (table, parameter store, workflow engine) failed; the request may be retried as is. */
public final class ServiceUnavailableException extends LunoraException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
