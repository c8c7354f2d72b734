package dev.lunora.local.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real time sped up {@code scale} times: simulated time starts at the real time of creation and then runs
 * {@code scale} simulated nanoseconds per real one. Scale 1 is plain wall-clock time.
 */
public final class ScaledClock implements LocalClock, AutoCloseable {

    private final double scale;
    private final Instant origin;
    private final long originNanos;
    private final ScheduledExecutorService timer;

    public ScaledClock(double scale) {
        this(scale, Instant.now());
    }

    /**
     * Starts simulated time at {@code origin} instead of now: a restarted local mode continues from where its
     * previous run's fast clock had got to, so times it stored (lock leases, sessions, histories) stay in its past.
     */
    public ScaledClock(double scale, Instant origin) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("time scale must be positive, was " + scale);
        }
        this.scale = scale;
        this.origin = origin;
        this.originNanos = System.nanoTime();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-clock");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Instant now() {
        long realElapsed = System.nanoTime() - originNanos;
        return origin.plusNanos((long) (realElapsed * scale));
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = timer.schedule(task, realNanos(delay), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        long nanos = realNanos(delay);
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public double scale() {
        return scale;
    }

    private long realNanos(Duration simulated) {
        return Math.max(0, (long) (simulated.toNanos() / scale));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
