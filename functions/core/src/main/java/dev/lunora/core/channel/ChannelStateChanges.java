package dev.lunora.core.channel;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.ReconcileRequests;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reacts to MediaLive's channel state-change events. The reconcile's own starts and stops happen while it holds
 * the channel lock and are ignored; a channel that settled on its own (stopped in the console, maintenance) in a
 * way the recorded statuses do not show gets a reconcile, through the same port a click uses, which corrects them.
 * Event states are the event vocabulary (RUNNING, STOPPED, DELETED...), not the API's IDLE.
 */
public final class ChannelStateChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelStateChanges.class);

    private final DestinationStore destinations;
    private final ChannelCoordination coordination;
    private final ReconcileRequests reconciles;
    private final Clock clock;

    public ChannelStateChanges(DestinationStore destinations, ChannelCoordination coordination, ReconcileRequests reconciles, Clock clock) {
        this.destinations = destinations;
        this.coordination = coordination;
        this.reconciles = reconciles;
        this.clock = clock;
    }

    /** @return the reconcile execution requested, or null when the event needs none */
    public String onStateChange(String channelId, String eventState) {
        Instant now = clock.instant();
        if (coordination.reconcileInFlight(channelId, now)) {
            LOG.debug("state change during a reconcile, ignored channel_id={} state={}", channelId, eventState);
            return null;
        }
        if (!reconciles.available() || !statusesDisagree(eventState, destinationsOf(channelId))) {
            LOG.debug("state change matches the recorded statuses channel_id={} state={}", channelId, eventState);
            return null;
        }
        String execution = reconciles.request(channelId);
        LOG.info("channel changed outside a reconcile, reconcile requested channel_id={} state={} execution={}",
                channelId, eventState, execution);
        return execution;
    }

    /** Transitional states are skipped: the settled state that follows is the one to judge. */
    static boolean statusesDisagree(String eventState, List<Destination> ofChannel) {
        if (ofChannel.stream().anyMatch(d -> d.streamingStatus() == StreamingStatus.STARTING || d.streamingStatus() == StreamingStatus.STOPPING)) {
            // A click's run is pending or under way and will settle these; asking for another only adds a run that
            // waits for the lock (and, during an outage, fails the same way). The periodic guard repairs a dead one.
            return false;
        }
        return switch (eventState == null ? "" : eventState) {
            case "RUNNING" -> ofChannel.stream().noneMatch(ChannelStateChanges::wanted)
                    || ofChannel.stream().anyMatch(d -> wanted(d) && d.streamingStatus() != StreamingStatus.STREAMING);
            case "STOPPED", "DELETED" -> ofChannel.stream().anyMatch(d -> wanted(d) || d.streamingStatus() == StreamingStatus.STREAMING);
            default -> false;
        };
    }

    private static boolean wanted(Destination d) {
        return d.enabled() && d.desiredState() == DesiredState.STREAMING;
    }

    private List<Destination> destinationsOf(String channelId) {
        return destinations.list().stream().filter(d -> channelId.equals(d.channelId())).toList();
    }
}
