package dev.lunora.core.destination;

import dev.lunora.core.exceptions.WorkflowUnavailableException;
import dev.lunora.core.ports.ReconcileRequests;
import java.util.ArrayList;
import java.util.List;

/** Records the channels a reconcile was asked for; can play an engine that is not configured or not reachable. */
final class RecordingReconcileRequests implements ReconcileRequests {

    private final List<String> requested = new ArrayList<>();
    private boolean configured = true;
    private boolean reachable = true;
    private Runnable onRequest = () -> { };

    RecordingReconcileRequests notConfigured() {
        configured = false;
        return this;
    }

    /** Configured, but every request fails the way the Step Functions adapter reports an outage. */
    RecordingReconcileRequests unreachable() {
        reachable = false;
        return this;
    }

    /** Runs at the start of every request, e.g. to let another writer in while the engine is being called. */
    RecordingReconcileRequests onRequest(Runnable action) {
        onRequest = action;
        return this;
    }

    List<String> requestedChannels() {
        return List.copyOf(requested);
    }

    @Override
    public boolean available() {
        return configured;
    }

    @Override
    public String request(String channelId) {
        onRequest.run();
        if (!configured || !reachable) {
            throw new WorkflowUnavailableException("Could not start the reconcile workflow for channel " + channelId
                    + ". Try again in a moment.");
        }
        requested.add(channelId);
        return "reconcile-" + channelId + "-" + requested.size();
    }
}
