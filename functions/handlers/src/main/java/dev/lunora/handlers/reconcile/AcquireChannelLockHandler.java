package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Takes the channel's lease lock; retried by the workflow while another run holds it. */
public final class AcquireChannelLockHandler extends ReconcileTask {

    public AcquireChannelLockHandler() {
        this(Wiring.fromEnvironment());
    }

    public AcquireChannelLockHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        return Map.of("generation", reconcile.acquireLock(channelId, execution));
    }
}
