package dev.lunora.local.stepfunctions.exec;

import dev.lunora.local.clock.LocalClock;
import dev.lunora.local.stepfunctions.LocalLambdas;

import java.util.concurrent.ExecutorService;

/**
 * What every execution shares: the local clock, the functions, and the worker pool that runs Parallel branches,
 * Map iterations and function invocations (unbounded, so a branch never waits for a thread its parent holds).
 */
public record Engine(LocalClock clock, LocalLambdas lambdas, ExecutorService workers, String region,
                     String account) {
}
