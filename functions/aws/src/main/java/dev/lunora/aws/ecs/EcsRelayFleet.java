package dev.lunora.aws.ecs;

import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.RelayFleet;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The relay as an ECS service (Fargate in the cloud, the local stand-in on a laptop): scaling is UpdateService's
 * desiredCount, health is DescribeServices' runningCount. A deployment ECS gave up on (rollout FAILED, e.g. the image
 * cannot be pulled or every task exits) is reported as the relay's failure, so the workflow does not wait it out.
 */
public final class EcsRelayFleet implements RelayFleet {

    /** Failed tasks in the current deployment with none running: ECS keeps replacing them, but it will not help. */
    static final int FAILED_TASKS_BEFORE_GIVING_UP = 3;

    private final EcsClient ecs;
    private final String cluster;
    private final String service;

    public EcsRelayFleet(EcsClient ecs, String cluster, String service) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.service = service;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public RelayState state(String channelId) {
        Service found = describe();
        int desired = found.desiredCount() == null ? 0 : found.desiredCount();
        int running = found.runningCount() == null ? 0 : found.runningCount();
        return new RelayState(desired, running, desired > 0 && running == 0 ? failureOf(found.deployments()) : null);
    }

    @Override
    public void scale(String channelId, int tasks) {
        try {
            ecs.updateService(r -> r.cluster(cluster).service(service).desiredCount(tasks));
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not scale the relay service " + service + " to " + tasks + " ("
                    + e.getClass().getSimpleName() + "). Lunora will try again.", e);
        }
    }

    private Service describe() {
        try {
            List<Service> services = ecs.describeServices(r -> r.cluster(cluster).services(service)).services();
            if (services.isEmpty()) {
                throw new ServiceUnavailableException("ECS has no relay service " + service + " in cluster " + cluster
                        + ". Check RELAY_CLUSTER and RELAY_SERVICE.", null);
            }
            return services.get(0);
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read the relay service " + service + " (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    private static String failureOf(List<Deployment> deployments) {
        return deployments.stream().max(Comparator.comparing(d -> d.createdAt() == null ? java.time.Instant.EPOCH : d.createdAt()))
                .map(d -> {
                    if (d.rolloutState() == DeploymentRolloutState.FAILED) {
                        return "ECS stopped rolling it out: " + (d.rolloutStateReason() == null ? "no reason given" : d.rolloutStateReason());
                    }
                    int failed = d.failedTasks() == null ? 0 : d.failedTasks();
                    return failed >= FAILED_TASKS_BEFORE_GIVING_UP ? "its tasks keep stopping (" + failed + " failed so far)" : null;
                })
                .orElse(null);
    }
}
