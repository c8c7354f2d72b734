package dev.lunora.aws.sfn;

import dev.lunora.core.exceptions.LunoraException;
import dev.lunora.core.exceptions.WorkflowUnavailableException;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.core.ports.ReconcileRequests;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts a reconcile execution per request. The name comes from the channel and its new request generation
 * ({@code reconcile-3714710-g42}), so it reads well in the console and a retried start of the same
 * generation is the same execution.
 */
public final class SfnReconcileRequests implements ReconcileRequests {

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ChannelCoordination coordination;

    public SfnReconcileRequests(SfnClient sfn, String stateMachineArn, ChannelCoordination coordination) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.coordination = coordination;
    }

    public static String executionName(String channelId, long generation) {
        return "reconcile-" + channelId + "-g" + generation;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String request(String channelId) {
        long generation;
        try {
            generation = coordination.bumpGeneration(channelId);
        } catch (LunoraException e) {
            throw new WorkflowUnavailableException("Could not record the request for channel " + channelId + ". Nothing was changed; try again.", e);
        }
        String name = executionName(channelId, generation);
        String input = "{\"channelId\":\"" + channelId + "\",\"generation\":" + generation + "}";
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input));
        } catch (ExecutionAlreadyExistsException sameGenerationAlreadyStarted) {
            // Same name means same generation: the request is already being carried out.
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("The workflow engine did not accept the request (" + e.getClass().getSimpleName()
                    + "). Nothing was changed; try again in a moment.", e);
        }
        return name;
    }
}
