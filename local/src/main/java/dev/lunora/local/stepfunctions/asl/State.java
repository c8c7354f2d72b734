package dev.lunora.local.stepfunctions.asl;

import java.util.List;

/**
 * One state of a JSONata state machine, as parsed. Fields that may hold JSONata keep their raw JSON value
 * ({@code Object}): a {@code "{% ... %}"} string, or any JSON value that may contain such strings. A {@code null}
 * {@code next} means the state ends its graph ({@code "End": true}).
 */
public sealed interface State {

    String name();

    /** The Type as written in the definition, used for history event names ("Task" gives TaskStateEntered). */
    String type();

    record Task(String name, String next, String resource, Object arguments, Object output, Object assign,
                List<Retrier> retry, List<Catcher> catchers, Object timeoutSeconds, Object heartbeatSeconds)
            implements State {
        @Override
        public String type() {
            return "Task";
        }
    }

    record Choice(String name, List<ChoiceRule> choices, String defaultNext, Object output, Object assign)
            implements State {
        @Override
        public String type() {
            return "Choice";
        }
    }

    record Wait(String name, String next, Object seconds, Object timestamp, Object output, Object assign)
            implements State {
        @Override
        public String type() {
            return "Wait";
        }
    }

    record Pass(String name, String next, Object output, Object assign) implements State {
        @Override
        public String type() {
            return "Pass";
        }
    }

    record Succeed(String name, Object output) implements State {
        @Override
        public String type() {
            return "Succeed";
        }
    }

    record Fail(String name, Object error, Object cause) implements State {
        @Override
        public String type() {
            return "Fail";
        }
    }

    record Parallel(String name, String next, List<Graph> branches, Object arguments, Object output, Object assign,
                    List<Retrier> retry, List<Catcher> catchers) implements State {
        @Override
        public String type() {
            return "Parallel";
        }
    }

    record Map(String name, String next, Object items, Object itemSelector, Graph processor, Object maxConcurrency,
               Object output, Object assign, List<Retrier> retry, List<Catcher> catchers) implements State {
        @Override
        public String type() {
            return "Map";
        }
    }

    /** One rule of a Choice state; in JSONata a rule may carry its own Output and Assign. */
    record ChoiceRule(String condition, String next, Object output, Object assign) {
    }

    /** A Retry entry. Defaults (1 s, 3 attempts, rate 2.0) are applied by the parser. */
    record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
    }

    record Catcher(List<String> errorEquals, String next, Object output, Object assign) {
    }

    /** StartAt plus States: the top level, a Parallel branch, or a Map ItemProcessor. */
    record Graph(String startAt, java.util.Map<String, State> states) {
    }
}
