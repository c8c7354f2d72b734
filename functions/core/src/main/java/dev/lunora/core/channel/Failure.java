package dev.lunora.core.channel;

/** Why a reconcile step failed, as the compensation step classifies the workflow's error name. */
public enum Failure {
    /** MediaLive refused the new outputs: the destinations being added are at fault. */
    OUTPUTS_REJECTED,
    /** The channel fell back to idle after a start: nothing can stream. */
    START_FAILED,
    /** The channel stayed in a transition longer than MediaLive's own budget. */
    CHANNEL_STUCK,
    /** Relay mode: the relay service did not come up, so the channel was not started. */
    RELAY_FAILED,
    /** MediaLive or a table could not be reached, even after retries. */
    UNAVAILABLE,
    /** Anything else: a bug or an unexpected answer. */
    UNEXPECTED;

    /** Maps a Step Functions error name (for Java tasks, the exception's class name) to a kind. */
    public static Failure fromErrorName(String error) {
        if (error == null) {
            return UNEXPECTED;
        }
        if (error.endsWith("ChannelRejectedException")) {
            return OUTPUTS_REJECTED;
        }
        if (error.endsWith("ChannelStartFailedException")) {
            return START_FAILED;
        }
        if (error.endsWith("RelayUnavailableException")) {
            return RELAY_FAILED;
        }
        if (error.equals("Lunora.ChannelStuck") || error.equals("States.Timeout")) {
            return CHANNEL_STUCK;
        }
        if (error.endsWith("ServiceUnavailableException") || error.endsWith("ChannelBusyException")
                || error.startsWith("Lambda.")) {
            return UNAVAILABLE;
        }
        return UNEXPECTED;
    }
}
