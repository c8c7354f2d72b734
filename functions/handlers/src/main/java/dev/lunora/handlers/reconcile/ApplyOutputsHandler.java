package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/** Updates Lunora's RTMP outputs on the idle channel; the only step that reads stream keys. */
public final class ApplyOutputsHandler extends ReconcileTask {

    public ApplyOutputsHandler() {
        this(Wiring.fromEnvironment());
    }

    public ApplyOutputsHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        return Map.of("outputs", reconcile.applyOutputs(channelId, execution));
    }
}
