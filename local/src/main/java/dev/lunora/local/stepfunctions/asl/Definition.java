package dev.lunora.local.stepfunctions.asl;

/** A parsed, validated state machine definition. {@code timeoutSeconds} is null when the definition sets none. */
public record Definition(State.Graph root, Integer timeoutSeconds, String source) {
}
