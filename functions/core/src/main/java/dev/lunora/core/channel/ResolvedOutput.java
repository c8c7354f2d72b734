package dev.lunora.core.channel;

import dev.lunora.core.destination.StreamKeys;

/**
 * An output with its stream keys, alive only inside the apply step between Parameter Store and MediaLive.
 *
 * @param backupStreamKey the key pipeline 1 pushes; null on a single-pipeline channel
 */
public record ResolvedOutput(OutputSpec spec, String streamKey, String backupStreamKey) {

    public ResolvedOutput(OutputSpec spec, String streamKey) {
        this(spec, streamKey, null);
    }

    @Override
    public String toString() {
        return "ResolvedOutput[spec=" + spec + ", streamKey=" + StreamKeys.hint(streamKey)
                + (backupStreamKey == null ? "" : ", backupStreamKey=" + StreamKeys.hint(backupStreamKey)) + "]";
    }
}
