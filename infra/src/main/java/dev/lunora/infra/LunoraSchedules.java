package dev.lunora.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.constructs.Construct;

/**
 * EventBridge Scheduler: the {@value #GROUP} group, the role the producer's schedules ("start YouTube Sundays 18:55",
 * created at run time by the API) invoke the scheduled-action function with, and the {@value #COST_GUARD} schedule
 * that runs the cost guard (stop a channel nobody wants, repair drift) with a role of its own. Each role may invoke
 * one function's alias and nothing else, and only Scheduler in this account may assume it.
 */
public final class LunoraSchedules extends Construct {

    public static final String GROUP = "lunora";
    public static final String COST_GUARD = "lunora-cost-guard";

    private final CfnScheduleGroup group;
    private final Role actionRole;
    private final Role costGuardRole;
    private final CfnSchedule costGuard;

    public LunoraSchedules(Construct scope, String id, LunoraFunction scheduledAction, LunoraFunction guard, String costGuardRate) {
        super(scope, id);
        group = CfnScheduleGroup.Builder.create(this, "Group").name(GROUP).build();
        actionRole = invokerOf(scheduledAction, "ActionRole", "Lunora producer schedules: invoke the scheduled-action function, nothing else");
        costGuardRole = invokerOf(guard, "CostGuardRole", "Lunora cost guard schedule: invoke the cost guard function, nothing else");
        costGuard = CfnSchedule.Builder.create(this, "CostGuard")
                .name(COST_GUARD)
                .groupName(group.getRef())
                .description("Cost guard: stops a channel nothing wants (or past its maximum running time), repairs drift")
                .scheduleExpression(costGuardRate)
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .state("ENABLED")
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(guard.alias().getFunctionArn())
                        .roleArn(costGuardRole.getRoleArn())
                        .input("{}")
                        // The next run is minutes away and looks afresh: a late retry of an old run is worth nothing.
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(2).maximumEventAgeInSeconds(120).build())
                        .build())
                .build();
    }

    private Role invokerOf(LunoraFunction fn, String id, String description) {
        Role role = Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
                .description(description)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(fn.alias().getFunctionArn()))
                .build());
        return role;
    }

    /** Every schedule in the group: what the API may create, read and delete. */
    public String schedulesArn() {
        return Stack.of(this).formatArn(ArnComponents.builder().service("scheduler").resource("schedule")
                .resourceName(GROUP + "/*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    public CfnScheduleGroup group() {
        return group;
    }

    /** The role producer schedules run as; the API passes it to Scheduler on CreateSchedule. */
    public Role actionRole() {
        return actionRole;
    }

    public Role costGuardRole() {
        return costGuardRole;
    }

    public CfnSchedule costGuard() {
        return costGuard;
    }
}
