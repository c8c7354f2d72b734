package dev.lunora.core.channel;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.BackupIngest;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.PipelineIngest;
import dev.lunora.core.destination.StreamingStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure heart of Lunora: given the destinations of a channel and the channel as MediaLive reports it, what
 * should happen next. No I/O, no clock: the same inputs always give the same plan.
 */
public final class ChannelPlanner {

    private ChannelPlanner() {
    }

    public static ChannelPlan plan(List<Destination> destinations, ChannelView channel) {
        List<Destination> ordered = destinations.stream()
                .filter(d -> channel.channelId().equals(d.channelId()))
                .sorted(Comparator.comparing(Destination::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Destination::destinationId))
                .toList();

        List<OutputSpec> outputs = new ArrayList<>();
        List<ChannelPlan.Refusal> refused = new ArrayList<>();
        boolean shouldRun = false;
        for (Destination d : ordered) {
            if (d.desiredState() != DesiredState.STREAMING) {
                continue;
            }
            if (!d.enabled()) {
                refused.add(new ChannelPlan.Refusal(d.destinationId(), "'" + d.name() + "' is disabled, so it was not started. Enable it and press Start again."));
                continue;
            }
            if (!d.platform().pushesRtmp()) {
                shouldRun = true;
                continue;
            }
            if (!d.hasStreamKey() || d.rtmpUrl() == null) {
                refused.add(new ChannelPlan.Refusal(d.destinationId(), "'" + d.name() + "' has no stream key. Add it from the platform's stream settings and press Start again."));
                continue;
            }
            var ingestProblem = PipelineIngest.problem(d, channel.pipelines());
            if (ingestProblem.isPresent()) {
                refused.add(new ChannelPlan.Refusal(d.destinationId(), ingestProblem.get()));
                continue;
            }
            outputs.add(new OutputSpec(d.destinationId(), d.rtmpUrl(), d.streamKeyParam(), d.presetId(), d.streamKeyFingerprint(),
                    channel.pipelines() > 1 ? backupOf(d) : null));
            shouldRun = true;
        }

        // Removing the last output of a channel that has no other output group would send outputGroups: [] — the
        // model requires the member but sets no minimum and no source says what MediaLive does with an empty list.
        // The idle channel keeps its last outputs instead: harmless while it is stopped, replaced at the next Start.
        boolean wouldEmptyChannel = outputs.isEmpty() && !channel.hasOtherOutputs();
        boolean differ = !wouldEmptyChannel && differs(outputs, channel.lunoraOutputs());
        List<String> onChannel = channel.lunoraOutputs().stream().map(ChannelView.OutputOnChannel::destinationId).toList();
        NextStep next = next(channel.state(), differ, shouldRun);
        List<String> interrupted = next == NextStep.STOP_FOR_UPDATE
                ? ordered.stream().filter(d -> d.streamingStatus() == StreamingStatus.STREAMING).map(Destination::destinationId).toList()
                : List.of();
        return new ChannelPlan(channel.channelId(), channel.state(), next, outputs, shouldRun, differ, onChannel, interrupted, refused);
    }

    private static OutputSpec.Backup backupOf(Destination d) {
        BackupIngest b = d.backup();
        return b.hasOwnKey() ? new OutputSpec.Backup(b.rtmpUrl(), b.streamKeyParam(), b.streamKeyFingerprint())
                : new OutputSpec.Backup(b.rtmpUrl(), null, d.streamKeyFingerprint());
    }

    static NextStep next(ChannelState state, boolean outputsDiffer, boolean shouldRun) {
        if (state == ChannelState.UPDATE_FAILED) {
            // The last UpdateChannel failed, so the outputs DescribeChannel shows need not be what the channel would
            // run with: send them again, whatever they look like, and never start or stop a channel in this state.
            // Neither the MediaLive model (the enum value has only placeholder documentation) nor the user guide's
            // state list (docs.aws.amazon.com/medialive/latest/ug/monitor-activity-types-channel.html) says what
            // UPDATE_FAILED admits; that an UpdateChannel is accepted and repairs it is a guess.
            return NextStep.APPLY_OUTPUTS;
        }
        if (state.isUnusable()) {
            return NextStep.CHANNEL_UNUSABLE;
        }
        if (state.isTransitional()) {
            return NextStep.WAIT_FOR_CHANNEL;
        }
        boolean running = state == ChannelState.RUNNING;
        if (outputsDiffer) {
            return running ? NextStep.STOP_FOR_UPDATE : NextStep.APPLY_OUTPUTS;
        }
        if (shouldRun && !running) {
            return NextStep.START_CHANNEL;
        }
        if (!shouldRun && running) {
            return NextStep.STOP_CHANNEL;
        }
        return NextStep.DONE;
    }

    /** Order does not matter to MediaLive's pushes, so compare by destination. */
    private static boolean differs(List<OutputSpec> wanted, List<ChannelView.OutputOnChannel> present) {
        if (wanted.size() != present.size()) {
            return true;
        }
        Map<String, ChannelView.OutputOnChannel> byId = new HashMap<>();
        present.forEach(o -> byId.put(o.destinationId(), o));
        return wanted.stream().anyMatch(w -> byId.get(w.destinationId()) == null || !w.sameAs(byId.get(w.destinationId())));
    }
}
