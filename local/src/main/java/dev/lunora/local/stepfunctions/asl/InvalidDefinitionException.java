package dev.lunora.local.stepfunctions.asl;

/** The definition cannot run; the message names the problem and where it is, like the AWS InvalidDefinition. */
public final class InvalidDefinitionException extends RuntimeException {

    public InvalidDefinitionException(String message) {
        super(message);
    }
}
