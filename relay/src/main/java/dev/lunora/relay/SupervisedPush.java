package dev.lunora.relay;

import dev.lunora.core.destination.DeliveryStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One push kept running: at most one process at a time, tried again as its {@link RetryPolicy} says, killed and
 * restarted when no media flowed for {@code staleAfter}. "Live" once ffmpeg reports progress (its output opened, so
 * the platform accepted the publish). Serves the relay (one per destination) and local media mode (one per
 * MediaLive RTMP output, with {@link RetryPolicy.MediaLiveOutput}).
 *
 * <p>The listener hears every status the push passes through — connecting, live on every progress block (with the
 * bitrate), failing on every failed attempt — on the push's own threads; deduplicating is the listener's choice.
 * Nothing it hears or logs holds a secret of the {@link PushTarget}.
 */
public final class SupervisedPush implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedPush.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int ERROR_LINES_KEPT = 20;

    private final PushTarget target;
    private final ProcessRunner runner;
    private final RetryPolicy policy;
    private final Duration staleAfter;
    private final Clock clock;
    private final Consumer<DeliveryStatus> listener;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object lock = new Object();
    private PushProcess current;
    private boolean closed;
    private volatile DeliveryStatus status = DeliveryStatus.connecting();

    public SupervisedPush(PushTarget target, ProcessRunner runner, RetryPolicy policy, Duration staleAfter, Clock clock,
            Consumer<DeliveryStatus> listener) {
        this.target = target;
        this.runner = runner;
        this.policy = policy;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.listener = listener;
        this.thread = new Thread(this::supervise, "push-" + target.name());
        this.thread.setDaemon(true);
    }

    public SupervisedPush start() {
        thread.start();
        return this;
    }

    public PushTarget target() {
        return target;
    }

    public DeliveryStatus status() {
        return status;
    }

    /** Still watching its process: false once the policy gave up or the push was closed. */
    public boolean supervising() {
        return thread.isAlive();
    }

    /** The process running now, if it is a real one and alive. */
    public Optional<ProcessHandle> process() {
        synchronized (lock) {
            return current == null ? Optional.empty() : current.handle().filter(ProcessHandle::isAlive);
        }
    }

    private void supervise() {
        int failures = 0;
        report(DeliveryStatus.connecting());
        while (!closing()) {
            Attempt attempt = new Attempt();
            PushProcess process;
            try {
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    process = runner.start(target, attempt);
                    current = process;
                }
            } catch (IOException e) {
                LOG.atError().addKeyValue("push", target.name()).log("push could not start its process: {}", target.masked(e.getMessage()));
                attempt.cannotStart = true;
                process = null;
            }
            boolean stale = false;
            try {
                stale = process != null && watch(process, attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (process != null) {
                    process.stop();
                }
                synchronized (lock) {
                    current = null;
                }
                attempt.over = true;
            }
            if (closing()) {
                return;
            }
            Optional<Duration> pause;
            if (attempt.live != null) {
                failures = 0;
                LOG.atInfo().addKeyValue("push", target.name()).addKeyValue("stale", stale)
                        .log("push ended after streaming: {}", stale ? "no media flowed for " + staleAfter.toMillis() + " ms" : attempt.lastError());
                report(DeliveryStatus.connecting());
                pause = policy.afterDrop();
            } else {
                failures++;
                PushFailure failure = attempt.cannotStart ? PushFailure.CANNOT_START
                        : stale ? PushFailure.TIMED_OUT
                        : PushFailure.classify(attempt.errorLines(), target.sourceUrl());
                LOG.atWarn().addKeyValue("push", target.name()).addKeyValue("attempt", failures).addKeyValue("reason", failure.name())
                        .log("push could not connect: {}", attempt.lastError());
                report(DeliveryStatus.failing(failure.words()));
                pause = policy.afterFailure(failures);
            }
            if (pause.isEmpty()) {
                LOG.atInfo().addKeyValue("push", target.name()).log("push gave up, as its policy says");
                return;
            }
            try {
                if (closing.await(pause.get().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits for the process to end; true if it was killed for making no progress for {@code staleAfter}. */
    private boolean watch(PushProcess process, Attempt attempt) throws InterruptedException {
        while (!process.waitFor(POLL)) {
            if (closing()) {
                return false;
            }
            if (System.nanoTime() - attempt.lastProgressNanos > staleAfter.toNanos()) {
                LOG.atWarn().addKeyValue("push", target.name()).log("push made no progress for {} ms: restarting it", staleAfter.toMillis());
                return true;
            }
        }
        return false;
    }

    private boolean closing() {
        return closing.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    private void report(DeliveryStatus next) {
        status = next;
        listener.accept(next);
    }

    /** The output of one process: progress marks it live, the last error lines explain a failure. */
    private final class Attempt implements ProcessRunner.Output {
        private final Progress progress = new Progress();
        private final Deque<String> errors = new ArrayDeque<>();
        volatile long lastProgressNanos = System.nanoTime();
        volatile Instant live;
        volatile boolean cannotStart;
        volatile boolean over;
        private long lastTotalSize = -1;

        @Override
        public void progress(String line) {
            Progress.Block block = progress.accept(line);
            // A block after the supervisor judged the attempt, or ffmpeg's goodbye, would report live again.
            if (block == null || over || block.last()) {
                return;
            }
            // The first block means the output opened; after that only growing output counts as media flowing.
            if (live == null || block.totalSize() > lastTotalSize) {
                lastProgressNanos = System.nanoTime();
            }
            lastTotalSize = Math.max(lastTotalSize, block.totalSize());
            if (live == null) {
                live = clock.instant();
                LOG.atInfo().addKeyValue("push", target.name()).log("push live");
            }
            report(DeliveryStatus.live(live, block.bitrateKbps()));
        }

        @Override
        public void error(String line) {
            synchronized (errors) {
                errors.addLast(line);
                if (errors.size() > ERROR_LINES_KEPT) {
                    errors.removeFirst();
                }
            }
            LOG.atDebug().addKeyValue("push", target.name()).log("ffmpeg: {}", target.masked(line));
        }

        List<String> errorLines() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        String lastError() {
            List<String> lines = errorLines();
            return lines.isEmpty() ? "" : target.masked(lines.get(lines.size() - 1));
        }
    }

    /** Stops the process and the supervision; returns once the process is gone. */
    @Override
    public void close() {
        PushProcess process;
        synchronized (lock) {
            closed = true;
            process = current;
        }
        closing.countDown();
        if (process != null) {
            process.stop();
        }
        // No interrupt: the supervisor polls every 200 ms and wakes from its pause on the latch.
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
