package dev.lunora.local.stepfunctions.eval;

/** A JSONata expression failed at run time; the runner reports it as {@code States.QueryEvaluationError}. */
public final class QueryEvaluationException extends RuntimeException {

    public QueryEvaluationException(String message) {
        super(message);
    }
}
