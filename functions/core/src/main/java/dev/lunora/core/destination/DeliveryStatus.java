package dev.lunora.core.destination;

import java.time.Instant;
import java.util.Objects;

/**
 * What the relay last saw of its push to one destination. Never holds a stream key: {@code error} is one of the
 * relay's fixed producer-readable reasons.
 *
 * @param liveSince   when packets started to flow; only while {@link DeliveryState#LIVE}
 * @param bitrateKbps the push's output bitrate as ffmpeg reports it; null when unknown or not live
 * @param error       why it fails (or stopped, when the relay itself stopped); null otherwise
 */
public record DeliveryStatus(DeliveryState state, Instant liveSince, Integer bitrateKbps, String error) {

    public DeliveryStatus {
        Objects.requireNonNull(state, "state");
    }

    public static DeliveryStatus connecting() {
        return new DeliveryStatus(DeliveryState.CONNECTING, null, null, null);
    }

    public static DeliveryStatus live(Instant since, Integer bitrateKbps) {
        return new DeliveryStatus(DeliveryState.LIVE, Objects.requireNonNull(since, "since"), bitrateKbps, null);
    }

    public static DeliveryStatus failing(String reason) {
        return new DeliveryStatus(DeliveryState.FAILING, null, null, Objects.requireNonNull(reason, "reason"));
    }

    public static DeliveryStatus stopped() {
        return new DeliveryStatus(DeliveryState.STOPPED, null, null, null);
    }

    /** Stopped for a reason the producer should see (the relay shut down while the destination was wanted). */
    public static DeliveryStatus stopped(String reason) {
        return new DeliveryStatus(DeliveryState.STOPPED, null, null, reason);
    }

    /** Same state, since and error: only the bitrate may differ, which is not worth a write every second. */
    public boolean sameApartFromBitrate(DeliveryStatus other) {
        return other != null && state == other.state && Objects.equals(liveSince, other.liveSince) && Objects.equals(error, other.error);
    }
}
