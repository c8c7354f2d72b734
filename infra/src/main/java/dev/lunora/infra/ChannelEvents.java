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
 * <p>Targets are the catalog's event functions ({@code trigger.detail-type} in statemachines/functions.json), added by
 * {@link LunoraStack} through {@link #target}.
 */
public final class ChannelEvents extends Construct {

    public static final String ALERT = "MediaLive Channel Alert";
    public static final String STATE_CHANGE = "MediaLive Channel State Change";

    private final Rule alerts;
    private final Rule stateChanges;

    public ChannelEvents(Construct scope, String id, String channelArn) {
        this(scope, id, List.of(channelArn));
    }

    /** @param channelArns every managed channel (issue 18): events of the others are not Lunora's business */
    public ChannelEvents(Construct scope, String id, List<String> channelArns) {
        super(scope, id);
        alerts = Rule.Builder.create(this, "Alerts")
                .description("MediaLive alerts of the Lunora channel: mark destination health")
                .eventPattern(pattern(ALERT, channelArns))
                .build();
        stateChanges = Rule.Builder.create(this, "StateChanges")
                .description("MediaLive state changes of the Lunora channel: reconcile a channel changed behind Lunora's back")
                .eventPattern(pattern(STATE_CHANGE, channelArns))
                .build();
    }

    static EventPattern pattern(String detailType, String channelArn) {
        return pattern(detailType, List.of(channelArn));
    }

    static EventPattern pattern(String detailType, List<String> channelArns) {
        return EventPattern.builder()
                .source(List.of("aws.medialive"))
                .detailType(List.of(detailType))
                .resources(channelArns)
                .build();
    }

    /** Routes {@code detailType} ({@link #ALERT} or {@link #STATE_CHANGE}) to {@code target}. */
    public void target(String detailType, IRuleTarget target) {
        switch (detailType) {
            case ALERT -> targetAlerts(target);
            case STATE_CHANGE -> targetStateChanges(target);
            default -> throw new IllegalStateException("statemachines/functions.json has a function for MediaLive events '" + detailType
                    + "', but ChannelEvents has rules only for '" + ALERT + "' and '" + STATE_CHANGE + "'.");
        }
    }

    /** Route alert events (set and cleared) to the handler that marks destination health. */
    public void targetAlerts(IRuleTarget target) {
        alerts.addTarget(target);
    }

    /** Route state changes to the handler that refreshes status. */
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
