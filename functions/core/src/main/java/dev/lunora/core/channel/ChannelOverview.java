package dev.lunora.core.channel;

import dev.lunora.core.ports.ChannelCoordination;
import java.time.Instant;

/**
 * What the page shows about a channel: MediaLive's state and the reconcile in flight, if any.
 *
 * @param execution    the run holding the lock, or the last run when none does
 * @param inFlight     whether a run holds the channel's lock now
 * @param step         the run's current step (a {@link NextStep} wire name, "locked", "done", "failed")
 */
public record ChannelOverview(String channelId, ChannelState state, int rtmpOutputs, String execution, boolean inFlight,
                              String step, String stepDetail, Instant stepAt) {

    public static ChannelOverview of(ChannelView view, ChannelCoordination.Status status, Instant now) {
        boolean held = status != null && status.lockOwner() != null
                && (status.lockExpires() == null || status.lockExpires().isAfter(now));
        ChannelCoordination.Progress p = status == null ? null : status.progress();
        return new ChannelOverview(view.channelId(), view.state(), view.lunoraOutputs().size(),
                held ? status.lockOwner() : p == null ? null : p.execution(), held,
                p == null ? null : p.step(), p == null ? null : p.detail(), p == null ? null : p.at());
    }
}
