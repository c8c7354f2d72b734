/**
 * The embedded Step Functions runner of local mode.
 *
 * <p>Public API: {@link dev.lunora.local.stepfunctions.LocalStepFunctions} (state machines, executions, the JSON API
 * as an {@code HttpHandler}, a standalone {@code main}), {@link dev.lunora.local.stepfunctions.LocalLambdas} and
 * {@link dev.lunora.local.stepfunctions.LocalFunction} (in-process Lambda by function name).
 * Sub-packages: {@code asl} parses and validates JSONata definitions, {@code eval} is the JSONata layer,
 * {@code exec} interprets executions and records their history.
 */
package dev.lunora.local.stepfunctions;
