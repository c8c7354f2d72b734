package dev.lunora.local.stepfunctions;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The local stand-in for Lambda: functions registered by name and found from whatever a state machine names them
 * with — a full function ARN {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}, a partial ARN
 * {@code ACCOUNT:function:NAME} or {@code function:NAME}, or a plain name (the forms Lambda's Invoke accepts).
 */
public final class LocalLambdas {

    private final ConcurrentMap<String, LocalFunction> functions = new ConcurrentHashMap<>();

    public LocalLambdas register(String functionName, LocalFunction fn) {
        functions.put(functionName(functionName), fn);
        return this;
    }

    public Optional<LocalFunction> find(String functionNameOrArn) {
        return Optional.ofNullable(functions.get(functionName(functionNameOrArn)));
    }

    /** The bare function name in any of the accepted forms; the qualifier (version or alias) is dropped. */
    public static String functionName(String nameOrArn) {
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:")) {
            // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
            return parts.length >= 7 ? parts[6] : nameOrArn;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("function")) {
                return parts[i + 1];
            }
        }
        // NAME or NAME:QUALIFIER
        return parts[0];
    }
}
