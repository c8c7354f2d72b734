package dev.lunora.handlers.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lunora.core.alert.AlertService;
import dev.lunora.core.alert.ChannelAlert;
import dev.lunora.handlers.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * EventBridge rule target for {@code MediaLive Channel Alert}: marks the destination the alert names with its
 * health. Failures escape, so EventBridge's asynchronous invocation retries them.
 */
public final class ChannelAlertHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelAlertHandler.class);

    private final AlertService alerts;

    public ChannelAlertHandler() {
        this(Wiring.fromEnvironment());
    }

    public ChannelAlertHandler(Wiring wiring) {
        this.alerts = wiring.alertService();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ChannelAlert alert = MediaLiveEvent.of(event).alert();
            LOG.info("alert event in channel_id={} alarm_state={} alert_type={} pipeline={}",
                    alert.channelId(), alert.state(), alert.alertType(), alert.pipeline());
            String destinationId = alerts.apply(alert).orElse(null);
            LOG.info("alert event out channel_id={} destination_id={}", alert.channelId(), destinationId);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("destinationId", destinationId);
            return result;
        });
    }
}
