package dev.lunora.local.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port local mode's page and API listen on, in front of the JDK HTTP server. That server rejects a request whose
 * target is not a URI ({@code /api/destinations/%zz}) with its own HTML page before any handler runs; this front reads
 * each request head first and answers such a request with the API's JSON 400, as the router does in AWS, and passes
 * every other request through unchanged.
 *
 * <p>One request per connection, {@code Connection: close} both ways: the front never has to find where a request or
 * a response ends, and no client reuses a connection the front is about to close.
 */
final class RequestTargetGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestTargetGuard.class);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern HOP_BY_HOP = Pattern.compile("(?i)^(connection|keep-alive|proxy-connection):.*$");

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-web-front");
        t.setDaemon(true);
        return t;
    });

    RequestTargetGuard(int port, InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        Thread acceptor = new Thread(this::acceptAll, "local-web-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("accept failed: {}", e.toString());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            client.setSoTimeout(30_000);
            InputStream fromClient = client.getInputStream();
            byte[][] headAndRest = readHead(fromClient);
            if (headAndRest == null) {
                answer(client, 431, "request_header_too_large", "The request head is larger than 64 KB.");
                return;
            }
            String head = new String(headAndRest[0], StandardCharsets.ISO_8859_1);
            String requestLine = head.substring(0, Math.max(0, head.indexOf("\r\n")));
            String refusal = refusal(requestLine);
            if (refusal != null) {
                answer(client, 400, refusal.startsWith("The path") ? "bad_path" : "bad_request", refusal);
                return;
            }
            client.setSoTimeout(0);
            pass(client, fromClient, closing(head), headAndRest[1]);
        } catch (IOException e) {
            LOG.debug("connection ended: {}", e.toString());
        }
    }

    /** Why the JDK server would refuse this request line with HTML, or null when it takes it. */
    static String refusal(String requestLine) {
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
            return "The request line is not 'METHOD target HTTP/version'.";
        }
        String target = parts[1];
        if (BAD_ESCAPE.matcher(target).find()) {
            return "The path holds a malformed percent-escape ('%' must be followed by two hex digits).";
        }
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            return "The path is not a valid URI: characters such as spaces, quotes or braces must be percent-escaped.";
        }
    }

    /** The head up to and including its blank line, and whatever of the body came with it; null when too large. */
    private static byte[][] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (head.size() <= MAX_HEAD_BYTES) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("closed before the request head ended");
            }
            head.write(buffer, 0, n);
            byte[] sofar = head.toByteArray();
            int end = indexOf(sofar, END_OF_HEAD);
            if (end >= 0) {
                int split = end + END_OF_HEAD.length;
                return new byte[][] {Arrays.copyOf(sofar, split), Arrays.copyOfRange(sofar, split, sofar.length)};
            }
        }
        return null;
    }

    /** The head with its hop-by-hop connection headers replaced by {@code Connection: close}. */
    static String closing(String head) {
        String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
        StringBuilder out = new StringBuilder(head.length() + 20);
        for (String line : lines) {
            if (!HOP_BY_HOP.matcher(line).matches()) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private void pass(Socket client, InputStream fromClient, String head, byte[] bodyStart) throws IOException {
        try (Socket server = new Socket()) {
            server.setTcpNoDelay(true);
            server.connect(upstream, 5_000);
            OutputStream toServer = server.getOutputStream();
            toServer.write(head.getBytes(StandardCharsets.ISO_8859_1));
            toServer.write(bodyStart);
            toServer.flush();
            connections.execute(() -> {
                try {
                    fromClient.transferTo(toServer);
                } catch (IOException ignored) {
                    // either side closed: the response decides when this connection ends
                }
            });
            InputStream fromServer = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            String responseHead;
            do { // interim 1xx answers (100 Continue) come before the real one
                byte[][] response = readHead(fromServer);
                if (response == null) {
                    throw new IOException("response head too large");
                }
                responseHead = new String(response[0], StandardCharsets.ISO_8859_1);
                toClient.write(closing(responseHead).getBytes(StandardCharsets.ISO_8859_1));
                toClient.write(response[1]);
                toClient.flush();
            } while (responseHead.startsWith("HTTP/1.1 1") && !responseHead.startsWith("HTTP/1.1 101"));
            fromServer.transferTo(toClient);
            toClient.flush();
        } catch (SocketException e) {
            LOG.debug("pass-through ended: {}", e.toString());
        }
    }

    private static void answer(Socket client, int status, String code, String message) throws IOException {
        String body = "{\"status\":\"error\",\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String reason = status == 431 ? "Request Header Fields Too Large" : "Bad Request";
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                + bytes.length + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        client.shutdownOutput();
        // Read what the client still sends before closing: closing with unread bytes resets the connection, and a reset
        // can discard the answer before the client reads it.
        client.setSoTimeout(1_000);
        try {
            client.getInputStream().readNBytes(1 << 20);
        } catch (IOException ignored) {
            // timed out or closed: the answer is out either way
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdownNow();
    }

}
