package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Takes the channel's lease lock, or hands the run's click to the live run that holds it (the workflow then ends). */
public final class AcquireChannelLockHandler extends ReconcileTask {

    public AcquireChannelLockHandler() {
        this(Wiring.fromEnvironment());
    }

    public AcquireChannelLockHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        ReconcileService.LockOutcome lock = reconcile.acquireLock(channelId, execution);
        return lock.acquired() ? Map.of("acquired", true, "generation", lock.generation())
                : Map.of("acquired", false, "handedTo", lock.holder(), "generation", lock.generation());
    }
}
