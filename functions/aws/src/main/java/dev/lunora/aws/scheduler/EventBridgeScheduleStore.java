package dev.lunora.aws.scheduler;

import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.ScheduleStore;
import dev.lunora.core.schedule.Schedule;
import dev.lunora.core.schedule.ScheduleAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Producer schedules as EventBridge Scheduler schedules in Lunora's group. The target is the scheduled-action
 * Lambda; its input names the destination and the action, and is how a schedule is read back. Schedules in the
 * group without that input (the cost guard) are not the producer's and are left out of {@link #list()}.
 */
public final class EventBridgeScheduleStore implements ScheduleStore {

    private static final Pattern INPUT = Pattern.compile(
            "\\{\"destination_id\":\"([A-Za-z0-9_.:-]+)\",\"action\":\"(start|stop)\",\"schedule_name\":\"[A-Za-z0-9_.-]+\"}");

    private final SchedulerClient scheduler;
    private final String groupName;
    private final String targetArn;
    private final String roleArn;

    /**
     * @param targetArn the scheduled-action function
     * @param roleArn   the role EventBridge Scheduler assumes to invoke it
     */
    public EventBridgeScheduleStore(SchedulerClient scheduler, String groupName, String targetArn, String roleArn) {
        this.scheduler = scheduler;
        this.groupName = groupName;
        this.targetArn = targetArn;
        this.roleArn = roleArn;
    }

    /** The target input: ids are restricted to safe characters, so no escaping is needed. */
    public static String input(String destinationId, ScheduleAction action, String scheduleName) {
        return "{\"destination_id\":\"" + destinationId + "\",\"action\":\"" + action.id() + "\",\"schedule_name\":\"" + scheduleName + "\"}";
    }

    @Override
    public void create(Schedule schedule) {
        try {
            scheduler.createSchedule(r -> r.groupName(groupName)
                    .name(schedule.name())
                    .description(schedule.description().length() > 512 ? schedule.description().substring(0, 512) : schedule.description())
                    .scheduleExpression(schedule.expression())
                    .scheduleExpressionTimezone(schedule.timeZone())
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .state(ScheduleState.ENABLED)
                    // A one-off schedule removes itself once it has fired, so the list shows what is still to come.
                    .actionAfterCompletion(schedule.expression().startsWith("at(") ? ActionAfterCompletion.DELETE : ActionAfterCompletion.NONE)
                    .target(t -> t.arn(targetArn).roleArn(roleArn)
                            .input(input(schedule.destinationId(), schedule.action(), schedule.name()))
                            .retryPolicy(p -> p.maximumRetryAttempts(3).maximumEventAgeInSeconds(900))));
        } catch (software.amazon.awssdk.services.scheduler.model.ConflictException e) {
            throw new ConflictException(ConflictException.Reason.SCHEDULE_EXISTS,
                    "This destination already has the same schedule (" + schedule.expression() + ", " + schedule.timeZone() + ").");
        } catch (software.amazon.awssdk.services.scheduler.model.ValidationException e) {
            throw new ValidationException("expression", "EventBridge Scheduler refused the schedule: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not create the schedule. Try again in a moment.", e);
        }
    }

    @Override
    public List<Schedule> list() {
        try {
            List<Schedule> out = new ArrayList<>();
            for (ScheduleSummary s : scheduler.listSchedulesPaginator(r -> r.groupName(groupName)).schedules()) {
                if (!targetArn.equals(s.target() == null ? null : s.target().arn())) {
                    continue;
                }
                find(s.name()).ifPresent(out::add);
            }
            return out;
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not list the schedules. Try again in a moment.", e);
        }
    }

    @Override
    public Optional<Schedule> find(String name) {
        GetScheduleResponse r;
        try {
            r = scheduler.getSchedule(b -> b.groupName(groupName).name(name));
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read schedule " + name + ". Try again in a moment.", e);
        }
        String input = r.target() == null ? null : r.target().input();
        Matcher m = input == null ? null : INPUT.matcher(input);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Schedule(r.name(), m.group(1), ScheduleAction.parse(m.group(2)), r.scheduleExpression(),
                r.scheduleExpressionTimezone() == null ? "UTC" : r.scheduleExpressionTimezone(), r.description()));
    }

    @Override
    public void delete(String name) {
        try {
            scheduler.deleteSchedule(r -> r.groupName(groupName).name(name));
        } catch (ResourceNotFoundException gone) {
            throw new NotFoundException("No schedule named '" + name + "'. It may have run once and removed itself; reload the list.");
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not delete schedule " + name + ". Try again in a moment.", e);
        }
    }
}
