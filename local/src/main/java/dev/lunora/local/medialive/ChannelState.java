package dev.lunora.local.medialive;

import java.util.Set;

/**
 * MediaLive's channel states and the calls each one admits. The user guide says a channel must be idle to
 * be updated or deleted, that a running channel can be stopped at any time, and that start goes
 * STARTING then RUNNING; which code a refused call gets is not documented, so the simulator uses 409
 * ConflictException (the operation's modeled "channel is in a state that does not allow this" error), except
 * StartChannel during CREATING, which real users saw answered with 400.
 *
 * <p>The simulator never enters UPDATING: the channel states page of the user guide
 * (monitor-activity-types-channel, [UG-STATES]) says Updating is shown while the channel class is being
 * changed, which is UpdateChannelClass, not UpdateChannel. UPDATE_FAILED is reached only through the fault
 * injector ({@link MediaLiveSimulator#failNextUpdate}); an UpdateChannel that succeeds brings it back to IDLE.
 */
public enum ChannelState {
    CREATING,
    CREATE_FAILED,
    IDLE,
    STARTING,
    RUNNING,
    RECOVERING,
    STOPPING,
    DELETING,
    DELETED,
    UPDATING,
    UPDATE_FAILED;

    private static final Set<ChannelState> STARTABLE = Set.of(IDLE);
    private static final Set<ChannelState> STOPPABLE = Set.of(STARTING, RUNNING, RECOVERING);
    private static final Set<ChannelState> UPDATABLE = Set.of(IDLE, UPDATE_FAILED);
    private static final Set<ChannelState> DELETABLE = Set.of(IDLE, CREATE_FAILED, UPDATE_FAILED);

    /** Throws what MediaLive answers when {@code operation} meets a channel in this state; returns if allowed. */
    void require(Operation operation, String channelId) {
        Set<ChannelState> allowed = switch (operation) {
            case StartChannel -> STARTABLE;
            case StopChannel -> STOPPABLE;
            case UpdateChannel -> UPDATABLE;
            case DeleteChannel -> DELETABLE;
            default -> Set.of(values());
        };
        if (allowed.contains(this)) {
            return;
        }
        String message = switch (operation) {
            case StartChannel -> "Unable to start channel " + channelId + " because it is in state " + this
                    + "; a channel can be started only when it is IDLE.";
            case StopChannel -> "Unable to stop channel " + channelId + " because it is in state " + this
                    + "; only a STARTING, RUNNING or RECOVERING channel can be stopped.";
            case UpdateChannel -> "Unable to update channel " + channelId + " because it is in state " + this
                    + "; a channel can be updated only when it is IDLE (stop it first if it is running).";
            case DeleteChannel -> "Unable to delete channel " + channelId + " because it is in state " + this
                    + "; stop the channel and wait until it is IDLE before deleting it.";
            default -> throw new IllegalStateException(operation + " has no state rule");
        };
        if (operation == Operation.StartChannel && this == CREATING) {
            throw MediaLiveApiException.badRequest(message);
        }
        throw MediaLiveApiException.conflict(message);
    }

    /** The pipelines that run in this state for a channel with {@code pipelines} pipelines. */
    int runningPipelines(int pipelines) {
        return this == RUNNING || this == RECOVERING ? pipelines : 0;
    }
}
