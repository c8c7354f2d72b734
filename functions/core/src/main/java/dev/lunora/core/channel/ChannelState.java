package dev.lunora.core.channel;

import java.util.Arrays;

/** MediaLive's channel states, as far as Lunora needs to tell them apart. */
public enum ChannelState {
    CREATING, CREATE_FAILED, IDLE, STARTING, RUNNING, RECOVERING, STOPPING, DELETING, DELETED, UPDATING, UPDATE_FAILED,
    /** A state this version does not know; treated as "wait and look again". */
    UNKNOWN;

    public static ChannelState of(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst().orElse(UNKNOWN);
    }

    /** MediaLive is moving the channel between states; no start, stop or update may be sent now. */
    public boolean isTransitional() {
        return switch (this) {
            case CREATING, STARTING, STOPPING, RECOVERING, UPDATING, DELETING, UNKNOWN -> true;
            default -> false;
        };
    }

    /** Encoding and billed: RUNNING, or on its way there. */
    public boolean isOn() {
        return this == RUNNING || this == STARTING || this == RECOVERING;
    }

    /**
     * A channel Lunora cannot manage at all (gone or never created). UPDATE_FAILED is not among them: another
     * UpdateChannel may repair it (see {@link ChannelPlanner}).
     */
    public boolean isUnusable() {
        return this == DELETED || this == DELETING || this == CREATE_FAILED;
    }
}
