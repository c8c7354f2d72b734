package dev.lunora.core.channel;

import java.util.List;

/**
 * What should change on one channel, computed from destinations and the channel as found.
 *
 * @param outputs       the RTMP outputs the channel should carry, in a stable order
 * @param shouldRun     whether any enabled destination wants to stream (HLS included)
 * @param onChannel     destination ids whose outputs are on the channel now
 * @param interrupted   destinations streaming now that a stop for update will briefly cut off
 * @param cannotStream  destinations that want to stream but can't, each with the reason
 */
public record ChannelPlan(
        String channelId,
        ChannelState state,
        NextStep next,
        List<OutputSpec> outputs,
        boolean shouldRun,
        boolean outputsDiffer,
        List<String> onChannel,
        List<String> interrupted,
        List<Refusal> cannotStream) {

    public ChannelPlan {
        outputs = List.copyOf(outputs);
        onChannel = List.copyOf(onChannel);
        interrupted = List.copyOf(interrupted);
        cannotStream = List.copyOf(cannotStream);
    }

    /** A destination that wants to stream but is left out, and why, in words for the producer. */
    public record Refusal(String destinationId, String reason) {
    }
}
