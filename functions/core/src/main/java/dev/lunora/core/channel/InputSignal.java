package dev.lunora.core.channel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;

/**
 * Whether the encoder's signal reaches a channel: {@code ok} while it runs without an input-loss alert,
 * {@code no_signal} since the first input-loss alert MediaLive raised, {@code unknown} while it does not run (a
 * channel that does not encode cannot tell).
 *
 * <p>The alerts that mean "no signal" are MediaLive's input alerts from its user guide's list of alerts for channels
 * [UG-ALERTS, docs.aws.amazon.com/medialive/latest/ug/monitor-activity-types-alerts-channels.html]: 5201 Video Not
 * Detected ("the active input is unavailable"), 5302 Stopped Receiving UDP Input, 5305 RTMP Stream Not Found, 5307 RTMP
 * Has No Audio/Video ("the specified RTMP stream is no longer present"), 5308 RTMP Server Disconnected. 5101 Audio Not
 * Detected alone is not one: a source may carry video without sound.
 */
public record InputSignal(State state, Instant since, String message) {

    public enum State {
        OK("ok"), NO_SIGNAL("no_signal"), UNKNOWN("unknown");

        private final String id;

        State(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public static final Set<String> INPUT_LOSS_ALERTS = Set.of("Video Not Detected", "Stopped Receiving UDP Input",
            "RTMP Stream Not Found", "RTMP Has No Audio/Video", "RTMP Server Disconnected");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public InputSignal {
        Objects.requireNonNull(state, "state");
    }

    public static boolean isInputLoss(String alertType) {
        return alertType != null && INPUT_LOSS_ALERTS.contains(alertType);
    }

    /** From the channel's state and the time its input was recorded lost (null: not lost). */
    public static InputSignal of(ChannelState channel, Instant lostAt) {
        if (channel != ChannelState.RUNNING) {
            return new InputSignal(State.UNKNOWN, null, "Channel is " + channel + ": the signal is known only while it runs.");
        }
        if (lostAt == null) {
            return new InputSignal(State.OK, null, "The encoder's signal reaches the channel.");
        }
        return new InputSignal(State.NO_SIGNAL, lostAt, "No signal from the encoder since " + CLOCK.format(lostAt)
                + ": check that the encoder (OBS) is streaming to the channel's input.");
    }
}
