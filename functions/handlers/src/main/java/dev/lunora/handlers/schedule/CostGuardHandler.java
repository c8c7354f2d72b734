package dev.lunora.handlers.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lunora.core.channel.CostGuard;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Target of the cost guard's {@code rate(5 minutes)} schedule: one guard run for the managed channel. */
public final class CostGuardHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(CostGuardHandler.class);

    private final CostGuard guard;
    private final String channelId;

    public CostGuardHandler() {
        this(Wiring.fromEnvironment());
    }

    public CostGuardHandler(Wiring wiring) {
        this.guard = wiring.costGuard();
        this.channelId = wiring.config().channelId();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            LOG.info("cost guard in channel_id={}", channelId);
            CostGuard.Decision decision = guard.run(channelId);
            String name = decision.getClass().getSimpleName();
            LOG.info("cost guard out channel_id={} decision={}", channelId, name);
            return Map.of("channel_id", channelId, "decision", name);
        });
    }
}
