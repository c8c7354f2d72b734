package dev.lunora.core.channel;

/**
 * An RTMP output the channel should have. Holds the name of the SSM parameter with the key, never the key:
 * plans travel through Step Functions state, which is kept in execution history.
 */
public record OutputSpec(String destinationId, String url, String streamKeyParam, String presetId, String keyFingerprint) {

    /** An output whose key the plan need not compare (no fingerprint known). */
    public OutputSpec(String destinationId, String url, String streamKeyParam, String presetId) {
        this(destinationId, url, streamKeyParam, presetId, null);
    }

    public String outputName() {
        return LunoraOutputs.outputName(destinationId);
    }

    public String destinationRefId() {
        return LunoraOutputs.destinationRefId(destinationId);
    }

    /**
     * Equal when the channel already pushes this destination the same way. The key is compared by fingerprint
     * when the destination has one (items from the old system do not until their key is edited).
     */
    boolean sameAs(ChannelView.OutputOnChannel onChannel) {
        return destinationId.equals(onChannel.destinationId()) && url.equals(onChannel.url())
                && (presetId == null || presetId.equals(onChannel.presetId()))
                && (keyFingerprint == null || keyFingerprint.equals(onChannel.keyFingerprint()));
    }
}
