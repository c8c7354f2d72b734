package dev.lunora.relay;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Pushes without media tools: no process, only the output ffmpeg would write. A target whose stream key the
 * {@link TestPlatform} refuses fails as ffmpeg fails when nginx-rtmp refuses a publish; any other goes live and
 * reports a plausible bitrate every {@code period} until stopped.
 */
public final class DryRunner implements ProcessRunner {

    /** Roughly a 720p30 program from MediaLive. */
    static final int BITRATE_KBPS = 4500;

    private final Duration period;

    public DryRunner() {
        this(Duration.ofSeconds(1));
    }

    DryRunner(Duration period) {
        this.period = period;
    }

    @Override
    public PushProcess start(PushTarget target, Output output) {
        DryProcess process = new DryProcess();
        Thread thread = new Thread(() -> {
            try {
                if (TestPlatform.refuses(streamKey(target.targetUrl()))) {
                    // What ffmpeg 5.1 prints when the server accepts the connection and refuses the publish.
                    output.error(target.targetUrl() + ": Input/output error");
                    return;
                }
                long bytes = 0;
                do {
                    bytes += BITRATE_KBPS * 1000L / 8 * Math.max(1, period.toMillis()) / 1000;
                    output.progress("total_size=" + bytes);
                    output.progress("bitrate=" + BITRATE_KBPS + ".0kbits/s");
                    output.progress("progress=continue");
                } while (!process.stopped.await(period.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                process.ended.countDown();
            }
        }, "dry-push-" + target.name());
        thread.setDaemon(true);
        thread.start();
        return process;
    }

    /** The last path segment of an RTMP URL, where MediaLive and ffmpeg put the stream key. */
    static String streamKey(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static final class DryProcess implements PushProcess {
        final CountDownLatch stopped = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public boolean waitFor(Duration patience) throws InterruptedException {
            return ended.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            stopped.countDown();
            try {
                ended.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Optional<ProcessHandle> handle() {
            return Optional.empty();
        }
    }
}
