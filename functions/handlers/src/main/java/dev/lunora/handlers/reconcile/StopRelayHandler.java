package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Scales the relay service to zero once the channel no longer runs: an idle relay costs a Fargate task for nothing. */
public final class StopRelayHandler extends ReconcileTask {

    public StopRelayHandler() {
        this(Wiring.fromEnvironment());
    }

    public StopRelayHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        reconcile.stopRelay(channelId, execution);
        return Map.of();
    }
}
