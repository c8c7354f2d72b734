package dev.lunora.core.channel;

import dev.lunora.core.destination.StreamKeys;

/** An output with its stream key, alive only inside the apply step between Parameter Store and MediaLive. */
public record ResolvedOutput(OutputSpec spec, String streamKey) {

    @Override
    public String toString() {
        return "ResolvedOutput[spec=" + spec + ", streamKey=" + StreamKeys.hint(streamKey) + "]";
    }
}
