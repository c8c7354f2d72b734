package dev.lunora.core.exceptions;

/** MediaLive was asked to start the channel but it fell back to idle (or never got there). */
public final class ChannelStartFailedException extends LunoraException {

    public ChannelStartFailedException(String message) {
        super(message);
    }
}
