package dev.lunora.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nginx with its RTMP module as a child process, with a generated config in a temp folder: {@code daemon off} and
 * {@code master_process off} so the one process is ours to stop, {@code access_log off} because stream names are
 * keys. The caller gives the {@code application} blocks; the relay's ingest and local media mode differ only there.
 */
public final class RtmpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);

    private final Path dir;
    private final int port;
    private final Process nginx;

    private RtmpServer(Path dir, int port, Process nginx) {
        this.dir = dir;
        this.port = port;
        this.nginx = nginx;
    }

    /**
     * Starts nginx listening on {@code host:port} (port 0: a free one) and returns once it accepts connections.
     *
     * @param applications nginx-rtmp {@code application} blocks, e.g. {@code application live { live on; }}
     */
    public static RtmpServer start(MediaTools tools, String host, int port, String applications) throws IOException {
        int listen = port != 0 ? port : freePort();
        Path dir = Files.createTempDirectory("lunora-rtmp-");
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(tools, dir, host, listen, applications));
        Process nginx = new ProcessBuilder(tools.nginx().toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        RtmpServer server = new RtmpServer(dir, listen, nginx);
        try {
            server.awaitListening(host, Duration.ofSeconds(10));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.atInfo().addKeyValue("rtmp_port", listen).log("RTMP server listening");
        return server;
    }

    static String config(MediaTools tools, Path dir, String host, int port, String applications) {
        return """
                load_module %s;
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s;
                error_log %s crit;
                events { worker_connections 256; }
                rtmp {
                  access_log off;
                  server {
                    listen %s:%d;
                    chunk_size 4096;
                    %s
                  }
                }
                """.formatted(tools.rtmpModule(), dir.resolve("nginx.pid"), dir.resolve("error.log"), host, port, applications);
    }

    public int port() {
        return port;
    }

    public ProcessHandle process() {
        return nginx.toHandle();
    }

    private void awaitListening(String host, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        InetAddress address = InetAddress.getByName(host.equals("0.0.0.0") ? "127.0.0.1" : host);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new IOException("nginx stopped at start: " + tail(dir.resolve("nginx.out")) + " " + tail(dir.resolve("error.log")));
            }
            try (Socket s = new Socket(address, port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while nginx started", e);
                }
            }
        }
        throw new IOException("nginx did not listen on " + host + ":" + port + " within " + patience.toSeconds() + " s");
    }

    private static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 500 ? text.substring(text.length() - 500) : text;
        } catch (IOException e) {
            return "";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops nginx, waits for it, and removes the temp folder. */
    @Override
    public void close() {
        FfmpegRunner.stop(nginx);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
