package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Releases the lease lock if this run holds it. */
public final class ReleaseChannelLockHandler extends ReconcileTask {

    public ReleaseChannelLockHandler() {
        this(Wiring.fromEnvironment());
    }

    public ReleaseChannelLockHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        reconcile.releaseLock(channelId, execution);
        return Map.of();
    }
}
