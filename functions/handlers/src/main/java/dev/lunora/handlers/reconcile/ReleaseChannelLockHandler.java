package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/**
 * Releases the lease lock if this run holds it and no click arrived since it last planned; otherwise keeps it and says
 * which generation to plan for (runs that found the lock held handed their clicks to this one).
 */
public final class ReleaseChannelLockHandler extends ReconcileTask {

    public ReleaseChannelLockHandler() {
        this(Wiring.fromEnvironment());
    }

    public ReleaseChannelLockHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        if (!payload.containsKey("generation")) {
            // An execution started by an older definition: it cannot say what it planned for.
            reconcile.releaseLock(channelId, execution);
            return Map.of("released", true);
        }
        ReconcileService.ReleaseOutcome outcome = reconcile.releaseLock(channelId, execution, number(payload, "generation", 0));
        return Map.of("released", outcome.released(), "generation", outcome.generation());
    }
}
