package dev.lunora.local.web;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.edge.HttpExchanges;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Local stand-in for the Lambda Function URL and CloudFront: {@code /api/*} becomes the same payload-2.0
 * event the Function URL sends to the API handler; everything else is a file from {@code frontend/}.
 */
public final class LocalWebServer implements AutoCloseable {

    /** Requests larger than this are refused before the handler sees them, as the Function URL would (6 MB). */
    private static final int MAX_REQUEST_BYTES = 6 * 1024 * 1024;
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final HttpServer server;
    private final RequestTargetGuard front;
    private final ExecutorService executor;
    private final Path frontendDir;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api;
    private final Map<String, Object> configExtras;

    public LocalWebServer(int port, Path frontendDir, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api) throws IOException {
        this(port, frontendDir, api, Map.of());
    }

    /** @param configExtras members added to the page's {@code config.json} (e.g. media mode's input URL) */
    public LocalWebServer(int port, Path frontendDir, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
                          Map<String, Object> configExtras) throws IOException {
        this.frontendDir = frontendDir.toAbsolutePath().normalize();
        this.api = api;
        this.configExtras = Map.copyOf(configExtras);
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as in AwsEdge: no 40 ms delayed-ACK stall per reply
        // The server listens on a free loopback port behind the front, which takes the port the page is opened at.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "local-web");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/api/", this::serveApi);
        server.createContext("/", this::serveFile);
        server.start();
        try {
            front = new RequestTargetGuard(port, server.getAddress());
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + front.port() + "/");
    }

    /** Answers 421 and returns false unless the request's Host names loopback (see {@link LoopbackHost}). */
    private static boolean addressedToLoopback(HttpExchange exchange) throws IOException {
        if (LoopbackHost.names(exchange.getRequestHeaders().getFirst("Host"))) {
            return true;
        }
        try (InputStream in = exchange.getRequestBody()) {
            in.readNBytes(MAX_REQUEST_BYTES); // drain, so the refusal is read rather than a reset connection
        }
        HttpExchanges.sendJson(exchange, 421, "{\"status\":\"error\",\"error\":\"misdirected_request\",\"message\":"
                + "\"Local mode answers only requests to 127.0.0.1, localhost or [::1]; open the page at one of those addresses.\"}");
        return false;
    }

    private void serveApi(HttpExchange exchange) throws IOException {
        if (!addressedToLoopback(exchange)) {
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (body.length > MAX_REQUEST_BYTES) {
            HttpExchanges.sendJson(exchange, 413, "{\"status\":\"error\",\"error\":\"payload_too_large\",\"message\":\"The request is larger than 6 MB.\"}");
            return;
        }
        APIGatewayV2HTTPResponse response = api.handleRequest(toEvent(exchange, body), LocalLambdaContext.forInvocation("lunora-api"));
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        }
        // A binary body (a thumbnail) comes base64-encoded, as the Function URL receives it and decodes it for the client.
        byte[] out = response.getBody() == null ? new byte[0] : response.getIsBase64Encoded()
                ? java.util.Base64.getDecoder().decode(response.getBody()) : response.getBody().getBytes(StandardCharsets.UTF_8);
        HttpExchanges.send(exchange, response.getStatusCode(), null, out);
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        String method = exchange.getRequestMethod();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(uri.getRawPath())
                .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                // Base64, as a Function URL sends bodies it does not take for text: the handler gets the bytes as sent and
                // decodes them strictly, so invalid UTF-8 is refused rather than stored as U+FFFD.
                .withBody(body.length == 0 ? null : java.util.Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(uri.getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withRequestId(java.util.UUID.randomUUID().toString())
                        .build())
                .build();
    }


    /**
     * The file under the frontend folder a raw request path names, or null when there is none: an undecodable escape,
     * a NUL, a path outside the folder, or no such file. (Decoding or resolving such paths threw, and the exchange
     * closed without an answer; the hostile-input campaign found it.)
     */
    private Path staticFile(String rawPath) {
        String path;
        try {
            path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return null;
        }
        if (path.contains("\0")) {
            return null;
        }
        if (path.endsWith("/")) {
            path += "index.html";
        }
        Path file;
        try {
            file = frontendDir.resolve(path.substring(1)).normalize();
        } catch (java.nio.file.InvalidPathException notAPath) {
            return null;
        }
        return file.startsWith(frontendDir) && Files.isRegularFile(file) ? file : null;
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        if (!addressedToLoopback(exchange)) {
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            HttpExchanges.send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Path file = staticFile(exchange.getRequestURI().getRawPath());
        if (file == null) {
            HttpExchanges.send(exchange, 404, "text/plain; charset=utf-8", "Not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        var headers = exchange.getResponseHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        headers.set("Cache-Control", "no-cache");
        byte[] content = Files.readAllBytes(file);
        if (file.equals(frontendDir.resolve("config.json")) && !configExtras.isEmpty()) {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var config = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(content);
            config.setAll((com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(configExtras));
            content = mapper.writeValueAsBytes(config);
        }
        HttpExchanges.send(exchange, 200, CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"), content);
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

}
