package dev.lunora.core.exceptions;

/** The channel is in a state that does not allow the call right now (MediaLive's 409); look again later. */
public final class ChannelBusyException extends LunoraException {

    public ChannelBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
