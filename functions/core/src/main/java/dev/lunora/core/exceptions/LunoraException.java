package dev.lunora.core.exceptions;

/**
 * Base of the few errors the core raises. Messages are written for the producer: what failed and what to
 * do. They never contain a stream key.
 */
public abstract class LunoraException extends RuntimeException {

    protected LunoraException(String message) {
        super(message);
    }

    protected LunoraException(String message, Throwable cause) {
        super(message, cause);
    }
}
