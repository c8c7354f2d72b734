package dev.lunora.handlers.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lunora.core.channel.CostGuard;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Target of the cost guard's {@code rate(5 minutes)} schedule: one guard run for every managed channel (issue 18), each on
 * its own, so a channel whose guard fails does not leave the others unwatched.
 */
public final class CostGuardHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(CostGuardHandler.class);

    private final CostGuard guard;
    private final dev.lunora.core.channel.ChannelRegistry registry;

    public CostGuardHandler() {
        this(Wiring.fromEnvironment());
    }

    public CostGuardHandler(Wiring wiring) {
        this.guard = wiring.costGuard();
        this.registry = wiring.channelRegistry();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            java.util.List<String> channelIds = registry.managedChannelIds();
            LOG.info("cost guard in channel_ids={}", channelIds);
            Map<String, Object> decisions = new java.util.LinkedHashMap<>();
            RuntimeException first = null;
            for (String channelId : channelIds) {
                try {
                    String name = guard.run(channelId).getClass().getSimpleName();
                    decisions.put(channelId, name);
                    LOG.info("cost guard out channel_id={} decision={}", channelId, name);
                } catch (RuntimeException e) {
                    LOG.error("cost guard failed channel_id={} error={}", channelId, e.getMessage());
                    decisions.put(channelId, "failed");
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first; // after every channel had its turn: the failure still shows in the function's errors
            }
            // channel_id/decision of the primary as before, for dashboards reading them.
            String primary = registry.primaryChannelId();
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("channel_id", primary);
            out.put("decision", decisions.getOrDefault(primary, "not_managed"));
            out.put("channels", decisions);
            return out;
        });
    }
}
