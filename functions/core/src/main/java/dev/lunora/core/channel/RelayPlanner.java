package dev.lunora.core.channel;

import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.ports.RelayFleet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plan for a relay-mode channel (architecture §8). The channel carries one fixed output, the program pushed to the
 * relay, so which destinations stream never changes the channel: only whether anything streams does. In order: relay
 * running and healthy, the relay output on the channel (an update only while IDLE), channel RUNNING, every wanted
 * destination reported live or failing by the relay. After the last Stop: channel stopped, then the relay scaled to 0.
 */
public final class RelayPlanner {

    private RelayPlanner() {
    }

    public static ChannelPlan plan(List<Destination> destinations, ChannelView channel, RelayFleet.RelayState relay, RelayOutput output) {
        List<Destination> ordered = destinations.stream()
                .filter(d -> channel.channelId().equals(d.channelId()))
                .sorted(Comparator.comparing(Destination::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Destination::destinationId))
                .toList();
        List<ChannelPlan.Refusal> refused = new ArrayList<>();
        List<Destination> wanted = new ArrayList<>();
        for (Destination d : ordered) {
            if (d.desiredState() != DesiredState.STREAMING) {
                continue;
            }
            if (!d.enabled()) {
                refused.add(new ChannelPlan.Refusal(d.destinationId(), "'" + d.name() + "' is disabled, so it was not started. Enable it and press Start again."));
            } else if (d.platform().pushesRtmp() && (!d.hasStreamKey() || d.rtmpUrl() == null)) {
                refused.add(new ChannelPlan.Refusal(d.destinationId(), "'" + d.name() + "' has no stream key. Add it from the platform's stream settings and press Start again."));
            } else {
                wanted.add(d);
            }
        }
        boolean shouldRun = !wanted.isEmpty();
        OutputSpec relayOutput = output.spec();
        List<ChannelView.OutputOnChannel> present = channel.lunoraOutputs();
        boolean hasRelayOutput = present.size() == 1 && present.get(0).destinationId().equals(RelayOutput.DESTINATION_ID)
                && relayOutput.url().equals(present.get(0).url());
        // Once set, the relay output stays: removing it would be an update for nothing, and it is what the next Start needs.
        boolean differ = shouldRun && !hasRelayOutput;
        List<OutputSpec> outputs = shouldRun || hasRelayOutput ? List.of(relayOutput) : List.of();
        List<String> onChannel = present.stream().map(ChannelView.OutputOnChannel::destinationId).toList();
        NextStep next = next(channel.state(), relay, shouldRun, differ, awaitingDelivery(wanted));
        return new ChannelPlan(channel.channelId(), channel.state(), next, outputs, shouldRun, differ, onChannel, List.of(), refused);
    }

    static NextStep next(ChannelState state, RelayFleet.RelayState relay, boolean shouldRun, boolean outputsDiffer, boolean awaitingDelivery) {
        if (state.isUnusable()) {
            return NextStep.CHANNEL_UNUSABLE;
        }
        if (state.isTransitional()) {
            return NextStep.WAIT_FOR_CHANNEL;
        }
        boolean running = state == ChannelState.RUNNING;
        if (shouldRun) {
            if (relay.desired() == 0) {
                return NextStep.START_RELAY;
            }
            if (!relay.healthy()) {
                return NextStep.WAIT_FOR_CHANNEL;
            }
            if (outputsDiffer) {
                return running ? NextStep.STOP_FOR_UPDATE : NextStep.APPLY_OUTPUTS;
            }
            if (!running) {
                return NextStep.START_CHANNEL;
            }
            return awaitingDelivery ? NextStep.WAIT_FOR_DELIVERY : NextStep.DONE;
        }
        if (running) {
            return NextStep.STOP_CHANNEL;
        }
        return relay.desired() > 0 ? NextStep.STOP_RELAY : NextStep.DONE;
    }

    /** An RTMP destination whose relay report is missing, older than the producer's last change, or still connecting. */
    private static boolean awaitingDelivery(List<Destination> wanted) {
        return wanted.stream().filter(d -> d.platform().pushesRtmp()).anyMatch(d -> !settled(d));
    }

    /** The relay has told, since the producer's last change, whether the push works. */
    static boolean settled(Destination d) {
        DeliveryReport report = d.delivery();
        return report != null && report.after(d.updatedAt())
                && (report.status().state() == DeliveryState.LIVE || report.status().state() == DeliveryState.FAILING);
    }
}
