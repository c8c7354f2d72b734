package dev.lunora.local.stepfunctions.exec;

import dev.lunora.local.stepfunctions.asl.DefinitionParser;
import dev.lunora.local.stepfunctions.asl.State;
import dev.lunora.local.stepfunctions.eval.Expressions;
import dev.lunora.local.stepfunctions.eval.QueryEvaluationException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one execution of a JSONata state machine, state by state, recording the history the console shows.
 *
 * <p>Evaluation order in a JSONata state ("Transforming data with JSONata", "Passing data between states with
 * variables"): Arguments are evaluated from {@code $states.input}; the work runs; then Assign and Output are
 * evaluated against the <em>same</em> variable values the state started with — a state never sees its own
 * assignments — and only then are the new values stored. A Catcher's Assign/Output see {@code $states.errorOutput}
 * instead of {@code $states.result}.
 */
public final class Interpreter {

    private static final DateTimeFormatter CONTEXT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** States.ALL does not catch these ("Error handling": States.ALL, States.DataLimitExceeded, States.Runtime). */
    private static final Set<String> TERMINAL = Set.of("States.DataLimitExceeded", "States.Runtime");
    private static final String QUERY_ERROR = "States.QueryEvaluationError";

    private final Engine engine;
    private final Execution execution;
    private final LambdaInvoker lambda;
    private final Lane mainLane = new Lane(0);
    private volatile dev.lunora.local.clock.LocalClock.Scheduled timeoutTimer;

    public Interpreter(Engine engine, Execution execution) {
        this.engine = engine;
        this.execution = execution;
        this.lambda = new LambdaInvoker(engine);
    }

    /** The events one thread of control emits, chained through previousEventId. */
    private static final class Lane {
        long last;

        Lane(long last) {
            this.last = last;
        }
    }

    /** Where a graph runs: its cancellation, its history lane, its variables, and its Map item if any. */
    private record Branch(Cancellation cancel, Lane lane, Scope scope) {
    }

    /** Where control goes after a state, with the state's output; a null next ends the graph. */
    private record Step(String next, Object output) {
    }

    /** One visit to a state: the values its context object shows. */
    private static final class Visit {
        final State state;
        final Object input;
        final Instant entered;
        int retryCount;

        Visit(State state, Object input, Instant entered) {
            this.state = state;
            this.input = input;
            this.entered = entered;
        }
    }

    /**
     * Records ExecutionStarted and arms the execution timeout; called by StartExecution before the execution is
     * queued, so a queued execution already shows its start.
     */
    public void begin() {
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("input", execution.inputJson());
        started.put("inputDetails", Map.of("truncated", false));
        started.put("roleArn", execution.roleArn());
        execution.cancellation().expectWorker();
        mainLane.last = execution.emit(execution.startDate(), 0, "ExecutionStarted", "executionStartedEventDetails",
                started);
        Integer timeout = execution.definition().timeoutSeconds();
        if (timeout != null) {
            timeoutTimer = engine.clock().schedule(Duration.ofSeconds(timeout), () -> execution.close(
                    engine.clock().now(), 0, Execution.Status.TIMED_OUT, null, "States.Timeout",
                    "The execution ran longer than its TimeoutSeconds (" + timeout + ")."));
        }
    }

    /** Runs the execution to its end on the calling thread. */
    public void run() {
        Cancellation root = execution.cancellation();
        Lane lane = mainLane;
        try {
            root.run(() -> {
                try {
                    Object output = runGraph(execution.definition().root(), execution.input(),
                            new Branch(root, lane, new Scope(null)));
                    String json = Json.write(output);
                    checkSize(json, "the execution output");
                    execution.close(now(), lane.last, Execution.Status.SUCCEEDED, json, null, null);
                } catch (StatesError e) {
                    execution.close(now(), lane.last, Execution.Status.FAILED, null, e.error(), e.cause());
                } catch (Aborted e) {
                    // StopExecution or the execution timeout already closed the execution with its own event.
                } catch (RuntimeException e) { // boundary: a runner bug must fail the execution, not hang it
                    execution.close(now(), lane.last, Execution.Status.FAILED, null, "States.Runtime",
                            "The local runner failed: " + e);
                }
                return null;
            });
        } catch (Aborted e) {
            // cancelled before it started
        } finally {
            if (timeoutTimer != null) {
                timeoutTimer.cancel();
            }
        }
    }

    private Object runGraph(State.Graph graph, Object input, Branch b) {
        String name = graph.startAt();
        Object data = input;
        while (true) {
            b.cancel().check();
            Step step = runState(graph.states().get(name), data, b);
            if (step.next() == null) {
                return step.output();
            }
            name = step.next();
            data = step.output();
        }
    }

    private Step runState(State state, Object input, Branch b) {
        Visit v = new Visit(state, input, now());
        String inputJson = Json.write(input);
        Map<String, Object> entered = new LinkedHashMap<>();
        entered.put("name", state.name());
        entered.put("input", inputJson);
        entered.put("inputDetails", Map.of("truncated", false));
        emit(b.lane(), state.type() + "StateEntered", "stateEnteredEventDetails", entered);
        checkSize(inputJson, "the input of state '" + state.name() + "'");
        try {
            return runEntered(state, v, b);
        } catch (StatesError e) {
            reportEvaluationFailure(e, v, b);
            throw e;
        }
    }

    private Step runEntered(State state, Visit v, Branch b) {
        if (state instanceof State.Task t) {
            return withErrorHandling(v, b, t.retry(), t.catchers(), t.next(), t.output(), t.assign(),
                    vars -> runTask(t, v, vars, b));
        }
        if (state instanceof State.Parallel p) {
            return withErrorHandling(v, b, p.retry(), p.catchers(), p.next(), p.output(), p.assign(),
                    vars -> runParallel(p, v, vars, b));
        }
        if (state instanceof State.Map m) {
            return withErrorHandling(v, b, m.retry(), m.catchers(), m.next(), m.output(), m.assign(),
                    vars -> runMap(m, v, vars, b));
        }
        Map<String, Object> vars = b.scope().visible();
        if (state instanceof State.Pass p) {
            return finish(v, b, vars, null, false, p.next(), p.output(), p.assign());
        }
        if (state instanceof State.Wait w) {
            waitState(w, v, vars, b);
            return finish(v, b, vars, null, false, w.next(), w.output(), w.assign());
        }
        if (state instanceof State.Choice c) {
            return choice(c, v, vars, b);
        }
        if (state instanceof State.Succeed s) {
            return finish(v, b, vars, null, false, null, s.output(), null);
        }
        if (state instanceof State.Fail f) {
            Map<String, Object> states = states(v, null, null, null);
            Object error = evaluate(f.error(), states, vars, "Error");
            Object cause = evaluate(f.cause(), states, vars, "Cause");
            throw new StatesError(error == null ? null : String.valueOf(error),
                    cause == null ? null : String.valueOf(cause));
        }
        throw new IllegalStateException("unknown state kind " + state);
    }

    @FunctionalInterface
    private interface Work {
        Object run(Map<String, Object> preStateVariables);
    }

    /**
     * Retry and Catch for Task, Parallel and Map ("Error handling in Step Functions"): retriers are checked in order
     * and the first whose ErrorEquals matches decides; each retrier counts its own attempts; the delay before retry
     * n (from 0) is IntervalSeconds × BackoffRate^n, capped by MaxDelaySeconds, and with JitterStrategy FULL a
     * random fraction of that. When no retry applies, the first matching catcher routes the error.
     * Failures of the state's own Output/Assign after the work succeeded are caught but not retried (retrying
     * would repeat work that succeeded).
     */
    private Step withErrorHandling(Visit v, Branch b, List<State.Retrier> retriers, List<State.Catcher> catchers,
                                   String next, Object outputTemplate, Object assignTemplate, Work work) {
        Map<String, Object> vars = b.scope().visible();
        int[] attempts = new int[retriers.size()];
        while (true) {
            Object result;
            try {
                result = work.run(vars);
            } catch (StatesError e) {
                reportEvaluationFailure(e, v, b);
                int r = firstMatch(retriers.stream().map(State.Retrier::errorEquals).toList(), e.error());
                if (r >= 0 && attempts[r] < retriers.get(r).maxAttempts()) {
                    b.cancel().sleep(engine.clock(), retryDelay(retriers.get(r), attempts[r]));
                    attempts[r]++;
                    v.retryCount++;
                    continue;
                }
                return caught(v, b, vars, catchers, e);
            }
            try {
                return finish(v, b, vars, result, true, next, outputTemplate, assignTemplate);
            } catch (StatesError e) {
                reportEvaluationFailure(e, v, b);
                return caught(v, b, vars, catchers, e);
            }
        }
    }

    static Duration retryDelay(State.Retrier r, int attempt) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
        if (r.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, r.maxDelaySeconds());
        }
        if (r.fullJitter()) {
            seconds = ThreadLocalRandom.current().nextDouble() * seconds;
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private Step caught(Visit v, Branch b, Map<String, Object> vars, List<State.Catcher> catchers, StatesError e) {
        int c = firstMatch(catchers.stream().map(State.Catcher::errorEquals).toList(), e.error());
        if (c < 0) {
            throw e;
        }
        State.Catcher catcher = catchers.get(c);
        Map<String, Object> errorOutput = new LinkedHashMap<>();
        errorOutput.put("Error", e.error());
        errorOutput.put("Cause", e.cause());
        Map<String, Object> states = states(v, null, errorOutput, null);
        Map<String, Object> assigned = assignments(catcher.assign(), states, vars);
        Object output = catcher.output() == null ? errorOutput : evaluate(catcher.output(), states, vars, "Output");
        // A caught failure goes straight to the catcher's Next: AWS histories show TaskFailed followed by the next
        // state's *StateEntered, with no *StateExited for the failed state.
        checkSize(Json.write(output), "the output of the catcher of state '" + v.state.name() + "'");
        if (assigned != null) {
            b.scope().assign(assigned);
        }
        return new Step(catcher.next(), output);
    }

    static int firstMatch(List<List<String>> errorEquals, String error) {
        for (int i = 0; i < errorEquals.size(); i++) {
            for (String name : errorEquals.get(i)) {
                if (name.equals(error)) {
                    return i;
                }
                boolean known = error == null || !TERMINAL.contains(error);
                if (name.equals("States.ALL") && known) {
                    return i;
                }
                // States.TaskFailed matches any error except States.Timeout ("Error handling": error names).
                if (name.equals("States.TaskFailed") && known && !"States.Timeout".equals(error)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Assign and Output of a state that did its work, both from the pre-state variables; then store and exit. */
    private Step finish(Visit v, Branch b, Map<String, Object> vars, Object result, boolean hasResult, String next,
                        Object outputTemplate, Object assignTemplate) {
        Map<String, Object> states = states(v, hasResult ? new Object[]{result} : null, null, null);
        Map<String, Object> assigned = assignments(assignTemplate, states, vars);
        Object output = outputTemplate == null ? (hasResult ? result : v.input)
                : evaluate(outputTemplate, states, vars, "Output");
        return exit(v, b, assigned, output, next);
    }

    private Step exit(Visit v, Branch b, Map<String, Object> assigned, Object output, String next) {
        String outputJson = Json.write(output);
        checkSize(outputJson, "the output of state '" + v.state.name() + "'");
        if (assigned != null) {
            b.scope().assign(assigned);
        }
        Map<String, Object> exited = new LinkedHashMap<>();
        exited.put("name", v.state.name());
        exited.put("output", outputJson);
        exited.put("outputDetails", Map.of("truncated", false));
        if (assigned != null) {
            Map<String, Object> shown = new LinkedHashMap<>();
            assigned.forEach((k, val) -> shown.put(k, Json.write(val)));
            exited.put("assignedVariables", shown);
            exited.put("assignedVariablesDetails", Map.of("truncated", false));
        }
        emit(b.lane(), v.state.type() + "StateExited", "stateExitedEventDetails", exited);
        return new Step(next, output);
    }

    private Map<String, Object> assignments(Object assignTemplate, Map<String, Object> states,
                                            Map<String, Object> vars) {
        if (assignTemplate == null) {
            return null;
        }
        if (!(assignTemplate instanceof Map<?, ?> fields)) {
            throw new StatesError(QUERY_ERROR, "Assign must be a JSON object of variable names and values",
                    "Assign");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            out.put((String) f.getKey(), evaluate(f.getValue(), states, vars, "Assign"));
        }
        return out;
    }

    // ---- Task

    private Object runTask(State.Task t, Visit v, Map<String, Object> vars, Branch b) {
        Map<String, Object> states = states(v, null, null, null);
        Object args = t.arguments() == null ? v.input : evaluate(t.arguments(), states, vars, "Arguments");
        Long timeout = positiveSeconds(t.timeoutSeconds(), states, vars, "TimeoutSeconds");
        Long heartbeat = positiveSeconds(t.heartbeatSeconds(), states, vars, "HeartbeatSeconds");
        boolean integration = t.resource().equals(DefinitionParser.LAMBDA_INVOKE);
        if (integration) {
            return lambdaInvokeTask(args, timeout, heartbeat, b);
        }
        return plainLambdaTask(t.resource(), args, timeout, heartbeat, b);
    }

    /** {@code arn:aws:states:::lambda:invoke}: TaskScheduled/Started/Succeeded|Failed|TimedOut events. */
    private Object lambdaInvokeTask(Object args, Long timeout, Long heartbeat, Branch b) {
        Map<String, Object> scheduled = new LinkedHashMap<>();
        scheduled.put("resourceType", "lambda");
        scheduled.put("resource", "invoke");
        scheduled.put("region", engine.region());
        scheduled.put("parameters", Json.write(args));
        if (timeout != null) {
            scheduled.put("timeoutInSeconds", timeout);
        }
        if (heartbeat != null) {
            scheduled.put("heartbeatInSeconds", heartbeat);
        }
        emit(b.lane(), "TaskScheduled", "taskScheduledEventDetails", scheduled);
        emit(b.lane(), "TaskStarted", "taskStartedEventDetails", resource());
        try {
            if (!(args instanceof Map<?, ?> a) || !(a.get("FunctionName") instanceof String fn)) {
                throw new StatesError("States.Runtime", "lambda:invoke needs Arguments with a string FunctionName");
            }
            Object payload = lambda.invoke(fn, a.get("Payload"), timeout, heartbeat, b.cancel());
            Object result = lambda.invokeResponse(payload, now());
            String json = Json.write(result);
            Map<String, Object> succeeded = resource();
            succeeded.put("output", json);
            succeeded.put("outputDetails", Map.of("truncated", false));
            emit(b.lane(), "TaskSucceeded", "taskSucceededEventDetails", succeeded);
            checkSize(json, "the task result");
            return result;
        } catch (StatesError e) {
            if (e.error().startsWith("States.DataLimit")) {
                throw e;
            }
            boolean timedOut = e.error().equals("States.Timeout") || e.error().equals("States.HeartbeatTimeout");
            Map<String, Object> failed = resource();
            failed.put("error", e.error());
            failed.put("cause", e.cause());
            emit(b.lane(), timedOut ? "TaskTimedOut" : "TaskFailed",
                    timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails", failed);
            throw e;
        }
    }

    private static Map<String, Object> resource() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resourceType", "lambda");
        m.put("resource", "invoke");
        return m;
    }

    /** A plain function ARN as Resource: the result is the function's output; LambdaFunction* events. */
    private Object plainLambdaTask(String arn, Object payload, Long timeout, Long heartbeat, Branch b) {
        String payloadJson = Json.write(payload);
        Map<String, Object> scheduled = new LinkedHashMap<>();
        scheduled.put("resource", arn);
        scheduled.put("input", payloadJson);
        scheduled.put("inputDetails", Map.of("truncated", false));
        if (timeout != null) {
            scheduled.put("timeoutInSeconds", timeout);
        }
        emit(b.lane(), "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled);
        checkSize(payloadJson, "the Lambda payload");
        emit(b.lane(), "LambdaFunctionStarted", null, null);
        try {
            Object result = lambda.invoke(arn, payload, timeout, heartbeat, b.cancel());
            String json = Json.write(result);
            Map<String, Object> succeeded = new LinkedHashMap<>();
            succeeded.put("output", json);
            succeeded.put("outputDetails", Map.of("truncated", false));
            emit(b.lane(), "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", succeeded);
            checkSize(json, "the task result");
            return result;
        } catch (StatesError e) {
            if (e.error().startsWith("States.DataLimit")) {
                throw e;
            }
            boolean timedOut = e.error().equals("States.Timeout") || e.error().equals("States.HeartbeatTimeout");
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("error", e.error());
            failed.put("cause", e.cause());
            emit(b.lane(), timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
                    timedOut ? "lambdaFunctionTimedOutEventDetails" : "lambdaFunctionFailedEventDetails", failed);
            throw e;
        }
    }

    private Long positiveSeconds(Object template, Map<String, Object> states, Map<String, Object> vars,
                                 String field) {
        if (template == null) {
            return null;
        }
        Object v = evaluate(template, states, vars, field);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        throw new StatesError(QUERY_ERROR, field + " must be a positive integer, was " + Json.write(v), field);
    }

    // ---- Parallel and Map

    /**
     * Branches run concurrently, each on its own thread and in its own variable scope, all with the same input; the
     * result lists branch outputs in branch order. The first branch to fail fails the state with its error, and the
     * other branches are stopped ("Parallel workflow state").
     */
    private Object runParallel(State.Parallel p, Visit v, Map<String, Object> vars, Branch b) {
        Object branchInput = p.arguments() == null ? v.input
                : evaluate(p.arguments(), states(v, null, null, null), vars, "Arguments");
        long started = emit(b.lane(), "ParallelStateStarted", null, null);
        List<Object> inputs = new ArrayList<>();
        p.branches().forEach(x -> inputs.add(branchInput));
        Fanout outcome = fanOut(p.branches(), inputs, 0, b, started, null);
        if (outcome.failure != null) {
            b.lane().last = outcome.lastEvent;
            emit(b.lane(), "ParallelStateFailed", null, null);
            throw outcome.failure;
        }
        b.lane().last = outcome.lastEvent;
        emit(b.lane(), "ParallelStateSucceeded", null, null);
        return outcome.results;
    }

    /**
     * Inline Map ("Map state in inline mode"): Items (default: the state input) must be an array; ItemSelector, if
     * present, builds each iteration's input with {@code $states.context.Map.Item.Index/Value}; at most
     * MaxConcurrency iterations run at once (0: no limit); results keep item order.
     */
    private Object runMap(State.Map m, Visit v, Map<String, Object> vars, Branch b) {
        Map<String, Object> states = states(v, null, null, null);
        Object items = m.items() == null ? v.input : evaluate(m.items(), states, vars, "Items");
        if (!(items instanceof List<?> list)) {
            throw new StatesError(QUERY_ERROR, "The Map state '" + v.state.name()
                    + "' needs Items to be an array, but got " + Json.write(items), "Items");
        }
        int limit = 0;
        if (m.maxConcurrency() != null) {
            Object mc = evaluate(m.maxConcurrency(), states, vars, "MaxConcurrency");
            if (!(mc instanceof Number n) || n.intValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new StatesError(QUERY_ERROR, "MaxConcurrency must be a non-negative integer, was "
                        + Json.write(mc), "MaxConcurrency");
            }
            limit = n.intValue();
        }
        List<Object> inputs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (m.itemSelector() == null) {
                inputs.add(list.get(i));
            } else {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("Index", i);
                item.put("Value", list.get(i));
                inputs.add(evaluate(m.itemSelector(), states(v, null, null, Map.of("Item", item)), vars,
                        "ItemSelector"));
            }
        }
        Map<String, Object> startedDetails = Map.of("length", list.size());
        long started = emit(b.lane(), "MapStateStarted", "mapStateStartedEventDetails", startedDetails);
        List<State.Graph> graphs = new ArrayList<>();
        inputs.forEach(x -> graphs.add(m.processor()));
        Fanout outcome = fanOut(graphs, inputs, limit, b, started, v.state.name());
        b.lane().last = outcome.lastEvent;
        if (outcome.failure != null) {
            emit(b.lane(), "MapStateFailed", null, null);
            throw outcome.failure;
        }
        emit(b.lane(), "MapStateSucceeded", null, null);
        return outcome.results;
    }

    private static final class Fanout {
        List<Object> results;
        StatesError failure;
        long lastEvent;
    }

    /**
     * Runs graphs concurrently on the worker pool under a child cancellation, at most {@code limit} at once (0: all).
     * {@code mapName} non-null adds the MapIteration* events. Waits for every started graph before returning, so no
     * branch outlives its state.
     */
    private Fanout fanOut(List<State.Graph> graphs, List<Object> inputs, int limit, Branch parent, long startedEvent,
                          String mapName) {
        Cancellation group = parent.cancel().child();
        Progress progress = new Progress(parent.cancel());
        AtomicReference<StatesError> firstFailure = new AtomicReference<>();
        Object[] results = new Object[graphs.size()];
        long[] lastEvents = new long[graphs.size()];
        int started = 0;
        try {
            for (int i = 0; i < graphs.size(); i++) {
                progress.startBranch(limit == 0 ? Integer.MAX_VALUE : limit);
                if (firstFailure.get() != null) {
                    progress.branchDone(); // the slot just taken is not used
                    started++;
                    break;
                }
                int index = i;
                group.expectWorker();
                started++;
                engine.workers().submit(() -> group.run(() -> {
                    try {
                        runChild(graphs.get(index), inputs.get(index), index, parent, group, startedEvent,
                                mapName, results, lastEvents, firstFailure);
                    } catch (Aborted ignored) {
                        // a sibling failed or the execution stopped; the failure or stop is reported elsewhere
                    } catch (RuntimeException e) { // boundary: a runner bug in one branch fails the state
                        firstFailure.compareAndSet(null, new StatesError("States.Runtime",
                                "A branch failed inside the local runner: " + e));
                        group.cancel();
                    } finally {
                        progress.branchDone();
                    }
                    return null;
                }));
            }
            progress.awaitFinished(started);
        } catch (Aborted e) {
            group.cancel();
            throw e;
        } finally {
            parent.cancel().release(group);
        }
        parent.cancel().check();
        Fanout out = new Fanout();
        out.failure = firstFailure.get();
        out.results = new ArrayList<>(Arrays.asList(results));
        out.lastEvent = Math.max(startedEvent, Arrays.stream(lastEvents).max().orElse(startedEvent));
        return out;
    }

    private void runChild(State.Graph graph, Object input, int index, Branch parent, Cancellation group,
                          long startedEvent, String mapName, Object[] results, long[] lastEvents,
                          AtomicReference<StatesError> firstFailure) {
        Lane lane = new Lane(startedEvent);
        Map<String, Object> iteration = mapName == null ? null : Map.of("name", mapName, "index", index);
        if (iteration != null) {
            emit(lane, "MapIterationStarted", "mapIterationStartedEventDetails", iteration);
        }
        try {
            results[index] = runGraph(graph, input, new Branch(group, lane, new Scope(parent.scope())));
            if (iteration != null) {
                emit(lane, "MapIterationSucceeded", "mapIterationSucceededEventDetails", iteration);
            }
        } catch (StatesError e) {
            if (firstFailure.compareAndSet(null, e)) {
                if (iteration != null) {
                    emit(lane, "MapIterationFailed", "mapIterationFailedEventDetails", iteration);
                }
                group.cancel();
            }
        } catch (Aborted e) {
            if (iteration != null && !parent.cancel().isCancelled()) {
                emit(lane, "MapIterationAborted", "mapIterationAbortedEventDetails", iteration);
            }
            throw e;
        } finally {
            lastEvents[index] = lane.last;
        }
    }

    // ---- Wait and Choice

    private void waitState(State.Wait w, Visit v, Map<String, Object> vars, Branch b) {
        Map<String, Object> states = states(v, null, null, null);
        Duration delay;
        if (w.seconds() != null) {
            Object s = evaluate(w.seconds(), states, vars, "Seconds");
            if (!(s instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new StatesError(QUERY_ERROR, "Seconds of Wait state '" + w.name()
                        + "' must be a non-negative integer, was " + Json.write(s), "Seconds");
            }
            delay = Duration.ofSeconds(n.longValue());
        } else {
            Object t = evaluate(w.timestamp(), states, vars, "Timestamp");
            Instant until;
            try {
                until = OffsetDateTime.parse(String.valueOf(t)).toInstant();
            } catch (DateTimeParseException e) {
                throw new StatesError(QUERY_ERROR, "Timestamp of Wait state '" + w.name()
                        + "' must be an ISO-8601 timestamp such as 2026-01-01T00:00:00Z, was " + Json.write(t),
                        "Timestamp");
            }
            delay = Duration.between(now(), until);
        }
        b.cancel().sleep(engine.clock(), delay);
    }

    /**
     * The first rule whose Condition is true wins. The state-level Assign applies whichever way the state goes and
     * a matching rule's own Assign adds to it (a rule's name wins over the state's); a rule's Output replaces the
     * state's. With no match the Default applies with the state's Assign/Output, and without a Default the state
     * fails with States.NoChoiceMatched ("Choice workflow state", Choice Rules (JSONata)).
     */
    private Step choice(State.Choice c, Visit v, Map<String, Object> vars, Branch b) {
        Map<String, Object> states = states(v, null, null, null);
        for (State.ChoiceRule rule : c.choices()) {
            Object matched = evaluate(rule.condition(), states, vars, "Condition");
            if (!(matched instanceof Boolean yes)) {
                throw new StatesError(QUERY_ERROR, "The Condition '" + rule.condition() + "' of Choice state '"
                        + c.name() + "' must evaluate to a boolean, got " + Json.write(matched), "Condition");
            }
            if (yes) {
                return finish(v, b, vars, null, false, rule.next(),
                        rule.output() != null ? rule.output() : c.output(), mergeAssign(c.assign(), rule.assign()));
            }
        }
        if (c.defaultNext() == null) {
            throw new StatesError("States.NoChoiceMatched", "No Choice Rule matched and no Default is specified "
                    + "in Choice state '" + c.name() + "'.");
        }
        return finish(v, b, vars, null, false, c.defaultNext(), c.output(), c.assign());
    }

    // ---- helpers

    /** Both Assign blocks as one template; every value is still evaluated against the pre-state variables. */
    private static Object mergeAssign(Object stateAssign, Object ruleAssign) {
        if (ruleAssign == null) {
            return stateAssign;
        }
        if (stateAssign == null || !(stateAssign instanceof Map<?, ?> outer) || !(ruleAssign instanceof Map<?, ?> inner)) {
            return ruleAssign;
        }
        Map<Object, Object> merged = new LinkedHashMap<>(outer);
        merged.putAll(inner);
        return merged;
    }

    /** {@code $states}: input, the context object, and result or errorOutput when the state has one. */
    private Map<String, Object> states(Visit v, Object[] result, Map<String, Object> errorOutput,
                                       Map<String, Object> mapContext) {
        Map<String, Object> states = new HashMap<>();
        states.put("input", v.input);
        states.put("context", context(v, mapContext));
        if (result != null) {
            states.put("result", result[0]);
        }
        if (errorOutput != null) {
            states.put("errorOutput", errorOutput);
        }
        return states;
    }

    /** The context object ("Accessing execution data from the Context object in Step Functions"). */
    private Map<String, Object> context(Visit v, Map<String, Object> mapContext) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("Id", execution.arn());
        exec.put("Input", execution.input());
        exec.put("Name", execution.name());
        exec.put("RoleArn", execution.roleArn());
        exec.put("StartTime", CONTEXT_TIME.format(execution.startDate()));
        exec.put("RedriveCount", 0);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("EnteredTime", CONTEXT_TIME.format(v.entered));
        state.put("Name", v.state.name());
        state.put("RetryCount", v.retryCount);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("Id", execution.stateMachineArn());
        machine.put("Name", execution.stateMachineName());
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("Execution", exec);
        ctx.put("State", state);
        ctx.put("StateMachine", machine);
        if (mapContext != null) {
            ctx.put("Map", mapContext);
        }
        return ctx;
    }

    private static Object evaluate(Object template, Map<String, Object> states, Map<String, Object> vars,
                                   String location) {
        try {
            return Expressions.resolve(template, states, vars);
        } catch (QueryEvaluationException e) {
            throw new StatesError(QUERY_ERROR, e.getMessage(), location);
        }
    }

    /**
     * A failed JSONata evaluation is recorded as an EvaluationFailed event naming the state and the field
     * (API reference, EvaluationFailedEventDetails), once, where it happened, before Retry/Catch decide.
     */
    private void reportEvaluationFailure(StatesError e, Visit v, Branch b) {
        if (e.location() != null && e.markReported()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("error", e.error());
            details.put("cause", e.cause());
            details.put("location", e.location());
            details.put("state", v.state.name());
            emit(b.lane(), "EvaluationFailed", "evaluationFailedEventDetails", details);
        }
    }

    private static void checkSize(String json, String what) {
        int size = Json.size(json);
        if (size > Json.MAX_PAYLOAD_BYTES) {
            throw new StatesError("States.DataLimitExceeded", "The size of " + what + " (" + size
                    + " bytes) exceeds the maximum of " + Json.MAX_PAYLOAD_BYTES + " bytes.");
        }
    }

    private long emit(Lane lane, String type, String detailsKey, Map<String, Object> details) {
        long id = execution.emit(now(), lane.last, type, detailsKey, details);
        if (id < 0) {
            throw new Aborted();
        }
        lane.last = id;
        return id;
    }

    private Instant now() {
        return engine.clock().now();
    }
}
