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
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Set<Runnable> sleepers = ConcurrentHashMap.newKeySet();
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
        // Wake sleepers here rather than leave it to the interrupted threads, so they count as busy again before
        // this call returns and a manual-clock driver never sees the execution idle with their timers pending.
        sleepers.forEach(Runnable::run);
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

    void markBusy() {
        busy.incrementAndGet();
    }

    void markIdle() {
        busy.decrementAndGet();
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
            // No check() here: the body always runs, so a branch always reports back to the state waiting for it;
            // the interpreter checks for cancellation before every state.
            return body.get();
        } finally {
            busy.decrementAndGet();
            threads.remove(me);
            // Do not leak an interrupt meant for this part into whatever the pool thread runs next.
            Thread.interrupted();
        }
    }

    /**
     * Waits {@code delay} of simulated time. The timer task itself marks the thread busy again (on the thread that
     * moves the clock), so the execution never looks idle between the timer firing and this thread running on.
     */
    void sleep(LocalClock clock, Duration delay) {
        check();
        if (delay.isNegative() || delay.isZero()) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(1);
        AtomicBoolean woken = new AtomicBoolean();
        Runnable wake = () -> {
            if (woken.compareAndSet(false, true)) {
                busy.incrementAndGet();
            }
            latch.countDown();
        };
        LocalClock.Scheduled timer = clock.schedule(delay, wake);
        sleepers.add(wake);
        busy.decrementAndGet();
        try {
            latch.await();
        } catch (InterruptedException e) {
            wake.run();
            throw new Aborted();
        } finally {
            sleepers.remove(wake);
            timer.cancel();
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
}
