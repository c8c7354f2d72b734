package dev.lunora.core.exceptions;

/** Another reconcile holds the channel's lock; the workflow retries with backoff. */
public final class ChannelLockedException extends LunoraException {

    public ChannelLockedException(String message) {
        super(message);
    }
}
