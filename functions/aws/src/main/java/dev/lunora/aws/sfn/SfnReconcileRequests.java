package dev.lunora.aws.sfn;

import dev.lunora.core.channel.ReconcileExecutionName;
import dev.lunora.core.exceptions.LunoraException;
import dev.lunora.core.exceptions.WorkflowUnavailableException;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.ChannelCoordination.RequestGeneration;
import dev.lunora.core.ports.ReconcileRequests;
import dev.lunora.core.ports.ReconcileRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Starts a reconcile execution per request, named by {@link ReconcileExecutionName}
 * ({@code reconcile-3714710-k3x9q2ab-g42}), so it reads well in the console and a retried start of the same
 * request is the same execution.
 *
 * <p>Step Functions answers ExecutionAlreadyExists both for a retry of a start that already happened (a closed
 * execution, or a running one with another input) and for a name another request used within 90 days
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html). So the answer is
 * checked with DescribeExecution: only an execution with this very input is this request; otherwise the request
 * starts under a fresh name instead of being dropped.
 */
public final class SfnReconcileRequests implements ReconcileRequests, ReconcileRuns {

    private static final Logger LOG = LoggerFactory.getLogger(SfnReconcileRequests.class);
    /** Fresh names tried after clashes; more than one clash in a row means something else reuses our names. */
    static final int MAX_CLASHES = 3;

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ChannelCoordination coordination;

    private final java.time.Clock clock;

    public SfnReconcileRequests(SfnClient sfn, String stateMachineArn, ChannelCoordination coordination) {
        this(sfn, stateMachineArn, coordination, java.time.Clock.systemUTC());
    }

    /** @param clock the clock the workflow's lock leases are written with (local mode's is scaled) */
    public SfnReconcileRequests(SfnClient sfn, String stateMachineArn, ChannelCoordination coordination, java.time.Clock clock) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.coordination = coordination;
        this.clock = clock;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String request(String channelId) {
        RequestGeneration generation;
        try {
            generation = coordination.bumpGeneration(channelId);
        } catch (LunoraException e) {
            throw new WorkflowUnavailableException("Could not record the request for channel " + channelId + ". Nothing was changed; try again.", e);
        }
        java.util.Optional<String> holder = liveHolder(channelId);
        if (holder.isPresent()) {
            // The generation is bumped and a live run holds the lock: it compares the generation before it may release,
            // so it carries this request out. Starting a run that would only hand over costs transitions for nothing.
            LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("handed_to", holder.get())
                    .addKeyValue("generation", generation.generation()).log("reconcile request handed to the running execution");
            return holder.get();
        }
        String input = "{\"channelId\":\"" + channelId + "\",\"generation\":" + generation.generation()
                + ",\"incarnation\":\"" + generation.incarnation() + "\"}";
        ReconcileExecutionName name = ReconcileExecutionName.of(channelId, generation);
        try {
            while (!startedOrAlreadyThis(name.value(), input)) {
                if (name.clash() >= MAX_CLASHES) {
                    throw new WorkflowUnavailableException("Could not start a reconcile of channel " + channelId + ": every name tried up to "
                            + name.value() + " belongs to another execution. Nothing was changed; try again.");
                }
                name = name.afterClash();
            }
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("The workflow engine did not accept the request (" + e.getClass().getSimpleName()
                    + "). Nothing was changed; try again in a moment.", e);
        }
        return name.value();
    }

    /**
     * Whether the execution still runs: a lease outlives a run that died, and a request handed to it would wait out the
     * lease. An execution the engine does not know (gone with a restarted local mode) does not run; if the engine cannot
     * be asked, the holder counts as running (the lease still bounds the wait).
     */
    @Override
    public boolean isRunning(String executionName) {
        if (ReconcileExecutionName.generationOf(executionName).isEmpty()) {
            // Not one of this workflow's execution names (an operator's or a test's hold): nothing to ask, so it counts.
            return true;
        }
        String arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
        try {
            return sfn.describeExecution(r -> r.executionArn(arn)).status() == ExecutionStatus.RUNNING;
        } catch (ExecutionDoesNotExistException gone) {
            return false;
        } catch (SdkException e) {
            return true;
        }
    }

    /** The execution holding a live lease, read after the bump; an unreadable item means no hand-over (start a run). */
    private java.util.Optional<String> liveHolder(String channelId) {
        try {
            return coordination.status(channelId)
                    .filter(s -> s.lockOwner() != null && s.lockExpires() != null && s.lockExpires().isAfter(clock.instant()))
                    .map(ChannelCoordination.Status::lockOwner)
                    .filter(this::isRunning);
        } catch (LunoraException unreadable) {
            return java.util.Optional.empty();
        }
    }

    /** @return false if {@code name} is taken by an execution that is not this request */
    private boolean startedOrAlreadyThis(String name, String input) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input));
            return true;
        } catch (ExecutionAlreadyExistsException nameTaken) {
            String existingInput = existingInput(name);
            if (input.equals(existingInput)) {
                // A retried start of this very request: it is already being (or has been) carried out.
                return true;
            }
            LOG.atWarn().addKeyValue("execution", name).addKeyValue("existing_execution_found", existingInput != null)
                    .log("execution name already used by another request (channels table recreated?); starting under a fresh name");
            return false;
        }
    }

    private String existingInput(String name) {
        try {
            return sfn.describeExecution(r -> r.executionArn(executionArn(name))).input();
        } catch (ExecutionDoesNotExistException gone) {
            return null;
        }
    }

    /** Execution ARNs are the state machine's with ":execution:" in place of ":stateMachine:" and the name appended. */
    private String executionArn(String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }
}
