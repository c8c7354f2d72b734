package dev.lunora.core.channel;

import dev.lunora.core.destination.AddressPolicy;
import dev.lunora.core.destination.DeliveryReport;
import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.KeyFingerprints;
import dev.lunora.core.destination.StreamKeys;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.exceptions.ChannelStartFailedException;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.RelayUnavailableException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.PresetStore;
import dev.lunora.core.ports.ReconcileRuns;
import dev.lunora.core.ports.RelayFleet;
import dev.lunora.core.ports.SessionLog;
import dev.lunora.core.ports.StreamKeySource;
import dev.lunora.core.preset.Preset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the reconcile workflow, one method per task. Every step reads the current truth (destinations
 * and DescribeChannel) instead of trusting state passed along, so each is safe to retry and a crash anywhere
 * is repaired by the next run.
 */
public final class ReconcileService {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileService.class);
    /** Longer than MediaLive's slowest stop plus start (5 + 10 min), so a live owner never loses the lock. */
    public static final Duration LEASE = Duration.ofMinutes(20);
    /** A run's update, and one more to repair a channel that update left UPDATE_FAILED. */
    static final int UPDATES_PER_RUN = 2;
    /** A Fargate task pulls its image and starts in well under a minute; three are a generous ceiling. */
    static final int RELAY_START_BUDGET_SECONDS = 180;
    /** How long a run waits for the relay to report a push live or failing before recording what it knows. */
    static final int DELIVERY_BUDGET_SECONDS = 60;

    private final DestinationStore destinations;
    private final PresetStore presets;
    private final ChannelControl channels;
    private final StreamKeySource keys;
    private final ChannelCoordination coordination;
    private final SessionLog sessions;
    private final Clock clock;
    private final RelayFleet relays;
    /** Where a relay-mode channel's one output goes; null when the stack has no relay. */
    private final RelayOutput relayOutput;
    /** Whether a lock holder's execution still runs; without an engine to ask, every holder counts as running. */
    private ReconcileRuns runs = ReconcileRuns.assumeRunning();
    /** Checked again just before URLs go to MediaLive: a name saved as public may resolve inside a network now. */
    private final AddressPolicy addresses;
    private final KeyFingerprints fingerprints;

    public ReconcileService(DestinationStore destinations, PresetStore presets, ChannelControl channels, StreamKeySource keys,
                            ChannelCoordination coordination, SessionLog sessions, Clock clock, RelayFleet relays,
                            RelayOutput relayOutput, AddressPolicy addresses, KeyFingerprints fingerprints) {
        this.addresses = java.util.Objects.requireNonNull(addresses, "addresses");
        this.fingerprints = java.util.Objects.requireNonNull(fingerprints, "fingerprints");
        this.destinations = destinations;
        this.presets = presets;
        this.channels = channels;
        this.keys = keys;
        this.coordination = coordination;
        this.sessions = sessions;
        this.clock = clock;
        this.relays = relays;
        this.relayOutput = relayOutput;
    }

    /** Lets the lock step ask the workflow engine whether a lease holder still runs (wired once, at construction time). */
    public ReconcileService withRuns(ReconcileRuns engine) {
        this.runs = java.util.Objects.requireNonNull(engine, "engine");
        return this;
    }

    /**
     * Takes the channel's lock, or hands this run's click to the live run holding it. Handing over is safe because the
     * click bumped the generation before starting this run, and the holder releases only through
     * {@link #releaseLock(String, String, long)}, which refuses while the generation is newer than the holder planned for.
     */
    public LockOutcome acquireLock(String channelId, String execution) {
        if (coordination.tryAcquire(channelId, execution, clock.instant(), LEASE)) {
            progress(channelId, execution, "locked", "Reconcile started");
            return LockOutcome.acquired(coordination.generation(channelId));
        }
        // The holder may have released since: it saw our generation then (it compared it), so naming it is still true.
        String holder = coordination.status(channelId).map(ChannelCoordination.Status::lockOwner).orElse(null);
        if (holder != null && !holder.equals(execution) && !runs.isRunning(holder)
                && coordination.takeOver(channelId, holder, execution, clock.instant(), LEASE)) {
            // A run that died holding the lease would carry nobody's click out: this one does.
            LOG.atWarn().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).addKeyValue("dead_holder", holder)
                    .log("took over the lock of a reconcile that no longer runs");
            progress(channelId, execution, "locked", "Reconcile started (the previous run had stopped)");
            return LockOutcome.acquired(coordination.generation(channelId));
        }
        LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).addKeyValue("handed_to", holder)
                .log("another reconcile holds the channel; handed this request to it");
        return LockOutcome.handedTo(holder == null ? "the run that just finished" : holder);
    }

    /** @param holder the execution that carries this run's click out when it was not acquired */
    public record LockOutcome(boolean acquired, long generation, String holder) {
        static LockOutcome acquired(long generation) {
            return new LockOutcome(true, generation, null);
        }

        static LockOutcome handedTo(String holder) {
            return new LockOutcome(false, -1, holder);
        }
    }

    /** Plans the next step of a run that has not waited (see {@link #plan(String, String, int, int, int)}). */
    public ChannelPlan plan(String channelId, String execution, int startsTried, int appliesTried) {
        return plan(channelId, execution, startsTried, appliesTried, 0);
    }

    /**
     * Plans the next step.
     *
     * @param startsTried   how many times this run started the channel without seeing it RUNNING since
     * @param appliesTried  how many times this run updated the channel without seeing it IDLE since
     * @param waitedSeconds how long this run has waited in a row for the same thing (the relay, its reports)
     */
    public ChannelPlan plan(String channelId, String execution, int startsTried, int appliesTried, int waitedSeconds) {
        return planCoveringRequests(channelId, execution, startsTried, appliesTried, waitedSeconds).plan();
    }

    /**
     * A plan and the request generation it covers. A click records its destination's desired state before it bumps the
     * generation, and the generation is read here before the destinations are: every click counted in it is in the plan.
     * The run compares later generations with this one, so clicks that arrived during a long start do not make it plan
     * once more at the end for work it already did.
     */
    public record Planned(ChannelPlan plan, long generation) {
    }

    public Planned planCoveringRequests(String channelId, String execution, int startsTried, int appliesTried, int waitedSeconds) {
        // Every plan renews the lease: a run that keeps replanning for a storm of clicks must not lose the lock to a
        // click that finds the lease expired, or two runs would act on the channel at once.
        if (!coordination.tryAcquire(channelId, execution, clock.instant(), LEASE)) {
            LOG.atWarn().addKeyValue("channel_id", channelId).addKeyValue("execution", execution)
                    .log("could not renew the channel lock: another run holds it");
        }
        long covered = coordination.generation(channelId);
        ChannelPlan plan = currentPlan(channelId);
        if (plan.next() == NextStep.START_CHANNEL && startsTried > 0) {
            throw new ChannelStartFailedException("MediaLive could not start channel " + channelId
                    + ": it went back to " + plan.state() + " after the start. Check the channel's alerts in the MediaLive console.");
        }
        if (plan.state() == ChannelState.UPDATE_FAILED && appliesTried >= UPDATES_PER_RUN) {
            // Re-applying updates that keep failing would loop until the execution times out, holding the lock.
            throw new ChannelRejectedException("MediaLive could not update channel " + channelId
                    + ": it ended in UPDATE_FAILED after this run's updates. Check the channel in the MediaLive console.", List.of());
        }
        if (coordination.deliveryMode(channelId) == DeliveryMode.RELAY) {
            plan = relayBudgets(channelId, plan, waitedSeconds);
        }
        progress(channelId, execution, plan.next().wireName(), describe(plan));
        return new Planned(plan, covered);
    }

    /**
     * A relay that cannot come up fails the run (compensation then marks the destinations and leaves the channel idle);
     * reports that never come are not a failure: the run records what it knows and the relay keeps trying.
     */
    private ChannelPlan relayBudgets(String channelId, ChannelPlan plan, int waitedSeconds) {
        if (plan.next() == NextStep.WAIT_FOR_CHANNEL && !plan.state().isTransitional()) {
            RelayFleet.RelayState relay = relays.state(channelId);
            if (relay.failure() != null || waitedSeconds >= RELAY_START_BUDGET_SECONDS) {
                throw new RelayUnavailableException("The relay for channel " + channelId + " did not come up"
                        + (relay.failure() != null ? ": " + relay.failure() : " within " + RELAY_START_BUDGET_SECONDS + " s") + ".");
            }
        }
        if (plan.next() == NextStep.WAIT_FOR_DELIVERY && waitedSeconds >= DELIVERY_BUDGET_SECONDS) {
            return new ChannelPlan(plan.channelId(), plan.state(), NextStep.DONE, plan.outputs(), plan.shouldRun(),
                    plan.outputsDiffer(), plan.onChannel(), plan.interrupted(), plan.cannotStream());
        }
        return plan;
    }

    /** Scales the relay up for a relay-mode channel that should run. */
    public void startRelay(String channelId, String execution) {
        relays.scale(channelId, 1);
        LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("relay scale-up requested");
    }

    /** Scales the relay to zero, unless the channel is on again (it would push to nothing). */
    public void stopRelay(String channelId, String execution) {
        if (!channels.describe(channelId).state().isOn()) {
            relays.scale(channelId, 0);
            LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("relay scaled to zero");
        }
    }

    public void stopChannel(String channelId, String execution) {
        ChannelView view = channels.describe(channelId);
        if (view.state() == ChannelState.RUNNING || view.state() == ChannelState.STARTING || view.state() == ChannelState.RECOVERING) {
            channels.stop(channelId);
            LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("channel stop requested");
        }
    }

    public void startChannel(String channelId, String execution) {
        if (channels.describe(channelId).state() == ChannelState.IDLE) {
            channels.start(channelId);
            LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("channel start requested");
        }
    }

    /** Re-plans and, if outputs still need changing on an idle channel, applies them; keys are read only here. */
    public int applyOutputs(String channelId, String execution) {
        ChannelPlan plan = currentPlan(channelId);
        if (plan.next() != NextStep.APPLY_OUTPUTS) {
            return 0;
        }
        List<String> refused = new ArrayList<>();
        for (OutputSpec spec : plan.outputs()) {
            if (RelayOutput.DESTINATION_ID.equals(spec.destinationId()) && relayOutput != null && spec.url().equals(relayOutput.url())) {
                continue; // the stack's own relay ingest, inside its network by design
            }
            addresses.problem(spec.url()).ifPresent(reason -> refused.add(spec.destinationId() + ": RTMP URL " + reason));
            if (spec.backup() != null) {
                addresses.problem(spec.backup().url()).ifPresent(reason -> refused.add(spec.destinationId() + ": Backup RTMP URL " + reason));
            }
        }
        if (!refused.isEmpty()) {
            // Failed like a MediaLive rejection, so the run's compensation marks the destinations failing with the reason.
            throw new ChannelRejectedException("Lunora refused to send outputs to MediaLive: " + String.join("; ", refused), refused);
        }
        List<ResolvedOutput> resolved = new ArrayList<>();
        for (OutputSpec spec : plan.outputs()) {
            String key = keys.read(spec.streamKeyParam());
            describeKeyAsStored(spec, key);
            String backupKey = spec.backup() == null ? null
                    : spec.backup().streamKeyParam() == null ? key : keys.read(spec.backup().streamKeyParam());
            resolved.add(new ResolvedOutput(spec, key, backupKey));
        }
        Set<String> presetIds = plan.outputs().stream().map(OutputSpec::presetId).filter(Objects::nonNull).collect(Collectors.toSet());
        List<Preset> used = presets.list().stream().filter(p -> presetIds.contains(p.presetId())).toList();
        channels.applyOutputs(channelId, resolved, used);
        LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).addKeyValue("outputs", resolved.size()).log("outputs applied");
        return resolved.size();
    }

    /**
     * The channel will push the key SSM holds. If the destination's fingerprint describes another key (its key
     * write reached SSM but the item's did not), the next plan would see a difference after every apply and
     * restart the channel forever; so the destination is made to describe the key actually pushed.
     */
    private void describeKeyAsStored(OutputSpec spec, String key) {
        String pushed = fingerprints.of(spec.destinationId(), key);
        if (spec.keyFingerprint() == null || spec.keyFingerprint().equals(pushed)) {
            return;
        }
        destinations.find(spec.destinationId()).ifPresent(d -> {
            boolean written = spec.keyFingerprint().equals(d.streamKeyFingerprint())
                    && destinations.recordKeyDescription(d.destinationId(), pushed, StreamKeys.hint(key), d.version());
            LOG.atWarn().addKeyValue("destination_id", d.destinationId()).addKeyValue("repaired", written)
                    .log("the destination described another stream key than its parameter holds; it now describes the one pushed");
        });
    }

    /**
     * Writes each destination's status from the settled channel, opens and closes sessions.
     *
     * @return the channel's request generation now; if it moved past {@code generationAtStart}, clicks arrived
     *         meanwhile and the workflow should plan again
     */
    public long recordStatus(String channelId, String execution, long generationAtStart) {
        ChannelView view = channels.describe(channelId);
        ChannelPlan plan = planFor(channelId, destinations.list(), view);
        boolean relayMode = coordination.deliveryMode(channelId) == DeliveryMode.RELAY;
        Instant now = clock.instant();
        boolean running = view.state() == ChannelState.RUNNING;
        Set<String> onChannel = new HashSet<>(plan.onChannel());
        Map<String, String> refused = plan.cannotStream().stream()
                .collect(Collectors.toMap(ChannelPlan.Refusal::destinationId, ChannelPlan.Refusal::reason, (a, b) -> a));
        for (Destination d : destinationsOf(channelId)) {
            if (refused.containsKey(d.destinationId())) {
                giveUp(d, refused.get(d.destinationId()), now);
                continue;
            }
            boolean wanted = running && d.desiredState() == DesiredState.STREAMING && d.enabled();
            if (relayMode && wanted && d.platform().pushesRtmp()) {
                if (recordDelivery(d, channelId, now)) {
                    continue;
                }
            }
            boolean streams = wanted && (!d.platform().pushesRtmp() || onChannel.contains(d.destinationId()));
            if (streams) {
                Instant startedAt = d.streamingStatus() == StreamingStatus.STREAMING && d.streamingStartedAt() != null ? d.streamingStartedAt() : now;
                write(d, StreamingStatus.STREAMING, startedAt, null);
                sessions.open(d.destinationId(), channelId, startedAt);
            } else {
                if (d.streamingStatus() != StreamingStatus.ERROR) {
                    write(d, StreamingStatus.READY, null, null);
                }
                sessions.close(d.destinationId(), now);
            }
        }
        if (running) {
            sessions.open(SessionLog.channelSubject(channelId), channelId, now);
        } else {
            sessions.close(SessionLog.channelSubject(channelId), now);
        }
        long generation = coordination.generation(channelId);
        progress(channelId, execution, generation != generationAtStart ? "replan" : "done",
                running ? "Channel running for " + plan.outputs().size() + " RTMP destination(s)" : "Channel idle");
        return generation;
    }

    /**
     * Relay mode: a wanted destination's status follows the relay's report, not the channel's outputs. Live → streaming
     * since the relay saw packets flow; failing (since the producer's last change) → error with the relay's reason, and
     * no longer wanted, so the relay stops retrying; anything else → still starting.
     *
     * @return true when this wrote the destination's status
     */
    private boolean recordDelivery(Destination d, String channelId, Instant now) {
        DeliveryReport report = d.delivery();
        DeliveryState state = report == null ? null : report.status().state();
        if (state == DeliveryState.LIVE) {
            Instant startedAt = d.streamingStatus() == StreamingStatus.STREAMING && d.streamingStartedAt() != null ? d.streamingStartedAt()
                    : report.status().liveSince() != null ? report.status().liveSince() : now;
            write(d, StreamingStatus.STREAMING, startedAt, null);
            sessions.open(d.destinationId(), channelId, startedAt);
        } else if (state == DeliveryState.FAILING && report.after(d.updatedAt())) {
            giveUp(d, "The relay could not push to '" + d.name() + "': " + report.status().error()
                    + ". Fix the destination, then press Start again.", now);
        } else {
            write(d, StreamingStatus.STARTING, null, null);
        }
        return true;
    }

    /**
     * After a failed step: marks the destinations at fault as errors with a reason and stops wanting them, so
     * the next plan restores the rest. Returns the ids marked.
     */
    public List<String> compensate(String channelId, String execution, String errorName, String cause) {
        Failure failure = Failure.fromErrorName(errorName);
        ChannelView view = channels.describe(channelId);
        List<Destination> wanting = destinationsOf(channelId).stream().filter(d -> d.desiredState() == DesiredState.STREAMING).toList();
        Set<String> onChannel = view.lunoraOutputs().stream().map(ChannelView.OutputOnChannel::destinationId).collect(Collectors.toSet());
        List<Destination> culprits = switch (failure) {
            case OUTPUTS_REJECTED -> {
                List<Destination> added = wanting.stream()
                        .filter(d -> d.platform().pushesRtmp() && !onChannel.contains(d.destinationId())).toList();
                yield added.isEmpty() ? wanting : added;
            }
            case START_FAILED -> {
                // A restart after a change: the destinations that were not live yet are the change that did not
                // work; those live before keep wanting the channel, so the next plan restores their outputs and
                // starts it again. If that start fails too, nobody is left "added" and all of them are marked.
                List<Destination> added = wanting.stream().filter(d -> d.streamingStatus() != StreamingStatus.STREAMING).toList();
                yield added.isEmpty() ? wanting : added;
            }
            default -> wanting;
        };
        String reason = reason(failure, cause);
        Instant now = clock.instant();
        culprits.forEach(d -> giveUp(d, reason, now));
        if (failure == Failure.CHANNEL_STUCK && view.state().isOn()) {
            // Never leave a channel billing for nothing: a stuck start is stopped outright.
            channels.stop(channelId);
        }
        progress(channelId, execution, "failed", reason);
        LOG.atWarn().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).addKeyValue("failure", failure).addKeyValue("destinations", culprits.size()).log("reconcile step failed");
        return culprits.stream().map(Destination::destinationId).toList();
    }

    /**
     * Best effort at the very end of a failed run: stop the channel if it is on. This path skips the record step,
     * so it also records that nothing streams any more: no destination keeps showing "streaming" and no session
     * (which cost reporting bills) stays open on a stopped channel.
     */
    public void stopIfRunning(String channelId, String execution) {
        ChannelView view = channels.describe(channelId);
        if (view.state().isOn()) {
            channels.stop(channelId);
            LOG.atWarn().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("channel stopped after giving up");
        }
        if (coordination.deliveryMode(channelId) == DeliveryMode.RELAY && relays.configured() && relays.state(channelId).desired() > 0) {
            // The relay would idle at a Fargate task's price with nothing pushing to it.
            relays.scale(channelId, 0);
        }
        Instant now = clock.instant();
        for (Destination d : destinationsOf(channelId)) {
            if (d.streamingStatus() == StreamingStatus.STREAMING) {
                giveUp(d, "The channel was stopped after repeated failures, so nothing streams. Press Start to try again.", now);
            }
            sessions.close(d.destinationId(), now);
        }
        sessions.close(SessionLog.channelSubject(channelId), now);
    }

    /** The channel as the page shows it: MediaLive's state and the run in flight. */
    public ChannelOverview overview(String channelId) {
        return ChannelOverview.of(channels.describe(channelId), coordination.status(channelId).orElse(null), clock.instant());
    }

    /** Unconditional release, for callers that cannot say which generation they planned for. */
    public void releaseLock(String channelId, String execution) {
        coordination.release(channelId, execution);
    }

    /**
     * Releases the lock unless clicks arrived since the run last planned for {@code seenGeneration}; then the run keeps
     * the lock and must plan again (runs that found the lock held handed their clicks to it).
     */
    public ReleaseOutcome releaseLock(String channelId, String execution, long seenGeneration) {
        if (coordination.releaseUnlessNewerRequests(channelId, execution, seenGeneration)) {
            return new ReleaseOutcome(true, seenGeneration);
        }
        long newer = coordination.generation(channelId);
        progress(channelId, execution, "replan", "New requests arrived; planning again");
        return new ReleaseOutcome(false, newer);
    }

    /** @param generation when not released, the newer generation the run must now plan for */
    public record ReleaseOutcome(boolean released, long generation) {
    }

    private ChannelPlan currentPlan(String channelId) {
        return planFor(channelId, destinations.list(), channels.describe(channelId));
    }

    private ChannelPlan planFor(String channelId, List<Destination> all, ChannelView view) {
        if (coordination.deliveryMode(channelId) == DeliveryMode.RELAY) {
            if (relayOutput == null) {
                throw new RelayUnavailableException("Channel " + channelId + " is in relay mode, but this deployment has no relay"
                        + " (RELAY_INGEST_URL is not set). Switch the channel to direct delivery.");
            }
            return RelayPlanner.plan(all, view, relays.state(channelId), relayOutput);
        }
        return ChannelPlanner.plan(all, view);
    }

    private List<Destination> destinationsOf(String channelId) {
        return destinations.list().stream().filter(d -> channelId.equals(d.channelId())).toList();
    }

    /** Marks {@code d} failed and stops wanting it, unless the producer changed it meanwhile (their newer click wins). */
    private void giveUp(Destination d, String reason, Instant now) {
        if (d.desiredState() == DesiredState.STREAMING) {
            try {
                destinations.update(d.toBuilder().desiredState(DesiredState.STOPPED).version(d.version() + 1).updatedAt(now).build(), d.version());
            } catch (ConflictException | NotFoundException changedMeanwhile) {
                return;
            }
        }
        write(d, StreamingStatus.ERROR, null, reason);
        sessions.close(d.destinationId(), now);
    }

    private void write(Destination d, StreamingStatus status, Instant startedAt, String lastError) {
        if (d.streamingStatus() == status && Objects.equals(d.streamingStartedAt(), startedAt) && Objects.equals(d.lastError(), lastError)) {
            return;
        }
        try {
            destinations.recordStatus(d.destinationId(), status, startedAt, lastError);
        } catch (NotFoundException deletedMeanwhile) {
            // Nothing to show a status on.
        }
    }

    private static String reason(Failure failure, String cause) {
        String detail = cause == null || cause.isBlank() ? "" : " " + cause.strip();
        return switch (failure) {
            case OUTPUTS_REJECTED -> "MediaLive rejected this destination's output." + detail + " Check the URL, then press Start again.";
            case START_FAILED -> "The channel failed to start, so nothing streamed." + detail;
            case RELAY_FAILED -> "The relay could not start, so the channel was not started and nothing streamed." + detail
                    + " Press Start to try again; if it repeats, check the relay's logs.";
            case CHANNEL_STUCK -> "The channel took too long to start or stop and was stopped. Press Start to try again.";
            case UNAVAILABLE -> "Lunora could not reach MediaLive. Press Start to try again in a minute." + detail;
            case UNEXPECTED -> "Starting failed unexpectedly." + detail + " Press Start to try again; if it repeats, check the logs.";
        };
    }

    private String describe(ChannelPlan plan) {
        Map<String, Destination> byId = destinations.list().stream().collect(Collectors.toMap(Destination::destinationId, Function.identity()));
        String names = plan.outputs().stream().map(o -> byId.containsKey(o.destinationId()) ? byId.get(o.destinationId()).name() : o.destinationId())
                .collect(Collectors.joining(", "));
        return switch (plan.next()) {
            case WAIT_FOR_CHANNEL -> "Waiting for the channel (" + plan.state() + ")";
            case STOP_FOR_UPDATE -> "Stopping channel to change outputs" + (names.isEmpty() ? "" : " (" + names + ")");
            case APPLY_OUTPUTS -> (plan.state() == ChannelState.UPDATE_FAILED ? "Updating outputs again (the last update failed)" : "Updating outputs")
                    + (names.isEmpty() ? "" : ": " + names);
            case START_CHANNEL -> "Starting channel";
            case STOP_CHANNEL -> "Stopping channel: nothing to stream";
            case START_RELAY -> "Starting the relay";
            case STOP_RELAY -> "Scaling the relay to zero: nothing to stream";
            case WAIT_FOR_DELIVERY -> "Waiting for the relay to reach the destinations";
            case DONE -> "Channel matches the destinations";
            case CHANNEL_UNUSABLE -> "Channel is " + plan.state() + " and cannot be used";
        };
    }

    private void progress(String channelId, String execution, String step, String detail) {
        coordination.recordProgress(channelId, new ChannelCoordination.Progress(execution, step, detail, clock.instant()));
    }
}
