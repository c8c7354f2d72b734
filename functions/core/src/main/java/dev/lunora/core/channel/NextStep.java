package dev.lunora.core.channel;

/**
 * The one thing the reconcile workflow should do next. The workflow acts, lets the channel settle, and asks
 * again, until the answer is {@link #DONE}. Wire names are what the state machine's Choice compares.
 */
public enum NextStep {
    /** MediaLive is mid-transition; wait and plan again. */
    WAIT_FOR_CHANNEL("wait"),
    /** Outputs must change but the channel is running: stop it first (MediaLive edits only idle channels). */
    STOP_FOR_UPDATE("stop-for-update"),
    /** The channel is idle and its outputs differ from what should stream, or its last update failed: update them. */
    APPLY_OUTPUTS("apply"),
    /** Something should stream and the outputs are right: start the channel. */
    START_CHANNEL("start"),
    /** Nothing should stream: stop the channel so it stops billing. */
    STOP_CHANNEL("stop"),
    /** Relay mode: something should stream but the relay service is scaled to zero; scale it up first. */
    START_RELAY("start-relay"),
    /** Relay mode: nothing streams and the channel is stopped; scale the relay service to zero. */
    STOP_RELAY("stop-relay"),
    /** Relay mode: the channel runs; wait until the relay reports each wanted destination live or failing. */
    WAIT_FOR_DELIVERY("wait-delivery"),
    /** The channel matches what should stream. */
    DONE("done"),
    /** The channel is deleted or broken; no change can help. */
    CHANNEL_UNUSABLE("unusable");

    private final String wireName;

    NextStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
