package dev.lunora.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's ingest: nginx-rtmp with one application, {@code <app>}, where MediaLive publishes the program as
 * {@code <app>/<secret>}. nginx asks this JVM on every publish ({@code on_publish}); only the secret is accepted,
 * so a stranger who finds the open RTMP port cannot push into the fan-out. Only loopback may play: the pushes.
 */
public final class RelayIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayIngest.class);

    private final HttpServer callbacks;
    private final RtmpServer rtmp;
    private final String app;
    private final String secret;
    private final AtomicBoolean publishing;

    private RelayIngest(HttpServer callbacks, RtmpServer rtmp, String app, String secret, AtomicBoolean publishing) {
        this.callbacks = callbacks;
        this.rtmp = rtmp;
        this.app = app;
        this.secret = secret;
        this.publishing = publishing;
    }

    /** @param host where MediaLive reaches the ingest: 0.0.0.0 in the cloud, 127.0.0.1 locally */
    public static RelayIngest start(MediaTools tools, String host, int port, String app, String secret) throws IOException {
        if (!app.matches("[A-Za-z0-9_-]+") || !secret.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("the ingest app and secret may hold only letters, digits, '-', '_' (and '.' in the secret)");
        }
        AtomicBoolean publishing = new AtomicBoolean();
        HttpServer callbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        callbacks.createContext("/", exchange -> answer(exchange, secret, publishing));
        callbacks.start();
        try {
            String cb = "http://127.0.0.1:" + callbacks.getAddress().getPort();
            String application = "application %s { live on; on_publish %s/publish; on_publish_done %s/done; allow play 127.0.0.1; deny play all; }"
                    .formatted(app, cb, cb);
            return new RelayIngest(callbacks, RtmpServer.start(tools, host, port, application), app, secret, publishing);
        } catch (IOException | RuntimeException e) {
            callbacks.stop(0);
            throw e;
        }
    }

    private static void answer(HttpExchange exchange, String secret, AtomicBoolean publishing) throws IOException {
        try (exchange) {
            String name = "";
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("name=")) {
                    name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
            boolean known = MessageDigest.isEqual(name.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/publish" -> {
                    if (known) {
                        publishing.set(true);
                        LOG.info("ingest: the program is being published");
                    } else {
                        LOG.warn("ingest: refused a publish with an unknown stream name");
                    }
                    yield known ? 200 : 403;
                }
                case "/done" -> {
                    if (known) {
                        publishing.set(false);
                        LOG.info("ingest: the program stopped");
                    }
                    yield 200;
                }
                default -> 404;
            };
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Where the pushes read: always loopback, whatever address MediaLive uses. */
    public String programUrl() {
        return "rtmp://127.0.0.1:" + rtmp.port() + "/" + app + "/" + secret;
    }

    public int port() {
        return rtmp.port();
    }

    /** Whether the program is being published now. */
    public boolean publishing() {
        return publishing.get();
    }

    @Override
    public void close() {
        rtmp.close();
        callbacks.stop(0);
    }
}
