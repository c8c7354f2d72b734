package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Asks the relay service for one task, so the channel's program has somewhere to go before the channel starts. */
public final class StartRelayHandler extends ReconcileTask {

    public StartRelayHandler() {
        this(Wiring.fromEnvironment());
    }

    public StartRelayHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        reconcile.startRelay(channelId, execution);
        return Map.of();
    }
}
