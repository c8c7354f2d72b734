package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Writes each destination's status from the settled channel and says whether new clicks arrived. */
public final class RecordStreamingStatusHandler extends ReconcileTask {

    public RecordStreamingStatusHandler() {
        this(Wiring.fromEnvironment());
    }

    public RecordStreamingStatusHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        long seen = number(payload, "generation", 0);
        long now = reconcile.recordStatus(channelId, execution, seen);
        return Map.of("generationMoved", now != seen, "generation", now);
    }
}
