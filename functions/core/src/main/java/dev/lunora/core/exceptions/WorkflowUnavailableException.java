package dev.lunora.core.exceptions;

/** Start/stop cannot be carried out because no reconcile workflow is reachable; nothing was changed. */
public final class WorkflowUnavailableException extends LunoraException {

    public WorkflowUnavailableException(String message) {
        super(message);
    }

    public WorkflowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
