package dev.lunora.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * EventBridge Scheduler: the {@value #GROUP} group that user schedules ("start YouTube Sundays 18:55") will be
 * created in, the role they and the periodic reconcile run as, and the periodic reconcile itself, which repairs drift
 * and stops a channel left running with nothing to stream. The role may only start the reconcile state machine and
 * only Scheduler in this account may assume it.
 */
public final class ReconcileSchedules extends Construct {

    public static final String GROUP = "lunora";

    private final CfnScheduleGroup group;
    private final Role role;
    private final CfnSchedule periodic;

    public ReconcileSchedules(Construct scope, String id, IStateMachine reconcile, String channelId, int everyMinutes) {
        super(scope, id);
        group = CfnScheduleGroup.Builder.create(this, "Group").name(GROUP).build();
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
                .description("Lunora schedules: start the channel reconcile, nothing else")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StartExecution"))
                .resources(List.of(reconcile.getStateMachineArn()))
                .build());
        periodic = CfnSchedule.Builder.create(this, "PeriodicReconcile")
                .groupName(group.getRef())
                .description("Repairs drift and stops a channel running with nothing to stream")
                .scheduleExpression("rate(" + everyMinutes + " minutes)")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .state("ENABLED")
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(reconcile.getStateMachineArn())
                        .roleArn(role.getRoleArn())
                        .input("{\"channelId\":\"" + channelId + "\"}")
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(2).maximumEventAgeInSeconds(300).build())
                        .build())
                .build();
    }

    public CfnScheduleGroup group() {
        return group;
    }

    public Role role() {
        return role;
    }

    public CfnSchedule periodic() {
        return periodic;
    }
}
