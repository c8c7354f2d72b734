package dev.lunora.local.stepfunctions;

/**
 * Where an execution stands: status is RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED; output is the JSON
 * text of a succeeded execution; error and cause describe the others.
 */
public record ExecutionOutcome(String executionArn, String status, String output, String error, String cause) {
}
