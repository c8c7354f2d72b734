package dev.lunora.local.stepfunctions.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.stepfunctions.eval.Expressions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates an Amazon States Language definition that uses JSONata. Every problem is reported as an
 * {@link InvalidDefinitionException} in the style of the AWS InvalidDefinition message
 * ({@code Invalid State Machine Definition: 'CODE: text at /States/Name/Field'}), so the offending state is named.
 *
 * <p>JSONPath definitions are refused: the runner exists to execute the project's JSONata workflows, and a
 * half-working JSONPath would hide mistakes rather than catch them.
 */
public final class DefinitionParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("Task", "Choice", "Wait", "Pass", "Succeed", "Fail", "Parallel",
            "Map");
    /** Fields that exist only in JSONPath states ("Transforming data with JSONata": JSONPath fields not allowed). */
    private static final Set<String> JSONPATH_FIELDS = Set.of("InputPath", "Parameters", "ResultSelector",
            "ResultPath", "OutputPath", "ItemsPath", "Result", "SecondsPath", "TimestampPath", "ErrorPath",
            "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "Iterator");
    private static final java.util.regex.Pattern VARIABLE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String LAMBDA_ARN_PREFIX = "arn:aws:lambda:";

    private DefinitionParser() {
    }

    public static Definition parse(String json) {
        Object tree;
        try {
            tree = MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw invalid("INVALID_JSON_DESCRIPTION", "the definition is not JSON: " + e.getOriginalMessage(), "");
        }
        if (!(tree instanceof Map<?, ?> root)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "the definition must be a JSON object", "");
        }
        Object ql = root.get("QueryLanguage");
        if (ql != null && !"JSONata".equals(ql) && !"JSONPath".equals(ql)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "QueryLanguage must be JSONata or JSONPath", "/QueryLanguage");
        }
        String language = ql == null ? "JSONPath" : (String) ql;
        Integer timeout = optionalInt(root.get("TimeoutSeconds"), "/TimeoutSeconds");
        State.Graph graph = graph(map(root), language, "");
        checkUniqueNames(graph, new HashSet<>());
        return new Definition(graph, timeout, json);
    }

    private static State.Graph graph(Map<String, Object> node, String language, String path) {
        Object startAt = node.get("StartAt");
        Object statesNode = node.get("States");
        if (!(startAt instanceof String start)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "Missing required field 'StartAt'", path + "/StartAt");
        }
        if (!(statesNode instanceof Map<?, ?> rawStates) || rawStates.isEmpty()) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "Missing required field 'States'", path + "/States");
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : rawStates.entrySet()) {
            String name = (String) e.getKey();
            String at = path + "/States/" + name;
            if (name.isEmpty() || name.length() > 80) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "State names must be 1 to 80 characters", at);
            }
            if (!(e.getValue() instanceof Map<?, ?>)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "A state must be a JSON object", at);
            }
            states.put(name, state(name, map(e.getValue()), language, at));
        }
        if (!states.containsKey(start)) {
            throw invalid("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + start, path + "/StartAt");
        }
        checkTransitions(states, path);
        checkReachable(start, states, path);
        return new State.Graph(start, states);
    }

    private static State state(String name, Map<String, Object> s, String inherited, String at) {
        Object type = s.get("Type");
        if (!(type instanceof String t)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "Missing required field 'Type'", at + "/Type");
        }
        if (!TYPES.contains(t)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "Unknown state type '" + t + "' in state '" + name + "'",
                    at + "/Type");
        }
        Object ql = s.get("QueryLanguage");
        String language = ql == null ? inherited : String.valueOf(ql);
        if (!"JSONata".equals(language)) {
            throw invalid("UNSUPPORTED_QUERY_LANGUAGE", "State '" + name + "' uses JSONPath; the local runner "
                    + "executes JSONata only. Set \"QueryLanguage\": \"JSONata\" at the top level or on the state",
                    at);
        }
        for (String f : JSONPATH_FIELDS) {
            if (s.containsKey(f)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "The field '" + f + "' is JSONPath-only and not supported "
                        + "when the query language is JSONata (state '" + name + "')", at + "/" + f);
            }
        }
        checkExpressions(s, name, at);
        checkAssign(s.get("Assign"), name, at + "/Assign");
        if (s.get("Choices") instanceof List<?> rules) {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i) instanceof Map<?, ?> rule) {
                    checkAssign(rule.get("Assign"), name, at + "/Choices/" + i + "/Assign");
                }
            }
        }
        if (s.get("Catch") instanceof List<?> catchers) {
            for (int i = 0; i < catchers.size(); i++) {
                if (catchers.get(i) instanceof Map<?, ?> c) {
                    checkAssign(c.get("Assign"), name, at + "/Catch/" + i + "/Assign");
                }
            }
        }
        String next = transition(name, t, s, at);
        return switch (t) {
            case "Task" -> task(name, next, s, at);
            case "Choice" -> choice(name, s, at);
            case "Wait" -> {
                if (s.containsKey("Seconds") == s.containsKey("Timestamp")) {
                    throw invalid("SCHEMA_VALIDATION_FAILED", "A Wait state needs exactly one of 'Seconds' or "
                            + "'Timestamp' (state '" + name + "')", at);
                }
                yield new State.Wait(name, next, s.get("Seconds"), s.get("Timestamp"), s.get("Output"),
                        s.get("Assign"));
            }
            case "Pass" -> new State.Pass(name, next, s.get("Output"), s.get("Assign"));
            case "Succeed" -> new State.Succeed(name, s.get("Output"));
            case "Fail" -> new State.Fail(name, s.get("Error"), s.get("Cause"));
            case "Parallel" -> parallel(name, next, s, language, at);
            case "Map" -> mapState(name, next, s, language, at);
            default -> throw new IllegalStateException(t);
        };
    }

    /** Next/End rules: terminal types have neither; Choice uses its rules; everything else exactly one. */
    private static String transition(String name, String type, Map<String, Object> s, String at) {
        boolean hasNext = s.containsKey("Next");
        boolean end = Boolean.TRUE.equals(s.get("End"));
        if (type.equals("Succeed") || type.equals("Fail") || type.equals("Choice")) {
            if (hasNext || s.containsKey("End")) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "A " + type + " state cannot have 'Next' or 'End' "
                        + "(state '" + name + "')", at);
            }
            return null;
        }
        if (hasNext && end) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "State '" + name + "' has both 'Next' and 'End'", at);
        }
        if (!hasNext && !end) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "State '" + name + "' needs 'Next' or \"End\": true", at);
        }
        if (hasNext && !(s.get("Next") instanceof String)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'Next' must be a state name", at + "/Next");
        }
        return hasNext ? (String) s.get("Next") : null;
    }

    private static State task(String name, String next, Map<String, Object> s, String at) {
        Object resource = s.get("Resource");
        if (!(resource instanceof String r)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "Missing required field 'Resource' (state '" + name + "')",
                    at + "/Resource");
        }
        if (!r.equals(LAMBDA_INVOKE) && !r.startsWith(LAMBDA_ARN_PREFIX)) {
            throw invalid("UNSUPPORTED_RESOURCE", "The local runner supports only " + LAMBDA_INVOKE
                    + " and Lambda function ARNs; state '" + name + "' uses " + r, at + "/Resource");
        }
        if (r.equals(LAMBDA_INVOKE)) {
            Object args = s.get("Arguments");
            boolean named = args instanceof Map<?, ?> a && a.get("FunctionName") instanceof String;
            if (!named && !Expressions.isExpression(args)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "A lambda:invoke Task needs 'Arguments' with a "
                        + "'FunctionName' (state '" + name + "')", at + "/Arguments");
            }
        }
        Object timeout = s.get("TimeoutSeconds");
        Object heartbeat = s.get("HeartbeatSeconds");
        if (timeout instanceof Number t && heartbeat instanceof Number h && h.longValue() >= t.longValue()) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "HeartbeatSeconds must be smaller than TimeoutSeconds "
                    + "(state '" + name + "')", at + "/HeartbeatSeconds");
        }
        positiveIfLiteral(timeout, at + "/TimeoutSeconds");
        positiveIfLiteral(heartbeat, at + "/HeartbeatSeconds");
        return new State.Task(name, next, r, s.get("Arguments"), s.get("Output"), s.get("Assign"),
                retriers(s.get("Retry"), at), catchers(s.get("Catch"), at), timeout, heartbeat);
    }

    private static State choice(String name, Map<String, Object> s, String at) {
        if (!(s.get("Choices") instanceof List<?> raw) || raw.isEmpty()) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "A Choice state needs a non-empty 'Choices' array "
                    + "(state '" + name + "')", at + "/Choices");
        }
        List<State.ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String ruleAt = at + "/Choices/" + i;
            Map<String, Object> r = map(raw.get(i));
            if (!(r.get("Condition") instanceof String c)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "A JSONata Choice rule needs a 'Condition' "
                        + "(state '" + name + "')", ruleAt + "/Condition");
            }
            if (!(r.get("Next") instanceof String n)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "A Choice rule needs 'Next' (state '" + name + "')",
                        ruleAt + "/Next");
            }
            rules.add(new State.ChoiceRule(c, n, r.get("Output"), r.get("Assign")));
        }
        Object def = s.get("Default");
        if (def != null && !(def instanceof String)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'Default' must be a state name", at + "/Default");
        }
        return new State.Choice(name, List.copyOf(rules), (String) def, s.get("Output"), s.get("Assign"));
    }

    private static State parallel(String name, String next, Map<String, Object> s, String language, String at) {
        if (!(s.get("Branches") instanceof List<?> raw) || raw.isEmpty()) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "A Parallel state needs a non-empty 'Branches' array "
                    + "(state '" + name + "')", at + "/Branches");
        }
        List<State.Graph> branches = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            branches.add(graph(map(raw.get(i)), language, at + "/Branches/" + i));
        }
        return new State.Parallel(name, next, List.copyOf(branches), s.get("Arguments"), s.get("Output"),
                s.get("Assign"), retriers(s.get("Retry"), at), catchers(s.get("Catch"), at));
    }

    private static State mapState(String name, String next, Map<String, Object> s, String language, String at) {
        if (!(s.get("ItemProcessor") instanceof Map<?, ?> raw)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "A Map state needs 'ItemProcessor' (state '" + name + "')",
                    at + "/ItemProcessor");
        }
        Map<String, Object> processor = map(raw);
        if (processor.get("ProcessorConfig") instanceof Map<?, ?> config
                && config.get("Mode") != null && !"INLINE".equals(config.get("Mode"))) {
            throw invalid("UNSUPPORTED_FEATURE", "The local runner supports only INLINE Map states; state '"
                    + name + "' uses " + config.get("Mode"), at + "/ItemProcessor/ProcessorConfig/Mode");
        }
        for (String distributed : List.of("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount",
                "ToleratedFailurePercentage", "Label")) {
            if (s.containsKey(distributed)) {
                throw invalid("UNSUPPORTED_FEATURE", "'" + distributed + "' belongs to the distributed Map, which "
                        + "the local runner does not support (state '" + name + "')", at + "/" + distributed);
            }
        }
        Object items = s.get("Items");
        if (items != null && !(items instanceof List<?>) && !Expressions.isExpression(items)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'Items' must be an array or a JSONata expression "
                    + "(state '" + name + "')", at + "/Items");
        }
        Object maxConcurrency = s.get("MaxConcurrency");
        if (maxConcurrency instanceof Number n && n.intValue() < 0) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "MaxConcurrency must not be negative", at + "/MaxConcurrency");
        }
        State.Graph graph = graph(processor, language, at + "/ItemProcessor");
        return new State.Map(name, next, items, s.get("ItemSelector"), graph, maxConcurrency, s.get("Output"),
                s.get("Assign"), retriers(s.get("Retry"), at), catchers(s.get("Catch"), at));
    }

    private static List<State.Retrier> retriers(Object raw, String at) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'Retry' must be an array", at + "/Retry");
        }
        List<State.Retrier> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String rAt = at + "/Retry/" + i;
            Map<String, Object> r = map(list.get(i));
            List<String> errors = errorEquals(r.get("ErrorEquals"), rAt, i == list.size() - 1);
            double interval = number(r.get("IntervalSeconds"), 1, rAt + "/IntervalSeconds");
            int maxAttempts = (int) number(r.get("MaxAttempts"), 3, rAt + "/MaxAttempts");
            double backoff = number(r.get("BackoffRate"), 2.0, rAt + "/BackoffRate");
            if (interval < 1 || maxAttempts < 0 || backoff < 1) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "IntervalSeconds must be at least 1, MaxAttempts at least "
                        + "0 and BackoffRate at least 1.0", rAt);
            }
            Integer maxDelay = optionalInt(r.get("MaxDelaySeconds"), rAt + "/MaxDelaySeconds");
            Object jitter = r.get("JitterStrategy");
            if (jitter != null && !"FULL".equals(jitter) && !"NONE".equals(jitter)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "JitterStrategy must be FULL or NONE",
                        rAt + "/JitterStrategy");
            }
            out.add(new State.Retrier(errors, interval, maxAttempts, backoff, maxDelay, "FULL".equals(jitter)));
        }
        return List.copyOf(out);
    }

    private static List<State.Catcher> catchers(Object raw, String at) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'Catch' must be an array", at + "/Catch");
        }
        List<State.Catcher> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String cAt = at + "/Catch/" + i;
            Map<String, Object> c = map(list.get(i));
            List<String> errors = errorEquals(c.get("ErrorEquals"), cAt, i == list.size() - 1);
            if (!(c.get("Next") instanceof String next)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "A Catcher needs 'Next'", cAt + "/Next");
            }
            for (String f : List.of("ResultPath")) {
                if (c.containsKey(f)) {
                    throw invalid("SCHEMA_VALIDATION_FAILED", "The field '" + f + "' is JSONPath-only", cAt + "/" + f);
                }
            }
            out.add(new State.Catcher(errors, next, c.get("Output"), c.get("Assign")));
        }
        return List.copyOf(out);
    }

    /** States.ALL must appear alone and in the last retrier or catcher ("Error handling": States.ALL). */
    private static List<String> errorEquals(Object raw, String at, boolean last) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'ErrorEquals' must be a non-empty array", at + "/ErrorEquals");
        }
        List<String> errors = new ArrayList<>();
        for (Object e : list) {
            if (!(e instanceof String s)) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "'ErrorEquals' holds error names", at + "/ErrorEquals");
            }
            errors.add(s);
        }
        if (errors.contains("States.ALL") && (errors.size() > 1 || !last)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone in the last ErrorEquals",
                    at + "/ErrorEquals");
        }
        return List.copyOf(errors);
    }

    /**
     * Assign keys are variable names: a letter or underscore, then letters, digits or underscores, at most 80
     * characters; {@code states} is reserved for {@code $states} ("Passing data between states with variables").
     */
    private static void checkAssign(Object assign, String name, String at) {
        if (assign == null) {
            return;
        }
        if (!(assign instanceof Map<?, ?> fields)) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "'Assign' must be a JSON object (state '" + name + "')", at);
        }
        for (Object key : fields.keySet()) {
            String k = (String) key;
            if (!VARIABLE_NAME.matcher(k).matches() || k.length() > 80 || k.equals("states")) {
                throw invalid("SCHEMA_VALIDATION_FAILED", "'" + k + "' is not a valid variable name (state '"
                        + name + "')", at);
            }
        }
    }

    /** Every {% %} string in the state must parse, so a typo fails at CreateStateMachine, not mid-execution. */
    private static void checkExpressions(Map<String, Object> s, String name, String at) {
        for (Map.Entry<String, Object> field : s.entrySet()) {
            if (field.getKey().equals("Branches") || field.getKey().equals("ItemProcessor")) {
                continue;
            }
            for (String expr : Expressions.expressionsIn(field.getValue())) {
                try {
                    Expressions.checkSyntax(expr);
                } catch (IllegalArgumentException e) {
                    throw invalid("SCHEMA_VALIDATION_FAILED", "The JSONata expression '" + expr + "' in state '"
                            + name + "' does not parse: " + e.getMessage(), at + "/" + field.getKey());
                }
            }
        }
    }

    /** State names must be unique in the whole state machine, branches included ("Workflow states"). */
    private static void checkUniqueNames(State.Graph graph, Set<String> seen) {
        for (State s : graph.states().values()) {
            if (!seen.add(s.name())) {
                throw invalid("DUPLICATE_STATE_NAME", "Duplicate State name: " + s.name()
                        + " (state names must be unique in the whole state machine, branches included)", "");
            }
            if (s instanceof State.Parallel p) {
                p.branches().forEach(b -> checkUniqueNames(b, seen));
            } else if (s instanceof State.Map m) {
                checkUniqueNames(m.processor(), seen);
            }
        }
    }

    private static void checkTransitions(Map<String, State> states, String path) {
        for (State s : states.values()) {
            String at = path + "/States/" + s.name();
            for (Map.Entry<String, String> t : targets(s).entrySet()) {
                if (!states.containsKey(t.getValue())) {
                    throw invalid("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + t.getValue()
                            + " (state '" + s.name() + "')", at + t.getKey());
                }
            }
        }
    }

    private static void checkReachable(String start, Map<String, State> states, String path) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(targets(states.get(n)).values());
            }
        }
        for (String name : states.keySet()) {
            if (!seen.contains(name)) {
                throw invalid("UNREACHABLE_STATE", "State '" + name + "' is not reachable", path + "/States/" + name);
            }
        }
    }

    /** Transition targets of a state, keyed by the field path they came from. */
    private static Map<String, String> targets(State s) {
        Map<String, String> out = new LinkedHashMap<>();
        // Java 17: no pattern matching in switch yet, so an instanceof chain.
        if (s instanceof State.Task t) {
            putNext(out, t.next());
            addCatchers(out, t.catchers());
        } else if (s instanceof State.Parallel p) {
            putNext(out, p.next());
            addCatchers(out, p.catchers());
        } else if (s instanceof State.Map m) {
            putNext(out, m.next());
            addCatchers(out, m.catchers());
        } else if (s instanceof State.Wait w) {
            putNext(out, w.next());
        } else if (s instanceof State.Pass p) {
            putNext(out, p.next());
        } else if (s instanceof State.Choice c) {
            for (int i = 0; i < c.choices().size(); i++) {
                out.put("/Choices/" + i + "/Next", c.choices().get(i).next());
            }
            if (c.defaultNext() != null) {
                out.put("/Default", c.defaultNext());
            }
        }
        return out;
    }

    private static void putNext(Map<String, String> out, String next) {
        if (next != null) {
            out.put("/Next", next);
        }
    }

    private static void addCatchers(Map<String, String> out, List<State.Catcher> catchers) {
        for (int i = 0; i < catchers.size(); i++) {
            out.put("/Catch/" + i + "/Next", catchers.get(i).next());
        }
    }

    private static void positiveIfLiteral(Object value, String at) {
        if (value != null && !Expressions.isExpression(value)
                && !(value instanceof Number n && n.longValue() > 0 && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw invalid("SCHEMA_VALIDATION_FAILED", "must be a positive integer or a JSONata expression", at);
        }
    }

    private static double number(Object value, double dflt, String at) {
        if (value == null) {
            return dflt;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw invalid("SCHEMA_VALIDATION_FAILED", "must be a number", at);
    }

    private static Integer optionalInt(Object value, String at) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() > 0) {
            return n.intValue();
        }
        throw invalid("SCHEMA_VALIDATION_FAILED", "must be a positive integer", at);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw invalid("SCHEMA_VALIDATION_FAILED", "expected a JSON object", "");
    }

    private static InvalidDefinitionException invalid(String code, String text, String at) {
        return new InvalidDefinitionException("Invalid State Machine Definition: '" + code + ": " + text
                + (at.isEmpty() ? "" : " at " + at) + "'");
    }
}
