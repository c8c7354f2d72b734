package dev.lunora.core.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One MediaLive channel alert as Lunora needs it, from an EventBridge event or from ListAlerts.
 *
 * @param alertId  unique only within one run of one channel: MediaLive restarts the series with the channel
 * @param pipeline "0" or "1"
 * @param message  MediaLive's long description; names the output ({@code lunora-<destinationId>}) it concerns
 * @param at       when it was set or cleared (the event's time); orders alerts of one destination
 */
public record ChannelAlert(String channelId, AlarmState state, String alertId, String alertType, String pipeline,
                           String message, Instant at) {

    public enum AlarmState { SET, CLEARED }

    public ChannelAlert {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(at, "at");
        alertType = alertType == null ? "" : alertType;
        pipeline = pipeline == null || pipeline.isBlank() ? "0" : pipeline;
        message = message == null ? "" : message;
    }

    /** The channel id at the end of a channel ARN ({@code arn:aws:medialive:<region>:<account>:channel:<id>}). */
    public static String channelIdOf(String channelArn) {
        if (channelArn == null || channelArn.isBlank()) {
            throw new IllegalArgumentException("The event names no channel ARN.");
        }
        int colon = channelArn.lastIndexOf(':');
        return colon < 0 ? channelArn : channelArn.substring(colon + 1);
    }
}
