package dev.lunora.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconcile workflow's task functions, from {@code statemachines/functions.json}: the same file local mode
 * dispatches by, so a task added there is deployed here without a second list to keep in step.
 */
public record FunctionCatalog(List<Entry> functions) {

    /** @param handler {@code class::method}, as Lambda's Handler property wants it */
    public record Entry(String name, String handler, String placeholder) {
    }

    public static FunctionCatalog read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            List<Entry> entries = new ArrayList<>();
            for (JsonNode f : root.path("functions")) {
                entries.add(new Entry(required(f, "name", file), required(f, "handler", file), required(f, "placeholder", file)));
            }
            if (entries.isEmpty()) {
                throw new IllegalStateException(file + " lists no functions under \"functions\".");
            }
            return new FunctionCatalog(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the function catalog " + file, e);
        }
    }

    private static String required(JsonNode f, String field, Path file) {
        String v = f.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalStateException("An entry in " + file + " has no \"" + field + "\": " + f);
        }
        return v;
    }
}
