package dev.lunora.core.exceptions;

/** A relay-mode channel's relay did not come up (its tasks keep stopping, or it took longer than its budget). */
public final class RelayUnavailableException extends LunoraException {

    public RelayUnavailableException(String message) {
        super(message);
    }
}
