package dev.lunora.core.ports;

import dev.lunora.core.schedule.Schedule;
import java.util.List;
import java.util.Optional;

/** The producer's schedules (EventBridge Scheduler schedules in Lunora's group, in both worlds). */
public interface ScheduleStore {

    /**
     * Creates a schedule whose target fires {@code schedule}'s action on its destination.
     *
     * @throws dev.lunora.core.exceptions.ConflictException if a schedule with that name exists
     */
    void create(Schedule schedule);

    /** Every producer schedule in the group (system schedules such as the cost guard are left out). */
    List<Schedule> list();

    Optional<Schedule> find(String name);

    /** @throws dev.lunora.core.exceptions.NotFoundException if there is no such schedule */
    void delete(String name);
}
