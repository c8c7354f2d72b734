package dev.lunora.handlers.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lunora.core.schedule.ScheduleService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Target of a producer's EventBridge Scheduler schedule. The input is the schedule's own
 * {@code {"destination_id", "action", "schedule_name"}}; it presses Start or Stop the way a click does.
 */
public final class ScheduledActionHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledActionHandler.class);

    private final ScheduleService schedules;

    public ScheduledActionHandler() {
        this(Wiring.fromEnvironment());
    }

    public ScheduledActionHandler(Wiring wiring) {
        this.schedules = wiring.scheduleService();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        String destinationId = text(input, "destination_id");
        String action = text(input, "action");
        String name = input.get("schedule_name") == null ? "" : input.get("schedule_name").toString();
        return PowertoolsLogging.withLogging(context, () -> {
            LOG.info("scheduled action in schedule={} destination_id={} action={}", name, destinationId, action);
            schedules.fire(destinationId, action, name);
            LOG.info("scheduled action out schedule={} destination_id={}", name, destinationId);
            return Map.of("destination_id", destinationId, "action", action);
        });
    }

    private static String text(Map<String, Object> input, String field) {
        Object v = input == null ? null : input.get(field);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("schedule input is missing '" + field + "'");
        }
        return v.toString();
    }
}
