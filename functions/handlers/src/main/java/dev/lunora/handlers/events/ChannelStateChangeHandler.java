package dev.lunora.handlers.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lunora.core.channel.ChannelStateChanges;
import dev.lunora.handlers.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * EventBridge rule target for {@code MediaLive Channel State Change}: a channel that changed outside a
 * reconcile gets one, so the statuses the page shows are corrected.
 */
public final class ChannelStateChangeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelStateChangeHandler.class);

    private final ChannelStateChanges stateChanges;
    private final dev.lunora.core.channel.ChannelRegistry registry;

    public ChannelStateChangeHandler() {
        this(Wiring.fromEnvironment());
    }

    public ChannelStateChangeHandler(Wiring wiring) {
        this.stateChanges = wiring.channelStateChanges();
        this.registry = wiring.channelRegistry();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            MediaLiveEvent e = MediaLiveEvent.of(event);
            LOG.info("state change event in channel_id={} state={}", e.channelId(), e.state());
            if (!registry.isManaged(e.channelId())) {
                // Not Lunora's channel (issue 18): the rule names the managed ARNs in AWS; this also holds where no rule
                // filters (local mode's bus) and for a channel unmanaged since the deploy. Reconciling it would stop it.
                LOG.info("state change event out channel_id={} ignored=not_managed", e.channelId());
                Map<String, Object> ignored = new LinkedHashMap<>();
                ignored.put("execution", null);
                ignored.put("ignored", "not_managed");
                return ignored;
            }
            String execution = stateChanges.onStateChange(e.channelId(), e.state());
            LOG.info("state change event out channel_id={} state={} execution={}", e.channelId(), e.state(), execution);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("execution", execution);
            return result;
        });
    }
}
