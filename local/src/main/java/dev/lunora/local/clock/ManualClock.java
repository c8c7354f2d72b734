package dev.lunora.local.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock that moves only when a test calls {@link #advance}. Due tasks run on the advancing thread, in
 * time order; sleepers wake when time passes their deadline.
 */
public final class ManualClock implements LocalClock {

    private record Pending(Instant due, long seq, Runnable task) {
    }

    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(Comparator.comparing(Pending::due).thenComparingLong(Pending::seq));
    private Instant now;
    private long seq;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable task) {
        Pending p = new Pending(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        pending.add(p);
        return () -> {
            synchronized (ManualClock.this) {
                pending.remove(p);
            }
        };
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        Instant wake;
        synchronized (this) {
            wake = now.plus(delay);
            while (now.isBefore(wake)) {
                wait();
            }
        }
    }

    @Override
    public double scale() {
        return 1;
    }

    /** Moves time forward, running every task that falls due on the way (tasks may schedule more). */
    public void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.peek();
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    notifyAll();
                    return;
                }
                pending.poll();
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
                notifyAll();
            }
            next.task().run();
        }
    }

    /** Tasks not yet due, for assertions. */
    public synchronized List<Instant> pendingDueTimes() {
        List<Instant> out = new ArrayList<>();
        pending.forEach(p -> out.add(p.due()));
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
