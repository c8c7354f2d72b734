package dev.lunora.handlers.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lunora.core.channel.ReconcileService;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * What every reconcile task shares: read {@code channelId} and {@code execution} from the payload, log one line
 * in and out with both, call one step of {@link ReconcileService}, and let failures escape so Step Functions
 * sees them under the exception's class name.
 */
abstract class ReconcileTask implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileTask.class);

    private final ReconcileService reconcile;

    ReconcileTask(ReconcileService reconcile) {
        this.reconcile = reconcile;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        String channelId = text(payload, "channelId");
        String execution = text(payload, "execution");
        return PowertoolsLogging.withLogging(context, () -> {
            String task = getClass().getSimpleName();
            LOG.atInfo().addKeyValue("task", task).addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("task start");
            Map<String, Object> result = run(reconcile, channelId, execution, payload);
            LOG.atInfo().addKeyValue("task", task).addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("task end");
            return result;
        });
    }

    abstract Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload);

    static String text(Map<String, Object> payload, String field) {
        Object v = payload == null ? null : payload.get(field);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("task payload is missing '" + field + "'");
        }
        return v.toString();
    }

    static long number(Map<String, Object> payload, String field, long fallback) {
        Object v = payload == null ? null : payload.get(field);
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v == null ? fallback : Long.parseLong(v.toString());
    }
}
