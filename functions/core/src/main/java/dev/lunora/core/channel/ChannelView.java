package dev.lunora.core.channel;

import java.util.List;

/**
 * What the plan needs to know about a channel, without stream keys: its state, how many pipelines each
 * destination needs, and the RTMP outputs Lunora put there earlier.
 *
 * @param pipelines      1 for SINGLE_PIPELINE, 2 for STANDARD
 * @param lunoraOutputs  outputs in Lunora's group, in channel order
 * @param hasOtherOutputs whether the channel has output groups Lunora did not create (e.g. MediaPackage HLS)
 * @param thumbnails     whether the channel's thumbnails are on (EncoderSettings.thumbnailConfiguration AUTO)
 */
public record ChannelView(String channelId, ChannelState state, int pipelines, List<OutputOnChannel> lunoraOutputs,
                          boolean hasOtherOutputs, boolean thumbnails) {

    public ChannelView {
        lunoraOutputs = List.copyOf(lunoraOutputs);
    }

    /** A channel with thumbnails off. */
    public ChannelView(String channelId, ChannelState state, int pipelines, List<OutputOnChannel> lunoraOutputs,
                       boolean hasOtherOutputs) {
        this(channelId, state, pipelines, lunoraOutputs, hasOtherOutputs, false);
    }

    /**
     * One of Lunora's outputs as found on the channel; {@code presetId} from its video description, if Lunora's;
     * {@code keyFingerprint} of the stream name it pushes (null when it has none); {@code backupUrl} and
     * {@code backupKeyFingerprint} the same for pipeline 1 (null on a single-pipeline channel).
     */
    public record OutputOnChannel(String destinationId, String url, String presetId, String keyFingerprint, String backupUrl,
                                  String backupKeyFingerprint) {

        public OutputOnChannel(String destinationId, String url, String presetId) {
            this(destinationId, url, presetId, null, null, null);
        }

        public OutputOnChannel(String destinationId, String url, String presetId, String keyFingerprint) {
            this(destinationId, url, presetId, keyFingerprint, null, null);
        }
    }
}
