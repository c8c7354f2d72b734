package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Last resort of a failed run: never leave the channel billing with nothing to stream. */
public final class StopChannelAfterFailureHandler extends ReconcileTask {

    public StopChannelAfterFailureHandler() {
        this(Wiring.fromEnvironment());
    }

    public StopChannelAfterFailureHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        reconcile.stopIfRunning(channelId, execution);
        return Map.of();
    }
}
