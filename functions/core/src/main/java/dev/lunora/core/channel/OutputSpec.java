package dev.lunora.core.channel;

/**
 * An RTMP output the channel should have. Holds the name of the SSM parameter with the key, never the key:
 * plans travel through Step Functions state, which is kept in execution history.
 */
public record OutputSpec(String destinationId, String url, String streamKeyParam, String presetId) {

    public String outputName() {
        return LunoraOutputs.outputName(destinationId);
    }

    public String destinationRefId() {
        return LunoraOutputs.destinationRefId(destinationId);
    }

    /** Equal when the channel already pushes this destination the same way (the key is checked by apply). */
    boolean sameAs(ChannelView.OutputOnChannel onChannel) {
        return destinationId.equals(onChannel.destinationId()) && url.equals(onChannel.url())
                && (presetId == null || presetId.equals(onChannel.presetId()));
    }
}
