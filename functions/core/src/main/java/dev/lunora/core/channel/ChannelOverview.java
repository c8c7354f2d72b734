package dev.lunora.core.channel;

import dev.lunora.core.ports.ChannelCoordination;
import java.time.Instant;
import java.util.Objects;

/**
 * What the page shows about a channel: MediaLive's state, the reconcile in flight, if any, and how the channel
 * delivers its program.
 *
 * @param execution      the run holding the lock, or the last run when none does
 * @param inFlight       whether a run holds the channel's lock now
 * @param step           the run's current step (a {@link NextStep} wire name, "locked", "done", "failed")
 * @param delivery       the channel's delivery mode (architecture §8)
 * @param relayAvailable whether this stack deploys the relay, so the channel could switch to {@link DeliveryMode#RELAY}
 * @param signal         whether the encoder's signal reaches the channel (MediaLive's input-loss alerts)
 * @param thumbnails     whether the channel's thumbnails are on, so the page can show its picture while it runs
 */
public record ChannelOverview(String channelId, ChannelState state, int rtmpOutputs, String execution, boolean inFlight,
                              String step, String stepDetail, Instant stepAt, DeliveryMode delivery, boolean relayAvailable,
                              InputSignal signal, boolean thumbnails) {

    public ChannelOverview {
        Objects.requireNonNull(delivery, "delivery");
        signal = signal == null ? InputSignal.of(state, null) : signal;
    }

    /** Without the input signal and thumbnail facts: the signal as an unalerted channel's, thumbnails off. */
    public ChannelOverview(String channelId, ChannelState state, int rtmpOutputs, String execution, boolean inFlight,
                           String step, String stepDetail, Instant stepAt, DeliveryMode delivery, boolean relayAvailable) {
        this(channelId, state, rtmpOutputs, execution, inFlight, step, stepDetail, stepAt, delivery, relayAvailable, null, false);
    }

    /** Without the delivery facts: reads as a direct channel in a stack without relay, as every channel was before §8. */
    public static ChannelOverview of(ChannelView view, ChannelCoordination.Status status, Instant now) {
        return of(view, status, DeliveryMode.DIRECT, false, now);
    }

    public static ChannelOverview of(ChannelView view, ChannelCoordination.Status status, DeliveryMode delivery,
                                     boolean relayAvailable, Instant now) {
        return of(view, status, delivery, relayAvailable, null, now);
    }

    /** @param inputLostAt since when an input-loss alert is recorded on the channel, null when none is */
    public static ChannelOverview of(ChannelView view, ChannelCoordination.Status status, DeliveryMode delivery,
                                     boolean relayAvailable, Instant inputLostAt, Instant now) {
        boolean held = status != null && status.lockOwner() != null
                && (status.lockExpires() == null || status.lockExpires().isAfter(now));
        ChannelCoordination.Progress p = status == null ? null : status.progress();
        return new ChannelOverview(view.channelId(), view.state(), view.lunoraOutputs().size(),
                held ? status.lockOwner() : p == null ? null : p.execution(), held,
                p == null ? null : p.step(), p == null ? null : p.detail(), p == null ? null : p.at(), delivery, relayAvailable,
                InputSignal.of(view.state(), inputLostAt), view.thumbnails());
    }
}
