package dev.lunora.core.schedule;

import dev.lunora.core.exceptions.ValidationException;
import java.util.Locale;

/** What a schedule does to its destination: the same as pressing Start or Stop. */
public enum ScheduleAction {
    START, STOP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScheduleAction parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ValidationException("action", "Action is required: \"start\" or \"stop\".");
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "start" -> START;
            case "stop" -> STOP;
            default -> throw new ValidationException("action", "Unknown action '" + raw.strip().replaceAll("\\p{Cntrl}", "?")
                    + "'. Use \"start\" or \"stop\".");
        };
    }
}
