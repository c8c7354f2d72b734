package dev.lunora.core.ports;

/** Hands "make the channel match what the destinations want" to the workflow engine. */
public interface ReconcileRequests {

    /** False when no workflow engine is configured; start/stop then refuse before changing anything. */
    boolean available();

    /**
     * Asks for a reconcile of {@code channelId}. Returns the execution's name for correlation.
     *
     * @throws dev.lunora.core.exceptions.WorkflowUnavailableException if the engine cannot be reached
     */
    String request(String channelId);

    /** The adapter for a world with no workflow engine: every request is refused with a plain reason. */
    static ReconcileRequests notConfigured(String reason) {
        return new ReconcileRequests() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public String request(String channelId) {
                throw new dev.lunora.core.exceptions.WorkflowUnavailableException(reason);
            }
        };
    }
}
