package dev.lunora.core.channel;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.ReconcileRequests;
import dev.lunora.core.ports.SessionHistory;
import dev.lunora.core.ports.SessionLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic reconcile: never pay for a channel nobody wants. Drift (a channel started behind Lunora's back, a
 * destination shown streaming whose output is gone) is repaired by asking for an ordinary reconcile; a channel
 * past its maximum running time first has every destination stopped and marked with why.
 */
public final class CostGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CostGuard.class);

    private final DestinationStore destinations;
    private final ChannelControl channels;
    private final SessionHistory sessions;
    private final ReconcileRequests reconcile;
    private final ChannelCoordination coordination;
    private final Clock clock;
    private final Duration maxRunning;
    private final Duration inputLossStop;

    /** @param maxRunning null for no limit */
    public CostGuard(DestinationStore destinations, ChannelControl channels, SessionHistory sessions, ReconcileRequests reconcile,
                     ChannelCoordination coordination, Clock clock, Duration maxRunning) {
        this(destinations, channels, sessions, reconcile, coordination, clock, maxRunning, null);
    }

    /**
     * @param maxRunning    null for no limit
     * @param inputLossStop how long a running channel may go without input before the guard stops it
     *                      ({@code INPUT_LOSS_STOP_MINUTES}); null never stops it for that
     */
    public CostGuard(DestinationStore destinations, ChannelControl channels, SessionHistory sessions, ReconcileRequests reconcile,
                     ChannelCoordination coordination, Clock clock, Duration maxRunning, Duration inputLossStop) {
        this.inputLossStop = inputLossStop;
        this.destinations = destinations;
        this.channels = channels;
        this.sessions = sessions;
        this.reconcile = reconcile;
        this.coordination = coordination;
        this.clock = clock;
        this.maxRunning = maxRunning;
    }

    /** What one guard run decided. */
    public sealed interface Decision {
        /** Channel idle, nobody wants it, nothing shown as moving: a reconcile would do nothing. */
        record NothingToDo() implements Decision {
        }

        /** Let the reconcile compare and repair. */
        record Reconcile() implements Decision {
        }

        /** A reconcile holds the channel now; it plans from the truth at every step, so another adds nothing. */
        record AlreadyReconciling() implements Decision {
        }

        /** Ran longer than allowed: stop wanting every destination, then reconcile. */
        record StopOverrun(Duration ran, String reason) implements Decision, Stop {
        }

        /** No input for longer than allowed (a slate nobody needs to pay for): stop wanting every destination, then reconcile. */
        record StopNoSignal(Duration lost, String reason) implements Decision, Stop {
        }
    }

    /** A decision that stops the channel, telling each destination that wanted it why. */
    public interface Stop {
        String reason();
    }

    /** Pure: the decision from the channel's state, the destinations, and how long the channel has run. */
    public static Decision decide(ChannelState state, List<Destination> ofChannel, Instant runningSince, Instant now, Duration maxRunning) {
        return decide(state, ofChannel, runningSince, null, now, maxRunning, null);
    }

    /**
     * Pure, with the input signal too: a RUNNING channel whose input has been lost (an input-loss alert recorded) for
     * {@code inputLossStop} or longer is stopped, as AWS's blog "Automatically stop AWS Elemental MediaLive channels
     * when no input is detected" does from the same alerts.
     */
    public static Decision decide(ChannelState state, List<Destination> ofChannel, Instant runningSince, Instant inputLostSince,
                                  Instant now, Duration maxRunning, Duration inputLossStop) {
        if (state == ChannelState.RUNNING && inputLossStop != null && inputLostSince != null) {
            Duration lost = Duration.between(inputLostSince, now);
            if (lost.compareTo(inputLossStop) >= 0) {
                return new Decision.StopNoSignal(lost, "No signal from the encoder for " + minutes(inputLossStop)
                        + ": Lunora stopped the channel to save cost. Start again when the encoder sends.");
            }
        }
        if (state.isOn() && maxRunning != null && runningSince != null) {
            Duration ran = Duration.between(runningSince, now);
            if (ran.compareTo(maxRunning) >= 0) {
                return new Decision.StopOverrun(ran, "Stopped after " + hours(maxRunning)
                        + " running — the channel's maximum running time. Press Start to stream again.");
            }
        }
        boolean somethingToCheck = state != ChannelState.IDLE
                || ofChannel.stream().anyMatch(d -> d.desiredState() == DesiredState.STREAMING
                        || d.streamingStatus() == StreamingStatus.STREAMING
                        || d.streamingStatus() == StreamingStatus.STARTING
                        || d.streamingStatus() == StreamingStatus.STOPPING);
        return somethingToCheck ? new Decision.Reconcile() : new Decision.NothingToDo();
    }

    public Decision run(String channelId) {
        ChannelView view = channels.describe(channelId);
        List<Destination> ofChannel = destinations.list().stream().filter(d -> channelId.equals(d.channelId())).toList();
        Instant now = clock.instant();
        Instant since = sessions.openSince(SessionLog.channelSubject(channelId)).orElse(null);
        Instant inputLost = inputLossStop == null ? null : coordination.inputSignalLostAt(channelId).orElse(null);
        Decision decision = decide(view.state(), ofChannel, since, inputLost, now, maxRunning, inputLossStop);
        if (decision instanceof Decision.StopNoSignal && !inputLossStillSet(channelId)) {
            // Alert events are best effort and may arrive out of order: never stop a channel on a record MediaLive no
            // longer backs. The stale record goes, and the guard decides again without it.
            coordination.clearInputSignalLost(channelId);
            LOG.info("cost guard channel_id={} input loss recorded but no input-loss alert set: record cleared", channelId);
            decision = decide(view.state(), ofChannel, since, null, now, maxRunning, inputLossStop);
        }
        if (decision instanceof Decision.NothingToDo) {
            LOG.info("cost guard channel_id={} state={} decision=nothing_to_do", channelId, view.state());
            return decision;
        }
        if (decision instanceof Decision.Reconcile && coordination.reconcileInFlight(channelId, now)) {
            // A run stuck holding the lock is not missed: once its lease runs out a later guard run requests one.
            LOG.info("cost guard channel_id={} state={} decision=already_reconciling", channelId, view.state());
            return new Decision.AlreadyReconciling();
        }
        if (decision instanceof Stop stop) {
            ofChannel.stream().filter(d -> d.desiredState() == DesiredState.STREAMING).forEach(d -> stopWanting(d, stop.reason(), now));
        }
        String execution = reconcile.request(channelId);
        LOG.info("cost guard channel_id={} state={} decision={} execution={}", channelId, view.state(),
                decision.getClass().getSimpleName(), execution);
        return decision;
    }

    private boolean inputLossStillSet(String channelId) {
        return channels.alerts(channelId).stream().anyMatch(a -> InputSignal.isInputLoss(a.alertType()));
    }

    private void stopWanting(Destination d, String reason, Instant now) {
        try {
            destinations.update(d.toBuilder().desiredState(DesiredState.STOPPED).version(d.version() + 1).updatedAt(now).build(), d.version());
            destinations.recordStatus(d.destinationId(), StreamingStatus.ERROR, null, reason);
        } catch (ConflictException | NotFoundException changedMeanwhile) {
            // The producer acted on it meanwhile; their click wins, and the next guard run looks again.
        }
    }

    /** "10 minutes", "1 minute"; an hour or more as {@link #hours}. */
    static String minutes(Duration d) {
        long m = d.toMinutes();
        if (m >= 60) {
            return hours(d);
        }
        return m == 1 ? "1 minute" : m + " minutes";
    }

    /** "6 h", "1 h 30 min", "45 min". */
    static String hours(Duration d) {
        long h = d.toHours();
        long m = d.toMinutesPart();
        if (h == 0) {
            return m + " min";
        }
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }
}
