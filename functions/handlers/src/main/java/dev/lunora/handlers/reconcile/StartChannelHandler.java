package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Starts the channel if it is idle. */
public final class StartChannelHandler extends ReconcileTask {

    public StartChannelHandler() {
        this(Wiring.fromEnvironment());
    }

    public StartChannelHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        reconcile.startChannel(channelId, execution);
        return Map.of();
    }
}
