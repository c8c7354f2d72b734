package dev.lunora.local.stepfunctions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.clock.ManualClock;
import dev.lunora.local.clock.ScaledClock;
import dev.lunora.local.stepfunctions.exec.HistoryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java API: Lambda error shape, concurrency, StopExecution of running work, real scaled time. */
class LocalStepFunctionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ManualClock clock = new ManualClock();
    private LocalStepFunctions sfn;

    @AfterEach
    void close() {
        if (sfn != null) {
            sfn.close();
        }
    }

    private static String invoke(String function) {
        return """
                {"QueryLanguage": "JSONata", "StartAt": "Call",
                 "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": {"FunctionName": "%s", "Payload": "{%% $states.input %%}"},
                   "Output": "{%% $states.result.Payload %%}", "End": true}}}""".formatted(function);
    }

    private static final String WAIT_10 = """
            {"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}""";

    static final class ChannelBusyException extends RuntimeException {
        ChannelBusyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void taskError_isTheJavaLambdaErrorDocument() throws Exception {
        LocalLambdas lambdas = new LocalLambdas().register("busy", payload -> {
            throw new ChannelBusyException("channel 42 is busy", new IllegalArgumentException("state RUNNING"));
        });
        sfn = LocalStepFunctions.create(clock, lambdas);
        String arn = sfn.startExecution(sfn.createStateMachine("busy", invoke("busy")), "x", "{}");
        ExecutionOutcome outcome = sfn.awaitExecution(arn, Duration.ofSeconds(10));

        assertThat(outcome.error()).isEqualTo(ChannelBusyException.class.getName());
        @SuppressWarnings("unchecked")
        Map<String, Object> cause = MAPPER.readValue(outcome.cause(), Map.class);
        assertThat(cause).containsOnlyKeys("errorMessage", "errorType", "stackTrace", "cause");
        assertThat(cause.get("errorMessage")).isEqualTo("channel 42 is busy");
        assertThat(cause.get("errorType"))
                .isEqualTo("dev.lunora.local.stepfunctions.LocalStepFunctionsTest$ChannelBusyException");
        assertThat((List<?>) cause.get("stackTrace")).first().asString()
                .startsWith("dev.lunora.local.stepfunctions.LocalStepFunctionsTest.lambda$")
                .contains("(LocalStepFunctionsTest.java:");
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) cause.get("cause");
        assertThat(nested).containsEntry("errorMessage", "state RUNNING")
                .containsEntry("errorType", "java.lang.IllegalArgumentException");
        HistoryEvent failed = sfn.history(arn).stream().filter(e -> e.type().equals("TaskFailed")).findFirst()
                .orElseThrow();
        assertThat(failed.details()).containsEntry("error", outcome.error()).containsEntry("cause", outcome.cause())
                .containsEntry("resourceType", "lambda").containsEntry("resource", "invoke");
    }

    @Test
    void executions_runConcurrently_onABoundedPool() throws Exception {
        sfn = new LocalStepFunctions(clock, new LocalLambdas(), "eu-west-1", "123456789012", 2);
        String sm = sfn.createStateMachine("waits", WAIT_10);
        assertThat(sm).isEqualTo("arn:aws:states:eu-west-1:123456789012:stateMachine:waits");
        String a = sfn.startExecution(sm, "a", null);
        String b = sfn.startExecution(sm, "b", null);
        String c = sfn.startExecution(sm, "c", null);
        awaitTimers(2);
        assertThat(sfn.history(c)).as("queued: started but not yet running a state")
                .extracting(HistoryEvent::type).containsExactly("ExecutionStarted");
        clock.advance(Duration.ofSeconds(10));
        assertThat(sfn.awaitExecution(a, Duration.ofSeconds(5)).status()).isEqualTo("SUCCEEDED");
        assertThat(sfn.awaitExecution(b, Duration.ofSeconds(5)).status()).isEqualTo("SUCCEEDED");
        awaitTimers(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(sfn.awaitExecution(c, Duration.ofSeconds(5)).status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void stopExecution_interruptsARunningTask() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        LocalLambdas lambdas = new LocalLambdas().register("block", payload -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        });
        sfn = LocalStepFunctions.create(clock, lambdas);
        String arn = sfn.startExecution(sfn.createStateMachine("block", invoke("block")), "x", "{}");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        sfn.stopExecution(arn, null, null);
        assertThat(sfn.describeExecution(arn).status()).isEqualTo("ABORTED");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the function thread is interrupted").isTrue();
        assertThat(sfn.history(arn)).extracting(HistoryEvent::type).endsWith("TaskStarted", "ExecutionAborted");
    }

    @Test
    void parallelFailure_stopsTheOtherBranches() throws Exception {
        sfn = LocalStepFunctions.create(clock, new LocalLambdas());
        String def = """
                {"QueryLanguage": "JSONata", "StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
                  "Branches": [
                    {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 3600, "End": true}}},
                    {"StartAt": "Later", "States": {"Later": {"Type": "Wait", "Seconds": 5, "Next": "Boom"},
                                                     "Boom": {"Type": "Fail", "Error": "E", "Cause": "c"}}}]}}}""";
        String arn = sfn.startExecution(sfn.createStateMachine("par", def), "x", null);
        awaitTimers(2);
        clock.advance(Duration.ofSeconds(5));
        ExecutionOutcome o = sfn.awaitExecution(arn, Duration.ofSeconds(5));
        assertThat(o.status()).isEqualTo("FAILED");
        assertThat(o.error()).isEqualTo("E");
        awaitTimers(0);
        List<String> types = sfn.history(arn).stream().map(HistoryEvent::type).toList();
        assertThat(types).endsWith("FailStateEntered", "ParallelStateFailed", "ExecutionFailed");
    }

    @Test
    void mapIterations_chainPreviousEventIdsPerIteration() throws Exception {
        sfn = LocalStepFunctions.create(clock, new LocalLambdas());
        String def = """
                {"QueryLanguage": "JSONata", "StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""";
        String arn = sfn.startExecution(sfn.createStateMachine("map", def), "x", "[1, 2]");
        assertThat(sfn.awaitExecution(arn, Duration.ofSeconds(5)).status()).isEqualTo("SUCCEEDED");
        List<HistoryEvent> h = sfn.history(arn);
        HistoryEvent mapStarted = h.stream().filter(e -> e.type().equals("MapStateStarted")).findFirst().orElseThrow();
        assertThat(mapStarted.details()).containsEntry("length", 2);
        List<HistoryEvent> iterations = h.stream().filter(e -> e.type().equals("MapIterationStarted")).toList();
        assertThat(iterations).hasSize(2).allSatisfy(e -> assertThat(e.previousEventId()).isEqualTo(mapStarted.id()));
        assertThat(iterations).extracting(e -> e.details().get("index")).containsExactlyInAnyOrder(0, 1);
        for (HistoryEvent e : h) {
            if (e.type().equals("PassStateEntered")) {
                HistoryEvent prev = h.get((int) e.previousEventId() - 1);
                assertThat(prev.type()).isEqualTo("MapIterationStarted");
            }
        }
    }

    @Test
    void manyConcurrentIterations_evaluateJsonataIndependently() throws Exception {
        sfn = LocalStepFunctions.create(clock, TestFunctions.registry());
        String def = """
                {"QueryLanguage": "JSONata", "StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "Call", "States": {
                    "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                             "Arguments": {"FunctionName": "double", "Payload": {"n": "{% $states.input %}"}},
                             "Assign": {"mine": "{% $states.input %}"},
                             "Output": "{% $states.result.Payload %}", "Next": "Check"},
                    "Check": {"Type": "Pass", "Output": "{% $states.input = $mine * 2 ? $mine * 3 : -1 %}",
                              "End": true}}}}}}""";
        List<Integer> items = java.util.stream.IntStream.range(0, 200).boxed().toList();
        String arn = sfn.startExecution(sfn.createStateMachine("many", def), "x", MAPPER.writeValueAsString(items));
        ExecutionOutcome o = sfn.awaitExecution(arn, Duration.ofSeconds(20));
        assertThat(o.status()).isEqualTo("SUCCEEDED");
        assertThat(MAPPER.readValue(o.output(), List.class))
                .isEqualTo(items.stream().map(i -> i * 3).toList());
    }

    @Test
    void scaledClock_makesLongWaitsShort() throws Exception {
        try (ScaledClock fast = new ScaledClock(600)) {
            sfn = LocalStepFunctions.create(fast, new LocalLambdas());
            String def = """
                    {"QueryLanguage": "JSONata", "StartAt": "W",
                     "States": {"W": {"Type": "Wait", "Seconds": 120, "End": true}}}""";
            long t0 = System.nanoTime();
            String arn = sfn.startExecution(sfn.createStateMachine("fast", def), null, null);
            assertThat(sfn.awaitExecution(arn, Duration.ofSeconds(5)).status()).isEqualTo("SUCCEEDED");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void evaluationFailed_namesStateAndField() throws Exception {
        sfn = LocalStepFunctions.create(clock, new LocalLambdas());
        String def = """
                {"QueryLanguage": "JSONata", "StartAt": "Decide", "States": {"Decide": {"Type": "Choice",
                  "Choices": [{"Condition": "{% $states.input.n > 'x' %}", "Next": "Done"}], "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}""";
        String arn = sfn.startExecution(sfn.createStateMachine("eval", def), "x", "{\"n\": 1}");
        assertThat(sfn.awaitExecution(arn, Duration.ofSeconds(5)).error()).isEqualTo("States.QueryEvaluationError");
        HistoryEvent failed = sfn.history(arn).stream().filter(e -> e.type().equals("EvaluationFailed"))
                .findFirst().orElseThrow();
        assertThat(failed.detailsKey()).isEqualTo("evaluationFailedEventDetails");
        assertThat(failed.details()).containsEntry("state", "Decide").containsEntry("location", "Condition")
                .containsEntry("error", "States.QueryEvaluationError");
    }

    @Test
    void executionInput_mustBeJson() {
        sfn = LocalStepFunctions.create(clock, new LocalLambdas());
        String sm = sfn.createStateMachine("in", WAIT_10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sfn.startExecution(sm, "x", "{not json"))
                .isInstanceOf(StepFunctionsException.class)
                .extracting(e -> ((StepFunctionsException) e).errorCode()).isEqualTo("InvalidExecutionInput");
    }

    private void awaitTimers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (clock.pendingDueTimes().size() != n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(clock.pendingDueTimes()).hasSize(n);
    }
}
