package dev.lunora.local.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loopback endpoint for every local AWS stand-in, like a cloud edge: each request goes to the service
 * named in its SigV4 credential scope ({@code Credential=AKID/20260101/us-west-2/dynamodb/aws4_request}), so
 * any SDK or the AWS CLI can use a single {@code --endpoint-url}.
 */
public final class AwsEdge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsEdge.class);
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

    private final Map<String, HttpHandler> services = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    public AwsEdge(int port) throws IOException {
        // Every SDK call of every handler goes through here. The JDK server leaves Nagle on unless this is set
        // before the JVM's first server is created, and a keep-alive client then waits ~40 ms per reply for a
        // delayed ACK: a reconcile step of four calls took a quarter of a second instead of a few milliseconds.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Read once by java.net.http's connection pool: keep relayed connections shorter than Jetty's 30-s idle timeout.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // A thread per request in flight, not a fixed 16: a forwarded call blocks its thread until DynamoDB Local
        // answers, so with 16 busy clients every further request (and Lambda handlers' nested calls) queued unread
        // until its client gave up and closed mid-body ("connection closed before all data received"). Loopback only.
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aws-edge");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Routes requests signed for {@code signingName} (dynamodb, ssm, medialive, states) to {@code handler}. */
    public void register(String signingName, HttpHandler handler) {
        services.put(signingName, handler);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static Optional<String> signingService(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Matcher m = SCOPE.matcher(authorization);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        Optional<String> service = signingService(exchange.getRequestHeaders().getFirst("Authorization"));
        HttpHandler handler = service.map(services::get).orElse(null);
        if (handler == null) {
            String message = service.isEmpty()
                    ? "Request is not SigV4-signed; the local AWS edge routes by the signing service in the Authorization header."
                    : "Service '" + service.get() + "' is not served by local mode. Available: " + String.join(", ", services.keySet()) + ".";
            LOG.debug("edge refused {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), message);
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "UnknownOperationException");
            HttpExchanges.sendJson(exchange, 400, "{\"__type\":\"UnknownOperationException\",\"message\":" + HttpExchanges.quote(message) + "}");
            return;
        }
        try {
            handler.handle(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.warn("edge: {} failed on {} {}: {}", service.get(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
