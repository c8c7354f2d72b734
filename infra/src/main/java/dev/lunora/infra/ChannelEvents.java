package dev.lunora.infra;

import java.util.List;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.constructs.Construct;

/**
 * EventBridge rules for the managed channel's MediaLive alerts (RTMP connection and authentication failures, set
 * and cleared) and state changes, matched on the channel's ARN so other channels in the account never reach Lunora.
 *
 * <p>No handler for these events exists yet (the alerts/events issue adds it), so the rules are created without
 * targets: free, harmless, and visible in the console. That issue completes them with {@link #targetAlerts} and
 * {@link #targetStateChanges}; nothing here invents a handler.
 */
public final class ChannelEvents extends Construct {

    public static final String ALERT = "MediaLive Channel Alert";
    public static final String STATE_CHANGE = "MediaLive Channel State Change";

    private final Rule alerts;
    private final Rule stateChanges;

    public ChannelEvents(Construct scope, String id, String channelArn) {
        super(scope, id);
        alerts = Rule.Builder.create(this, "Alerts")
                .description("MediaLive alerts of the Lunora channel (target: the alerts handler, not built yet)")
                .eventPattern(pattern(ALERT, channelArn))
                .build();
        stateChanges = Rule.Builder.create(this, "StateChanges")
                .description("MediaLive state changes of the Lunora channel (target: the events handler, not built yet)")
                .eventPattern(pattern(STATE_CHANGE, channelArn))
                .build();
    }

    static EventPattern pattern(String detailType, String channelArn) {
        return EventPattern.builder()
                .source(List.of("aws.medialive"))
                .detailType(List.of(detailType))
                .resources(List.of(channelArn))
                .build();
    }

    /** For the alerts issue: route alert events (set and cleared) to the handler that marks destination health. */
    public void targetAlerts(IRuleTarget target) {
        alerts.addTarget(target);
    }

    /** For the events issue: route state changes to the handler that refreshes status. */
    public void targetStateChanges(IRuleTarget target) {
        stateChanges.addTarget(target);
    }

    public Rule alerts() {
        return alerts;
    }

    public Rule stateChanges() {
        return stateChanges;
    }
}
