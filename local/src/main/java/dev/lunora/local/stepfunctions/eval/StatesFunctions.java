package dev.lunora.local.stepfunctions.eval;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions Step Functions adds to JSONata ("Step Functions JSONata functions" in the developer guide):
 * {@code $partition}, {@code $range}, {@code $hash}, {@code $random}, {@code $uuid}, {@code $parse}.
 */
final class StatesFunctions {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private StatesFunctions() {
    }

    static void registerAll(Jsonata expr) {
        expr.registerFunction("partition", Jsonata.function("partition",
                (Jsonata.FnVarArgs<List<Object>>) args -> partition(args), null));
        expr.registerFunction("range", Jsonata.function("range",
                (Jsonata.FnVarArgs<List<Object>>) args -> range(args), null));
        expr.registerFunction("hash", Jsonata.function("hash",
                (Jsonata.FnVarArgs<String>) args -> hash(args), null));
        expr.registerFunction("random", Jsonata.function("random",
                (Jsonata.FnVarArgs<Double>) args -> random(args), null));
        expr.registerFunction("uuid", (Jsonata.Fn0<String>) () -> UUID.randomUUID().toString());
        expr.registerFunction("parse", Jsonata.function("parse",
                (Jsonata.FnVarArgs<Object>) args -> parse(args), null));
    }

    /** {@code $partition(array, chunkSize)}: the array cut into chunks of at most chunkSize items. */
    private static List<Object> partition(List<?> args) {
        List<?> array = asList(arg(args, 0, "$partition"));
        int size = positiveInt(arg(args, 1, "$partition"), "$partition chunk size");
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i += size) {
            out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
        }
        return out;
    }

    /** {@code $range(start, end, step)}: start to end inclusive, like the intrinsic States.ArrayRange. */
    private static List<Object> range(List<?> args) {
        long start = integer(arg(args, 0, "$range"), "$range start");
        long end = integer(arg(args, 1, "$range"), "$range end");
        long step = integer(arg(args, 2, "$range"), "$range step");
        if (step == 0) {
            throw new JException("$range step must not be 0", 0);
        }
        List<Object> out = new ArrayList<>();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            out.add(v);
            if (out.size() > 1000) {
                throw new JException("$range would produce more than 1000 items", 0);
            }
        }
        return out;
    }

    /** {@code $hash(data, algorithm)}: hex digest of the UTF-8 string. */
    private static String hash(List<?> args) {
        Object data = arg(args, 0, "$hash");
        String algorithm = args.size() > 1 && args.get(1) != null ? args.get(1).toString() : "SHA-256";
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw new JException("$hash algorithm must be one of " + HASH_ALGORITHMS + ", was " + algorithm, 0);
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm)
                    .digest(String.valueOf(data).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** {@code $random([seed])}: a float in [0, 1); the same seed gives the same number. */
    private static Double random(List<?> args) {
        if (!args.isEmpty() && args.get(0) != null) {
            return new Random(integer(args.get(0), "$random seed")).nextDouble();
        }
        return ThreadLocalRandom.current().nextDouble();
    }

    /** {@code $parse(jsonString)}: the JSON value the string holds. */
    private static Object parse(List<?> args) {
        Object text = arg(args, 0, "$parse");
        if (!(text instanceof String s)) {
            throw new JException("$parse expects a string", 0);
        }
        try {
            return MAPPER.readValue(s, Object.class);
        } catch (JsonProcessingException e) {
            throw new JException("$parse was given a string that is not JSON: " + e.getOriginalMessage(), 0);
        }
    }

    private static Object arg(List<?> args, int i, String fn) {
        if (args.size() <= i) {
            throw new JException(fn + " is missing argument " + (i + 1), 0);
        }
        return args.get(i);
    }

    private static List<?> asList(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        return o == null ? List.of() : List.of(o);
    }

    private static long integer(Object o, String what) {
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new JException(what + " must be an integer, was " + o, 0);
    }

    private static int positiveInt(Object o, String what) {
        long v = integer(o, what);
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new JException(what + " must be a positive integer, was " + o, 0);
        }
        return (int) v;
    }
}
