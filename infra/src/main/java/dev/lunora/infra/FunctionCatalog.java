package dev.lunora.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lunora's functions from {@code statemachines/functions.json}, the same file local mode dispatches by, so a function
 * added there is deployed here without a second list to keep in step. An entry is one of three kinds: a reconcile
 * task (its {@code placeholder} in the state machine definition), the target of an EventBridge rule
 * ({@code trigger.source} + {@code trigger.detail-type}) or the target of EventBridge Scheduler schedules
 * ({@code trigger.schedule}, a description of which schedules).
 */
public record FunctionCatalog(List<Entry> functions) {

    /** How a function is invoked. */
    public sealed interface Kind {
    }

    /** A state of the reconcile state machine invokes it through {@code ${placeholder}}. */
    public record Task(String placeholder) implements Kind {
    }

    /** An EventBridge rule on {@code source} and {@code detailType} invokes it. */
    public record Event(String source, String detailType) implements Kind {
    }

    /** EventBridge Scheduler invokes it; {@code schedules} says which schedules (free text). */
    public record Scheduled(String schedules) implements Kind {
    }

    /** @param handler {@code class::method}, as Lambda's Handler property wants it */
    public record Entry(String name, String handler, Kind kind) {

        /** The state machine placeholder, or null when a state machine does not invoke this function. */
        public String placeholder() {
            return kind instanceof Task t ? t.placeholder() : null;
        }
    }

    public static FunctionCatalog read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            List<Entry> entries = new ArrayList<>();
            for (JsonNode f : root.path("functions")) {
                entries.add(new Entry(required(f, "name", file), required(f, "handler", file), kind(f, file)));
            }
            if (entries.isEmpty()) {
                throw new IllegalStateException(file + " lists no functions under \"functions\".");
            }
            return new FunctionCatalog(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the function catalog " + file, e);
        }
    }

    public List<Entry> tasks() {
        return functions.stream().filter(e -> e.kind() instanceof Task).toList();
    }

    public List<Entry> events() {
        return functions.stream().filter(e -> e.kind() instanceof Event).toList();
    }

    public List<Entry> scheduled() {
        return functions.stream().filter(e -> e.kind() instanceof Scheduled).toList();
    }

    private static Kind kind(JsonNode f, Path file) {
        boolean hasPlaceholder = !f.path("placeholder").asText("").isBlank();
        JsonNode trigger = f.path("trigger");
        if (hasPlaceholder == trigger.isObject()) {
            throw new IllegalStateException("An entry in " + file + " needs exactly one of \"placeholder\" (a reconcile task) "
                    + "or \"trigger\" (an event rule or schedule target): " + f);
        }
        if (hasPlaceholder) {
            return new Task(required(f, "placeholder", file));
        }
        if (trigger.has("schedule") == trigger.has("source")) {
            throw new IllegalStateException("The trigger of an entry in " + file + " needs either \"source\" with \"detail-type\" "
                    + "(an EventBridge rule) or \"schedule\" (EventBridge Scheduler): " + f);
        }
        return trigger.has("schedule")
                ? new Scheduled(required(trigger, "schedule", file))
                : new Event(required(trigger, "source", file), required(trigger, "detail-type", file));
    }

    private static String required(JsonNode f, String field, Path file) {
        String v = f.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalStateException("An entry in " + file + " has no \"" + field + "\": " + f);
        }
        return v;
    }
}
