package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Stops the channel if it is on (for an output change, or because nothing wants it). */
public final class StopChannelHandler extends ReconcileTask {

    public StopChannelHandler() {
        this(Wiring.fromEnvironment());
    }

    public StopChannelHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        reconcile.stopChannel(channelId, execution);
        return Map.of();
    }
}
