package dev.lunora.bench.jmh;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.stepfunctions.eval.Expressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Every {@code {% %}} expression of statemachines/channel-reconcile.asl.json evaluated against one realistic set of
 * {@code $states} and variables: as the local runner does it (parse, then evaluate, each time), and with each
 * expression parsed once beforehand. The score is for all of them together (one "pass" over the workflow's text).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonataBenchmark {

    List<String> expressions;
    List<Jsonata> parsed;
    Map<String, Object> states;
    Map<String, Object> variables;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        Path asl = Path.of(System.getProperty("lunora.statemachines.dir", "statemachines"), "channel-reconcile.asl.json");
        Map<String, Object> definition = new ObjectMapper().readValue(Files.readString(asl), Map.class);
        states = realisticStates();
        variables = realisticVariables();
        expressions = new ArrayList<>();
        parsed = new ArrayList<>();
        for (String e : Expressions.expressionsIn(definition)) {
            Expressions.evaluate(e, states, variables); // fails setup if an expression does not evaluate here
            expressions.add(e);
            // The workflow uses only JSONata's own functions, so the pre-parsed form needs none of the runner's.
            Jsonata expr = Jsonata.jsonata(Expressions.body(e));
            Jsonata.Frame frame = expr.createFrame();
            variables.forEach(frame::bind);
            frame.bind("states", states);
            expr.evaluate(null, frame);
            parsed.add(expr);
        }
        if (expressions.size() < 20) {
            throw new IllegalStateException("expected the workflow's expressions, found " + expressions.size() + " in " + asl);
        }
    }

    static Map<String, Object> realisticStates() {
        Map<String, Object> payload = new LinkedHashMap<>(Map.of("next", "wait", "state", "STARTING", "generation", 42,
                "generationMoved", false, "waitBudgetSeconds", 600, "reason", "The channel failed to start."));
        Map<String, Object> input = new LinkedHashMap<>(payload);
        input.put("channelId", "3714710");
        input.put("Error", "dev.lunora.core.exceptions.ChannelStartFailedException");
        input.put("Cause", "{\"errorMessage\":\"The channel failed to start\"}");
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", input);
        states.put("result", Map.of("Payload", payload, "StatusCode", 200));
        states.put("context", Map.of("Execution", Map.of("Name", "reconcile-3714710-g42", "Id", "arn:aws:states:us-west-2:0:execution:x:y")));
        return states;
    }

    static Map<String, Object> realisticVariables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("channelId", "3714710");
        v.put("execution", "reconcile-3714710-g42");
        v.put("generation", 42);
        v.put("startsTried", 1);
        v.put("waited", 35);
        v.put("wait", 5);
        v.put("compensations", 0);
        v.put("failure", null);
        v.put("started", true);
        return v;
    }

    /** What the local runner does for every expression it meets: parse, bind, evaluate. */
    @Benchmark
    public void parseAndEvaluateAll(Blackhole bh) {
        for (String e : expressions) {
            bh.consume(Expressions.evaluate(e, states, variables));
        }
    }

    /** The same with every expression parsed once: what a cache of parsed expressions would leave. */
    @Benchmark
    public void evaluatePreParsedAll(Blackhole bh) {
        for (Jsonata expr : parsed) {
            Jsonata.Frame frame = expr.createFrame();
            variables.forEach(frame::bind);
            frame.bind("states", states);
            bh.consume(expr.evaluate(null, frame));
        }
    }
}
