package dev.lunora.local.stepfunctions;

/**
 * An API error as Step Functions names it ({@code StateMachineDoesNotExist}, {@code InvalidDefinition},
 * {@code ExecutionAlreadyExists}, ...); the HTTP layer sends {@link #errorCode()} as {@code __type}.
 */
public final class StepFunctionsException extends RuntimeException {

    private final String errorCode;

    public StepFunctionsException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
