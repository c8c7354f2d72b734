package dev.lunora.core.exceptions;

import java.util.List;

/** MediaLive refused a channel configuration; retrying the same request cannot help. */
public final class ChannelRejectedException extends LunoraException {

    private final List<String> problems;

    public ChannelRejectedException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** MediaLive's validation errors as "element path: message". */
    public List<String> problems() {
        return problems;
    }
}
