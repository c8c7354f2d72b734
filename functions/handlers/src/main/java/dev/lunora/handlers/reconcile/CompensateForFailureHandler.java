package dev.lunora.handlers.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * After a failed step: marks the destinations at fault with a reason a producer understands and stops wanting
 * them, so the next plan restores the others. Input: the caught {@code Error} and {@code Cause}.
 */
public final class CompensateForFailureHandler extends ReconcileTask {

    private static final ObjectMapper JSON = new ObjectMapper();

    public CompensateForFailureHandler() {
        this(Wiring.fromEnvironment());
    }

    public CompensateForFailureHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        String error = payload.get("error") == null ? null : payload.get("error").toString();
        String cause = readableCause(payload.get("cause") == null ? null : payload.get("cause").toString());
        List<String> marked = reconcile.compensate(channelId, execution, error, cause);
        return Map.of("destinations", marked, "reason", cause == null ? String.valueOf(error) : cause);
    }

    /** A Lambda failure's Cause is a JSON error document; the producer needs only its message. */
    static String readableCause(String cause) {
        if (cause == null || !cause.strip().startsWith("{")) {
            return cause;
        }
        try {
            JsonNode doc = JSON.readTree(cause);
            return doc.path("errorMessage").asText(cause);
        } catch (IOException notJson) {
            return cause;
        }
    }
}
