package dev.lunora.core.channel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One channel of the account as ListChannels shows it, with the inputs attached to it (DescribeInput): what the
 * channels page needs to tell channels apart and to show where the encoder pushes.
 *
 * @param channelClass MediaLive's {@code SINGLE_PIPELINE} or {@code STANDARD}, as sent
 * @param inputs       attached inputs in attachment order; empty for a channel without any
 */
public record ChannelSummary(String channelId, String name, String arn, ChannelState state, String channelClass,
                             List<AttachedInput> inputs) {

    public ChannelSummary {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(state, "state");
        inputs = List.copyOf(inputs);
    }

    /** The first attached input: the one a channel without input switching encodes. */
    public Optional<AttachedInput> input() {
        return inputs.isEmpty() ? Optional.empty() : Optional.of(inputs.get(0));
    }

    /**
     * @param type      MediaLive's input type ({@code RTMP_PUSH}, {@code SRT_CALLER}, ...); null when the input could not be read
     * @param endpoints where the encoder sends to or MediaLive pulls from, for people: the rtmp:// URLs of an RTMP_PUSH input,
     *                  {@code srt://host:port (stream id x)} of an SRT_CALLER input; empty for other types
     */
    public record AttachedInput(String inputId, String type, List<String> endpoints) {
        public AttachedInput {
            Objects.requireNonNull(inputId, "inputId");
            endpoints = List.copyOf(endpoints);
        }
    }
}
