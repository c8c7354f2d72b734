package dev.lunora.local.media;

import dev.lunora.core.destination.StreamKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ffmpeg process kept running like a MediaLive RTMP output: a connection that fails is tried again every
 * {@code retryInterval}, up to {@code retries} times, then again after {@code restartDelay} (0: never); a
 * connection that drops after streaming is restarted after {@code restartDelay}. "Connected" means ffmpeg
 * reported progress, i.e. its output was opened and packets flow. The stream key in the command is masked in
 * everything this class logs or reports.
 */
final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    /** What the relay's owner hears; called on the relay's own thread. */
    interface Listener {
        void failed(String reason);

        void connected();
    }

    record Policy(Duration retryInterval, int retries, Duration restartDelay) {
    }

    private final String name;
    private final List<String> command;
    private final String secret;
    private final Policy policy;
    private final Listener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Process> process = new AtomicReference<>();
    private final Thread thread;

    /** @param secret the stream key in {@code command}, masked in every log line and reason (null: none) */
    Relay(String name, List<String> command, String secret, Policy policy, Listener listener) {
        this.name = name;
        this.command = List.copyOf(command);
        this.secret = secret;
        this.policy = policy;
        this.listener = listener;
        this.thread = new Thread(this::supervise, "relay-" + name);
        this.thread.setDaemon(true);
    }

    Relay start() {
        thread.start();
        return this;
    }

    /** Still watching its process: false once it gave up (restartDelay 0) or was closed. */
    boolean supervising() {
        return thread.isAlive();
    }

    Optional<ProcessHandle> process() {
        Process p = process.get();
        return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
    }

    private void supervise() {
        int failures = 0;
        while (!closed.get()) {
            AtomicBoolean connected = new AtomicBoolean();
            AtomicReference<String> lastError = new AtomicReference<>("");
            Process p;
            try {
                p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            } catch (IOException e) {
                LOG.atError().addKeyValue("relay", name).log("relay could not start ffmpeg: {}", e.getMessage());
                return;
            }
            process.set(p);
            if (closed.get()) {
                stop(p);
                return;
            }
            Thread progress = reader(p.getInputStream(), line -> {
                if (line.startsWith("progress=") && connected.compareAndSet(false, true)) {
                    LOG.atInfo().addKeyValue("relay", name).log("relay connected");
                    listener.connected();
                }
            });
            Thread errors = reader(p.getErrorStream(), line -> {
                String shown = masked(line);
                lastError.set(shown);
                LOG.atDebug().addKeyValue("relay", name).log("ffmpeg: {}", shown);
            });
            try {
                p.waitFor();
                progress.join(1000);
                errors.join(1000);
            } catch (InterruptedException e) {
                stop(p);
                Thread.currentThread().interrupt();
                return;
            }
            if (closed.get()) {
                return;
            }
            Duration pause;
            if (connected.get()) {
                failures = 0;
                LOG.atInfo().addKeyValue("relay", name).addKeyValue("exit", p.exitValue()).log("relay stream ended: {}", lastError.get());
                if (policy.restartDelay().isZero()) {
                    return;
                }
                pause = policy.restartDelay();
            } else {
                failures++;
                String reason = reason(lastError.get());
                LOG.atWarn().addKeyValue("relay", name).addKeyValue("attempt", failures).log("relay could not connect: {}", lastError.get());
                listener.failed(reason);
                if (failures > policy.retries()) {
                    if (policy.restartDelay().isZero()) {
                        return;
                    }
                    failures = 0;
                    pause = policy.restartDelay();
                } else {
                    pause = policy.retryInterval();
                }
            }
            try {
                Thread.sleep(Math.max(200, pause.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Words for the 6018 alert, from ffmpeg's last error line, never quoting the URL (it holds the key). */
    static String reason(String lastError) {
        if (lastError.contains("Connection refused") || lastError.contains("Cannot open connection")) {
            return "connection refused by the RTMP server";
        }
        if (lastError.contains("Input/output error") || lastError.contains("Server error")) {
            return "the RTMP server refused the stream (check the stream key)";
        }
        return "the connection to the RTMP server failed";
    }

    String masked(String text) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, StreamKeys.hint(secret));
    }

    private Thread reader(java.io.InputStream stream, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "relay-io-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Ends the process and anything it started, politely first. */
    static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        try {
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.set(true);
        thread.interrupt();
        Process p = process.get();
        if (p != null) {
            stop(p);
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
