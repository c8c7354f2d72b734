package dev.lunora.local.stepfunctions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.clock.ManualClock;
import dev.lunora.local.stepfunctions.exec.HistoryEvent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data-driven conformance: each JSON file under {@code stepfunctions/conformance} is one rule from the Step
 * Functions documentation — a definition, an input, and what must happen:
 * <pre>
 * { "doc": "where the rule is documented",
 *   "definition": {...}, "input": {...},
 *   "expect": { "status": "SUCCEEDED|FAILED|...", "output": {...}, "error": "...", "causeContains": "...",
 *               "path": ["entered", "states", "in order"], "events": ["full", "event", "type", "sequence"],
 *               "elapsedSeconds": 7 } }
 * </pre>
 * or, for a definition CreateStateMachine must refuse, {@code "expect": {"invalid": "text in the message"}}.
 * Time is a {@link ManualClock} moved forward whenever the execution waits on it.
 */
class ConformanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private ManualClock clock;
    private LocalStepFunctions sfn;

    private void setUp() {
        clock = new ManualClock();
        sfn = LocalStepFunctions.create(clock, TestFunctions.registry());
    }

    private void tearDown() {
        sfn.close();
    }

    @TestFactory
    Stream<DynamicTest> conformance() throws IOException, URISyntaxException {
        Path dir = Paths.get(getClass().getResource("/stepfunctions/conformance").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            setUp();
            try {
                runCase(f);
            } finally {
                tearDown();
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private void runCase(Path file) throws Exception {
        Map<String, Object> c = MAPPER.readValue(file.toFile(), Map.class);
        String definition = MAPPER.writeValueAsString(c.get("definition"));
        Map<String, Object> expect = (Map<String, Object>) c.get("expect");
        String name = file.getFileName().toString().replace(".json", "").replace('.', '-');
        if (expect.containsKey("invalid")) {
            assertThatThrownBy(() -> sfn.createStateMachine(name, definition))
                    .isInstanceOf(StepFunctionsException.class)
                    .hasMessageContaining((String) expect.get("invalid"))
                    .extracting(e -> ((StepFunctionsException) e).errorCode()).isEqualTo("InvalidDefinition");
            return;
        }
        String sm = sfn.createStateMachine(name, definition);
        String input = c.containsKey("input") ? MAPPER.writeValueAsString(c.get("input")) : "{}";
        var start = clock.now();
        String exec = sfn.startExecution(sm, "run", input);
        ExecutionOutcome outcome = ClockDriver.runToEnd(sfn, clock, exec);
        List<HistoryEvent> history = sfn.history(exec);
        String story = file.getFileName() + " history " + history.stream().map(HistoryEvent::type).toList()
                + " outcome " + outcome;

        assertThat(outcome.status()).as(story).isEqualTo(expect.getOrDefault("status", "SUCCEEDED"));
        if (expect.containsKey("output")) {
            assertThat(MAPPER.readValue(outcome.output(), Object.class)).as(story).isEqualTo(expect.get("output"));
        }
        if (expect.containsKey("error")) {
            assertThat(outcome.error()).as(story).isEqualTo(expect.get("error"));
        }
        if (expect.containsKey("causeContains")) {
            assertThat(outcome.cause()).as(story).contains((String) expect.get("causeContains"));
        }
        if (expect.containsKey("path")) {
            List<String> entered = history.stream().filter(h -> h.type().endsWith("StateEntered"))
                    .map(h -> (String) h.details().get("name")).toList();
            assertThat(entered).as(story).isEqualTo(expect.get("path"));
        }
        if (expect.containsKey("events")) {
            assertThat(history.stream().map(HistoryEvent::type).toList()).as(story).isEqualTo(expect.get("events"));
        }
        if (expect.containsKey("elapsedSeconds")) {
            assertThat(Duration.between(start, clock.now()).toSeconds()).as(story)
                    .isEqualTo(((Number) expect.get("elapsedSeconds")).longValue());
        }
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).as("event ids are 1..n in order").isEqualTo(i + 1);
            assertThat(history.get(i).previousEventId()).as("previousEventId points back").isLessThan(i + 1);
        }
    }
}
