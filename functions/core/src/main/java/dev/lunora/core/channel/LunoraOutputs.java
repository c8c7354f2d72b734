package dev.lunora.core.channel;

import java.util.Optional;

/**
 * The names Lunora gives what it adds to a channel. Derived from the destination id, so outputs are
 * recognisable in the console and stable across updates, and so alerts can be traced back to a destination.
 * Everything on the channel without these names belongs to someone else and is never changed.
 */
public final class LunoraOutputs {

    /** The one RTMP output group Lunora owns (MediaLive allows 32 characters). */
    public static final String GROUP_NAME = "lunora-rtmp";
    private static final String PREFIX = "lunora-";
    private static final String VIDEO_PREFIX = "lunora-video-";
    private static final String AUDIO_PREFIX = "lunora-audio-";

    private LunoraOutputs() {
    }

    public static String outputName(String destinationId) {
        return PREFIX + destinationId;
    }

    /** The channel-level destination id the output points at. */
    public static String destinationRefId(String destinationId) {
        return PREFIX + destinationId;
    }

    public static Optional<String> destinationIdOf(String outputOrRefName) {
        if (outputOrRefName == null || !outputOrRefName.startsWith(PREFIX) || outputOrRefName.startsWith(VIDEO_PREFIX)
                || outputOrRefName.startsWith(AUDIO_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(outputOrRefName.substring(PREFIX.length()));
    }

    public static String videoDescriptionName(String presetId) {
        return VIDEO_PREFIX + presetId;
    }

    public static String audioDescriptionName(String presetId) {
        return AUDIO_PREFIX + presetId;
    }

    public static Optional<String> presetIdOfVideo(String videoDescriptionName) {
        return videoDescriptionName != null && videoDescriptionName.startsWith(VIDEO_PREFIX)
                ? Optional.of(videoDescriptionName.substring(VIDEO_PREFIX.length())) : Optional.empty();
    }
}
