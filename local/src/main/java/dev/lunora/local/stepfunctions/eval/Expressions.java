package dev.lunora.local.stepfunctions.eval;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSONata layer: recognises {@code {% %}} strings, evaluates them with {@code $states} and the workflow
 * variables bound, and turns results back into plain JSON-shaped Java values.
 *
 * <p>Step Functions evaluates a field value of the form {@code "{% expr %}"} as JSONata; any other string is a
 * literal, and inside JSON objects and arrays every such string is evaluated in place ("Transforming data with
 * JSONata in Step Functions"). An expression is parsed for every evaluation: {@code Jsonata} objects keep mutable
 * per-evaluation state, and parsing the short ASL expressions costs microseconds.
 */
public final class Expressions {

    private Expressions() {
    }

    /** True for a string that is a whole JSONata expression, {@code {% ... %}}. */
    public static boolean isExpression(Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        String t = s.strip();
        return t.startsWith("{%") && t.endsWith("%}") && t.length() >= 4;
    }

    /** The expression between the delimiters. */
    public static String body(String expression) {
        String t = expression.strip();
        return t.substring(2, t.length() - 2);
    }

    /** Parses {@code expression}; throws with JSONata's message when it is not valid JSONata. */
    public static void checkSyntax(String expression) {
        try {
            Jsonata.jsonata(body(expression));
        } catch (JException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Every {@code {% %}} string inside {@code template} (objects and arrays walked), for validation. */
    public static List<String> expressionsIn(Object template) {
        List<String> out = new ArrayList<>();
        collect(template, out);
        return out;
    }

    private static void collect(Object template, List<String> out) {
        if (isExpression(template)) {
            out.add((String) template);
        } else if (template instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (template instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    /**
     * Evaluates a field value: expressions are evaluated, objects and arrays are walked, anything else is returned
     * as is. {@code variables} are bound by name ({@code $name}), {@code states} as {@code $states}.
     */
    public static Object resolve(Object template, Map<String, Object> states, Map<String, Object> variables) {
        if (isExpression(template)) {
            return evaluate((String) template, states, variables);
        }
        if (template instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v = resolve(e.getValue(), states, variables);
                out.put((String) e.getKey(), v);
            }
            return out;
        }
        if (template instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object v : l) {
                out.add(resolve(v, states, variables));
            }
            return out;
        }
        return template;
    }

    /** Evaluates one {@code {% %}} expression. */
    public static Object evaluate(String expression, Map<String, Object> states, Map<String, Object> variables) {
        String src = body(expression);
        try {
            Jsonata expr = Jsonata.jsonata(src);
            Jsonata.Frame frame = expr.createFrame();
            variables.forEach(frame::bind);
            frame.bind("states", states);
            StatesFunctions.registerAll(expr);
            return toJson(expr.evaluate(null, frame));
        } catch (JException | IllegalArgumentException | ClassCastException | ArithmeticException e) {
            // dashjoin reports type errors as JException, but custom functions given the wrong types surface as
            // ClassCastException/IllegalArgumentException: all are evaluation errors of the expression.
            throw new QueryEvaluationException("An error occurred while evaluating the expression '" + src.strip()
                    + "': " + e.getMessage());
        }
    }

    /**
     * Converts a JSONata result to plain JSON values. Integral doubles become longs so that {@code 6/2} prints as
     * {@code 3}, as it does in JavaScript JSONata; JSONata's own list and null types become plain ones.
     */
    public static Object toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return null;
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new QueryEvaluationException("the expression produced a number JSON cannot represent: " + d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return d.longValue();
            }
            return d;
        }
        if (value instanceof Float f) {
            return toJson(f.doubleValue());
        }
        if (value instanceof BigDecimal b) {
            return toJson(b.doubleValue());
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(toJson(v)));
            return out;
        }
        throw new QueryEvaluationException("the expression produced a value that is not JSON ("
                + value.getClass().getSimpleName() + "), such as a function");
    }
}
