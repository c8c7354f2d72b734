package dev.lunora.local.stepfunctions.exec;

import dev.lunora.local.clock.LocalClock;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Stops a running part of an execution: the whole execution (StopExecution, execution timeout) or the branches of
 * one Parallel/Map after a sibling failed. Threads working for a part register here; cancelling interrupts them and
 * every wait goes through this class, so a cancelled part unwinds at its next wait or check with {@link Aborted}.
 * No lock is held while waiting.
 */
final class Cancellation {

    private final Cancellation parent;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<Cancellation> children = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    Cancellation() {
        this(null);
    }

    private Cancellation(Cancellation parent) {
        this.parent = parent;
    }

    Cancellation child() {
        Cancellation c = new Cancellation(this);
        children.add(c);
        if (isCancelled()) {
            c.cancel();
        }
        return c;
    }

    /** Forgets a finished child, so a long execution that loops through Parallel or Map does not pile them up. */
    void release(Cancellation child) {
        children.remove(child);
    }

    void cancel() {
        cancelled = true;
        threads.forEach(Thread::interrupt);
        children.forEach(Cancellation::cancel);
    }

    boolean isCancelled() {
        return cancelled || (parent != null && parent.isCancelled());
    }

    void check() {
        if (isCancelled()) {
            throw new Aborted();
        }
    }

    /** Runs {@code body} on the current thread as part of this scope, so {@link #cancel} can interrupt it. */
    <T> T run(java.util.function.Supplier<T> body) {
        Thread me = Thread.currentThread();
        threads.add(me);
        try {
            check();
            return body.get();
        } finally {
            threads.remove(me);
            // Do not leak an interrupt meant for this part into whatever the pool thread runs next.
            Thread.interrupted();
        }
    }

    /** Waits {@code delay} of simulated time. */
    void sleep(LocalClock clock, Duration delay) {
        check();
        if (delay.isNegative() || delay.isZero()) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        LocalClock.Scheduled timer = clock.schedule(delay, latch::countDown);
        try {
            latch.await();
        } catch (InterruptedException e) {
            timer.cancel();
            throw new Aborted();
        }
        check();
    }

    /** Waits for {@code future}; its failure is rethrown as the {@link ExecutionException}'s cause. */
    <T> T await(Future<T> future) throws ExecutionException {
        check();
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new Aborted();
        }
    }
}
