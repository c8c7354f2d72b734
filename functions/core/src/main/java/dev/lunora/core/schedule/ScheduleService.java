package dev.lunora.core.schedule;

import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.DestinationService;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.ScheduleStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Schedules that press Start or Stop on a destination, and what happens when one fires. */
public final class ScheduleService {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    /** A click that loses a race with another edit is simply tried again; more than this means something is wrong. */
    private static final int ATTEMPTS = 3;

    private final ScheduleStore schedules;
    private final DestinationStore destinations;
    private final DestinationService clicks;
    private final Clock clock;

    public ScheduleService(ScheduleStore schedules, DestinationStore destinations, DestinationService clicks, Clock clock) {
        this.schedules = schedules;
        this.destinations = destinations;
        this.clicks = clicks;
        this.clock = clock;
    }

    /** A POST body, unchecked. */
    public record Request(String destinationId, String action, String expression, String timeZone) {
    }

    public Schedule create(Request request) {
        ScheduleAction action = ScheduleAction.parse(request.action());
        ScheduleExpression expression = ScheduleExpression.parse(request.expression());
        ZoneId zone = ScheduleExpression.zone(request.timeZone());
        if (request.destinationId() == null || request.destinationId().isBlank()) {
            throw new ValidationException("destination_id", "destination_id is required: the destination this schedule starts or stops.");
        }
        String destinationId = request.destinationId().strip();
        Destination destination = destinations.find(destinationId).orElseThrow(() -> new ValidationException("destination_id",
                "No destination with id '" + destinationId.replaceAll("\\p{Cntrl}", "?") + "'. Pick one from GET /api/destinations."));
        if (expression.nextAfter(clock.instant(), zone).isEmpty()) {
            throw new ValidationException(ScheduleExpression.FIELD, expression.repeats()
                    ? expression.text() + " never fires from now on (a past year, or a date that does not exist such as 30 February)."
                    : expression.text() + " is in the past in " + zone.getId() + ". Pick a later time.");
        }
        String text = expression.text();
        Schedule schedule = new Schedule(Schedule.nameFor(destinationId, action, text, zone.getId()), destinationId, action, text,
                zone.getId(), (action == ScheduleAction.START ? "Start '" : "Stop '") + destination.name() + "' " + text + " " + zone.getId());
        schedules.create(schedule);
        LOG.info("schedule created name={} destination_id={} action={}", schedule.name(), destinationId, action.id());
        return schedule;
    }

    /** By destination, then start before stop, then name. */
    public List<Schedule> list(String destinationId) {
        return schedules.list().stream()
                .filter(s -> destinationId == null || destinationId.equals(s.destinationId()))
                .sorted(Comparator.comparing(Schedule::destinationId).thenComparing(Schedule::action).thenComparing(Schedule::name))
                .toList();
    }

    public void delete(String name) {
        schedules.delete(name);
        LOG.info("schedule deleted name={}", name);
    }

    /**
     * Removes every schedule of a destination that was just deleted, so none lingers to press Start on nothing.
     * Best effort: one that cannot be removed now is ignored when it fires, and stays listed for the producer.
     *
     * @return how many were removed
     */
    public int deleteAllOf(String destinationId) {
        int removed = 0;
        List<Schedule> ofDestination;
        try {
            ofDestination = list(destinationId);
        } catch (dev.lunora.core.exceptions.LunoraException e) {
            LOG.warn("schedules of a deleted destination not listed destination_id={}: {}", destinationId, e.getMessage());
            return 0;
        }
        for (Schedule s : ofDestination) {
            try {
                schedules.delete(s.name());
                removed++;
            } catch (dev.lunora.core.exceptions.NotFoundException alreadyGone) {
                // a one-off schedule that fired and removed itself meanwhile
            } catch (dev.lunora.core.exceptions.LunoraException e) {
                LOG.warn("schedule of a deleted destination left in place name={} destination_id={}: {}", s.name(), destinationId, e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.info("schedules of a deleted destination removed destination_id={} count={}", destinationId, removed);
        }
        return removed;
    }

    /** When the schedule will next fire, if that can be said from the expression alone (not for rates). */
    public Optional<Instant> nextRun(Schedule schedule) {
        ScheduleExpression e = ScheduleExpression.parse(schedule.expression());
        if (e instanceof ScheduleExpression.Rate) {
            return Optional.empty();
        }
        return e.nextAfter(clock.instant(), ScheduleExpression.zone(schedule.timeZone()));
    }

    /**
     * A schedule fired: the same path as a click. A destination that is gone is ignored; a start the destination
     * refuses (no key, disabled) is shown on it, since nobody is at the page to read a 400. Anything else escapes,
     * so EventBridge Scheduler retries.
     */
    public void fire(String destinationId, String action, String scheduleName) {
        ScheduleAction what = ScheduleAction.parse(action);
        for (int attempt = 1; ; attempt++) {
            try {
                Destination d = what == ScheduleAction.START ? clicks.start(destinationId) : clicks.stop(destinationId);
                LOG.info("schedule fired name={} destination_id={} action={} desired_state={}", scheduleName, destinationId, what.id(), d.desiredState().id());
                return;
            } catch (NotFoundException gone) {
                LOG.warn("schedule fired for a missing destination name={} destination_id={}", scheduleName, destinationId);
                return;
            } catch (ConflictException e) {
                if (e.reason() == ConflictException.Reason.VERSION_CONFLICT && attempt < ATTEMPTS) {
                    continue;
                }
                refused(destinationId, what, scheduleName, e.getMessage());
                return;
            } catch (ValidationException e) {
                refused(destinationId, what, scheduleName, e.getMessage());
                return;
            }
        }
    }

    private void refused(String destinationId, ScheduleAction what, String scheduleName, String why) {
        LOG.warn("scheduled {} refused name={} destination_id={}", what.id(), scheduleName, destinationId);
        try {
            destinations.recordStatus(destinationId, StreamingStatus.ERROR, null,
                    "The scheduled " + what.id() + " did not happen: " + why);
        } catch (NotFoundException gone) {
            // deleted meanwhile; nothing to show it on
        }
    }
}
