package dev.lunora.local.stepfunctions.exec;

import dev.lunora.local.stepfunctions.asl.State;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDelayTest {

    private static State.Retrier retrier(double interval, double rate, Integer maxDelay, boolean full) {
        return new State.Retrier(List.of("States.ALL"), interval, 10, rate, maxDelay, full);
    }

    @Test
    void retryDelay_growsByBackoffRate_andIsCappedByMaxDelay() {
        State.Retrier r = retrier(3, 2, 20, false);
        assertThat(Interpreter.retryDelay(r, 0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Interpreter.retryDelay(r, 1)).isEqualTo(Duration.ofSeconds(6));
        assertThat(Interpreter.retryDelay(r, 2)).isEqualTo(Duration.ofSeconds(12));
        assertThat(Interpreter.retryDelay(r, 3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Interpreter.retryDelay(retrier(1, 1.5, null, false), 1)).isEqualTo(Duration.ofMillis(1500));
    }

    @RepeatedTest(20)
    void retryDelay_withFullJitter_isBetweenZeroAndTheBackoff() {
        assertThat(Interpreter.retryDelay(retrier(4, 2, null, true), 2))
                .isBetween(Duration.ZERO, Duration.ofSeconds(16));
    }

    @Test
    void firstMatch_statesAllSkipsTerminalErrors_taskFailedSkipsTimeout() {
        List<List<String>> all = List.of(List.of("States.ALL"));
        assertThat(Interpreter.firstMatch(all, "java.lang.RuntimeException")).isZero();
        assertThat(Interpreter.firstMatch(all, "States.DataLimitExceeded")).isEqualTo(-1);
        assertThat(Interpreter.firstMatch(all, "States.Runtime")).isEqualTo(-1);
        List<List<String>> taskFailed = List.of(List.of("States.TaskFailed"));
        assertThat(Interpreter.firstMatch(taskFailed, "States.Timeout")).isEqualTo(-1);
        assertThat(Interpreter.firstMatch(taskFailed, "Lambda.ServiceException")).isZero();
        assertThat(Interpreter.firstMatch(List.of(List.of("A", "B"), List.of("C")), "C")).isEqualTo(1);
    }
}
