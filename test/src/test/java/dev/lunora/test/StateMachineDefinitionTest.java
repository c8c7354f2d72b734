package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.handlers.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Static checks of every {@code statemachines/*.asl.json} against the function catalog and the code: targets
 * exist, every task names a catalogued function, every placeholder is bound, every caught or retried error is
 * one that can actually occur.
 */
class StateMachineDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of(System.getProperty("lunora.statemachines.dir", "../statemachines"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private static List<Path> definitions() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    private static JsonNode catalog() throws IOException {
        return JSON.readTree(DIR.resolve("functions.json").toFile()).path("functions");
    }

    @Test
    void definitions_everyNextAndDefaultTargetsAnExistingState_andEveryStateIsReachable() throws IOException {
        assertThat(definitions()).isNotEmpty();
        for (Path file : definitions()) {
            JsonNode states = JSON.readTree(file.toFile()).path("States");
            Set<String> names = new HashSet<>();
            states.fieldNames().forEachRemaining(names::add);
            Set<String> targets = new HashSet<>();
            targets.add(JSON.readTree(file.toFile()).path("StartAt").asText());
            states.forEach(state -> {
                targets.addAll(state.findValuesAsText("Next"));
                if (state.has("Default")) {
                    targets.add(state.path("Default").asText());
                }
            });
            assertThat(names).as(file + ": states nobody reaches").containsExactlyInAnyOrderElementsOf(targets);
            states.fields().forEachRemaining(e -> {
                String type = e.getValue().path("Type").asText();
                boolean terminal = type.equals("Succeed") || type.equals("Fail") || e.getValue().path("End").asBoolean(false);
                assertThat(terminal || e.getValue().has("Next") || type.equals("Choice")).as(file + " " + e.getKey() + " has no Next").isTrue();
            });
        }
    }

    @Test
    void definitions_useJsonataAndSentenceLikeStateNames() throws IOException {
        for (Path file : definitions()) {
            JsonNode def = JSON.readTree(file.toFile());
            assertThat(def.path("QueryLanguage").asText()).isEqualTo("JSONata");
            def.path("States").fieldNames().forEachRemaining(name ->
                    assertThat(name).as("state names read as sentences in the console").matches("([A-Z][a-z]+){2,}"));
        }
    }

    @Test
    void definitions_everyPlaceholderIsAFunctionInTheCatalog_andEveryCatalogEntryIsUsed() throws IOException {
        Set<String> catalogued = new HashSet<>();
        catalog().forEach(fn -> {
            if (fn.hasNonNull("placeholder")) {
                catalogued.add(fn.path("placeholder").asText());
            } else {
                // Not a task: an event rule's or a schedule's target, which names what triggers it instead.
                assertThat(fn.path("trigger").path("detail-type").asText(fn.path("trigger").path("schedule").asText()))
                        .as(fn.path("name") + " has neither placeholder nor trigger").isNotBlank();
            }
        });
        Set<String> used = new HashSet<>();
        for (Path file : definitions()) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).isEqualTo(catalogued);
    }

    @Test
    void catalog_everyEntryIsEitherAStateMachineTaskOrTriggeredByAnEvent() throws IOException {
        for (JsonNode fn : catalog()) {
            assertThat(fn.hasNonNull("placeholder") ^ fn.hasNonNull("trigger"))
                    .as(fn.path("name").asText() + ": a function is a task (placeholder) or has a trigger, not both or neither").isTrue();
        }
    }

    @Test
    void catalog_everyHandlerExistsWithLambdaAndWiringConstructors() throws Exception {
        for (JsonNode fn : catalog()) {
            String[] handler = fn.path("handler").asText().split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(type.getConstructor()).as(handler[0] + " needs a no-arg constructor for Lambda").isNotNull();
            assertThat(type.getConstructor(Wiring.class)).as(handler[0] + " needs a (Wiring) constructor for local mode").isNotNull();
            assertThat(Stream.of(type.getMethods()).anyMatch(mth -> mth.getName().equals(handler[1]))).isTrue();
        }
    }

    @Test
    void definitions_everyErrorEqualsNamesAPredefinedErrorOrARealException() throws IOException {
        for (Path file : definitions()) {
            JsonNode def = JSON.readTree(file.toFile());
            Set<String> raisedHere = new HashSet<>(def.findValuesAsText("Error"));
            List<String> names = new ArrayList<>();
            for (JsonNode list : def.findValues("ErrorEquals")) {
                list.forEach(n -> names.add(n.asText()));
            }
            assertThat(names).isNotEmpty();
            for (String name : names) {
                boolean ok = name.startsWith("States.") || name.startsWith("Lambda.") || raisedHere.contains(name) || classExists(name);
                assertThat(ok).as(file + ": ErrorEquals '" + name + "' can never match").isTrue();
            }
        }
    }

    @Test
    void definitions_taskPayloadsNeverCarryStreamKeys() throws IOException {
        for (Path file : definitions()) {
            String text = Files.readString(file).toLowerCase();
            assertThat(text).doesNotContain("stream_key\"").doesNotContain("streamkey").doesNotContain("streamname");
        }
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return Throwable.class.isAssignableFrom(Class.forName(name));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
