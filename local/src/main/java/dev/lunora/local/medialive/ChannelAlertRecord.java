package dev.lunora.local.medialive;

import java.time.Instant;

/**
 * One alert of a channel as ListAlerts shows it. {@code key} names the condition (alert type, pipeline,
 * destination) so the same failure is not raised twice; it never contains a stream key.
 */
public record ChannelAlertRecord(
        String id,
        String key,
        String alertType,
        String message,
        String pipelineId,
        String state,
        Instant setTimestamp,
        Instant clearedTimestamp) {

    public static final String SET = "SET";
    public static final String CLEARED = "CLEARED";

    ChannelAlertRecord cleared(Instant at) {
        return new ChannelAlertRecord(id, key, alertType, message, pipelineId, CLEARED, setTimestamp, at);
    }
}
