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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops a running part of an execution: the whole execution (StopExecution, execution timeout) or the branches of
 * one Parallel/Map after a sibling failed. Threads working for a part register here; cancelling interrupts them and
 * every wait goes through this class, so a cancelled part unwinds at its next wait or check with {@link Aborted}.
 * No lock is held while waiting.
 *
 * <p>It also counts the execution's threads that are busy — neither waiting on the clock nor on their child
 * branches — so a test driving a manual clock can tell when the execution has nothing left to do but wait.
 */
final class Cancellation {

    private final Cancellation parent;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<Cancellation> children = new CopyOnWriteArrayList<>();
    private final AtomicInteger busy;
    private volatile boolean cancelled;

    Cancellation() {
        this(null, new AtomicInteger());
    }

    private Cancellation(Cancellation parent, AtomicInteger busy) {
        this.parent = parent;
        this.busy = busy;
    }

    Cancellation child() {
        Cancellation c = new Cancellation(this, busy);
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

    /**
     * Announces a thread that will {@link #run} for this execution, before it is handed to a pool, so the
     * execution never looks idle while work is queued.
     */
    void expectWorker() {
        busy.incrementAndGet();
    }

    /** True when every thread of the execution waits on the clock or on its branches. */
    boolean quiescent() {
        return busy.get() == 0;
    }

    /**
     * Runs {@code body} on the current thread as part of this scope, so {@link #cancel} can interrupt it. The
     * thread must have been announced with {@link #expectWorker}.
     */
    <T> T run(java.util.function.Supplier<T> body) {
        Thread me = Thread.currentThread();
        threads.add(me);
        try {
            check();
            return body.get();
        } finally {
            busy.decrementAndGet();
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
        busy.decrementAndGet();
        try {
            latch.await();
        } catch (InterruptedException e) {
            timer.cancel();
            throw new Aborted();
        } finally {
            busy.incrementAndGet();
        }
        check();
    }

    /** Waits for {@code future} (work in progress); its failure is the {@link ExecutionException}'s cause. */
    <T> T await(Future<T> future) throws ExecutionException {
        check();
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new Aborted();
        }
    }

    /** Waits for a child branch, which does the counting for itself meanwhile. */
    void join(Future<?> branch) throws ExecutionException {
        busy.decrementAndGet();
        try {
            await(branch);
        } finally {
            busy.incrementAndGet();
        }
    }

    /** Waits for a free Map slot, that is for a running iteration to finish. */
    void acquire(Semaphore slots) {
        check();
        busy.decrementAndGet();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            throw new Aborted();
        } finally {
            busy.incrementAndGet();
        }
    }
}
