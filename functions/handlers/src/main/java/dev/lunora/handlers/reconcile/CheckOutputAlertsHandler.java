package dev.lunora.handlers.reconcile;

import dev.lunora.core.alert.AlertService;
import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;

/**
 * Reads the channel's alerts (ListAlerts) once the reconcile has settled and applies them to the destinations'
 * health, so a refused stream key shows even if MediaLive's alert event never arrived.
 */
public final class CheckOutputAlertsHandler extends ReconcileTask {

    private final AlertService alerts;

    public CheckOutputAlertsHandler() {
        this(Wiring.fromEnvironment());
    }

    public CheckOutputAlertsHandler(Wiring wiring) {
        super(wiring.reconcileService());
        this.alerts = wiring.alertService();
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        return Map.of("destinationsAlerted", alerts.applyCurrentAlerts(channelId));
    }
}
