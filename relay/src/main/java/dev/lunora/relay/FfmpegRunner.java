package dev.lunora.relay;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Real pushes: {@code ffmpeg -i <source> -c copy -f flv <target>}, progress on stdout once a second. The target URL
 * holds the stream key, so the key is in ffmpeg's argv (unavoidable: ffmpeg takes no key from a file); this class
 * never logs the command.
 */
public final class FfmpegRunner implements ProcessRunner {

    private final Path ffmpeg;

    public FfmpegRunner(Path ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    List<String> command(PushTarget target) {
        return List.of(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-progress", "pipe:1", "-stats_period", "1",
                "-i", target.sourceUrl(), "-c", "copy", "-f", "flv", target.targetUrl());
    }

    @Override
    public PushProcess start(PushTarget target, Output output) throws IOException {
        Process process = new ProcessBuilder(command(target)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Thread progress = pump(process.getInputStream(), output::progress, target.name());
        Thread errors = pump(process.getErrorStream(), output::error, target.name());
        return new FfmpegProcess(process, progress, errors);
    }

    private static Thread pump(InputStream stream, Consumer<String> onLine, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException ended) {
                // the process ended and took its pipe with it
            }
        }, "push-io-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Ends a process and anything it started: SIGTERM first (ffmpeg closes its output cleanly), then SIGKILL. */
    public static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        boolean interrupted = false;
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private record FfmpegProcess(Process process, Thread progress, Thread errors) implements PushProcess {

        @Override
        public boolean waitFor(Duration patience) throws InterruptedException {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            progress.join(1000);
            errors.join(1000);
            return true;
        }

        @Override
        public void stop() {
            FfmpegRunner.stop(process);
            try {
                progress.join(1000);
                errors.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Optional<ProcessHandle> handle() {
            return Optional.of(process.toHandle());
        }
    }
}
