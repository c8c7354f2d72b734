package dev.lunora.aws.rtmp;

import dev.lunora.core.ports.ConnectionProbe;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The RTMP connection test: resolve the host, open TCP (TLS for rtmps), perform the RTMP handshake (C0/C1 → S0/S1/S2 →
 * C2, Adobe's RTMP specification §5.2) and send the {@code connect} command for the URL's application (§7.2.1.1), then
 * read the server's {@code _result} or {@code _error}. It never creates or publishes a stream, so the stream key is
 * never sent; the whole test is bounded by one deadline.
 */
public final class RtmpProbe implements ConnectionProbe {

    private static final int HANDSHAKE_SIZE = 1536;
    private static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int COMMAND_AMF0 = 0x14;
    private static final int SET_CHUNK_SIZE = 0x01;

    private final Duration timeout;

    public RtmpProbe(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Result probe(String rtmpUrl) {
        URI uri;
        try {
            uri = new URI(rtmpUrl);
        } catch (URISyntaxException e) {
            return new Result("handshake", null, "The URL is not a valid RTMP URL.");
        }
        boolean tls = "rtmps".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 1935;
        String app = application(uri);
        long deadline = System.nanoTime() + timeout.toNanos();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return new Result("dns", null, "The server name " + host + " could not be resolved. Check the URL.");
        }
        long connectStarted = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
            long latencyMs = Duration.ofNanos(System.nanoTime() - connectStarted).toMillis();
            Socket channel = socket;
            if (tls) {
                SSLSocket secured = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                secured.setSoTimeout(remainingMillis(deadline));
                try {
                    secured.startHandshake();
                } catch (SSLException e) {
                    return new Result("tls", latencyMs, "The server at " + host + ":" + port + " answered, but the TLS handshake failed"
                            + " (" + e.getClass().getSimpleName() + "). Check that the URL uses rtmps:// only where the platform serves TLS.");
                }
                channel = secured;
            }
            channel.setSoTimeout(remainingMillis(deadline));
            return converse(channel, host, port, app, latencyMs, deadline);
        } catch (ConnectException e) {
            return new Result("refused", null, "The server " + host + ":" + port + " refused the connection. Check the host and port.");
        } catch (SocketTimeoutException e) {
            return new Result("timeout", null, "The server " + host + ":" + port + " did not answer within " + timeout.toSeconds() + " s.");
        } catch (IOException e) {
            return new Result("refused", null, "Could not connect to " + host + ":" + port + " (" + e.getClass().getSimpleName() + ").");
        }
    }

    private Result converse(Socket socket, String host, int port, String app, long latencyMs, long deadline) {
        try {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] c1 = new byte[HANDSHAKE_SIZE];
            new SecureRandom().nextBytes(c1);
            java.util.Arrays.fill(c1, 0, 8, (byte) 0);
            out.write(3);
            out.write(c1);
            out.flush();
            int version = in.read();
            if (version != 3) {
                return new Result("handshake", latencyMs, "The server at " + host + ":" + port + " does not speak RTMP"
                        + (version < 0 ? " (it closed the connection)." : " (it answered something else)."));
            }
            byte[] s1 = new byte[HANDSHAKE_SIZE];
            in.readFully(s1);
            in.readFully(new byte[HANDSHAKE_SIZE]);
            out.write(s1);
            out.write(connectCommand(app, "rtmp://" + host + ":" + port + "/" + app));
            out.flush();
            socket.setSoTimeout(remainingMillis(deadline));
            String answer = readCommandName(in);
            return switch (answer) {
                case "_result" -> new Result("reachable", latencyMs, "Reachable: " + host + " accepted the application '" + app + "'.");
                case "_error" -> new Result("application_refused", latencyMs, host + " refused the application '" + app
                        + "'. Check the path of the URL.");
                default -> new Result("handshake", latencyMs, host + " answered the connect with '" + answer + "'.");
            };
        } catch (SocketTimeoutException e) {
            return new Result("timeout", latencyMs, "The server " + host + ":" + port + " accepted the connection but did not finish the"
                    + " RTMP handshake within " + timeout.toSeconds() + " s.");
        } catch (EOFException e) {
            return new Result("application_refused", latencyMs, host + " closed the connection when asked for the application '" + app
                    + "'. Check the path of the URL.");
        } catch (IOException e) {
            return new Result("handshake", latencyMs, "The RTMP handshake with " + host + " failed (" + e.getClass().getSimpleName() + ").");
        }
    }

    /** The first path segment: for rtmp://host/live2 it is live2 (the stream key would follow, and is not sent). */
    static String application(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }

    /** The AMF0 {@code connect} command on chunk stream 3, split into chunks of the default size. */
    static byte[] connectCommand(String app, String tcUrl) throws IOException {
        ByteArrayOutputStream amf = new ByteArrayOutputStream();
        amfString(amf, "connect");
        amf.write(0x00);
        amf.write(java.nio.ByteBuffer.allocate(8).putDouble(1.0).array());
        amf.write(0x03);
        amfProperty(amf, "app", app);
        amfProperty(amf, "type", "nonprivate");
        amfProperty(amf, "flashVer", "FMLE/3.0 (compatible; Lunora connection test)");
        amfProperty(amf, "tcUrl", tcUrl);
        amf.write(new byte[] {0, 0, 0x09});
        byte[] payload = amf.toByteArray();

        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(0x03);
        message.write(new byte[] {0, 0, 0});
        message.write(new byte[] {(byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length});
        message.write(COMMAND_AMF0);
        message.write(new byte[] {0, 0, 0, 0});
        for (int offset = 0; offset < payload.length; offset += DEFAULT_CHUNK_SIZE) {
            if (offset > 0) {
                message.write(0xC3);
            }
            message.write(payload, offset, Math.min(DEFAULT_CHUNK_SIZE, payload.length - offset));
        }
        return message.toByteArray();
    }

    /** Reads chunks until a whole AMF0 command message arrives and returns its name (_result, _error, onBWDone…). */
    static String readCommandName(DataInputStream in) throws IOException {
        int chunkSize = DEFAULT_CHUNK_SIZE;
        Map<Integer, int[]> headers = new HashMap<>();
        Map<Integer, ByteArrayOutputStream> partial = new HashMap<>();
        while (true) {
            int basic = in.readUnsignedByte();
            int fmt = basic >> 6;
            int csid = basic & 0x3F;
            if (csid == 0) {
                csid = 64 + in.readUnsignedByte();
            } else if (csid == 1) {
                csid = 64 + in.readUnsignedByte() + 256 * in.readUnsignedByte();
            }
            int[] header = headers.computeIfAbsent(csid, k -> new int[3]);
            int timestamp = 0;
            if (fmt <= 2) {
                timestamp = read24(in);
            }
            if (fmt <= 1) {
                header[0] = read24(in);
                header[1] = in.readUnsignedByte();
            }
            if (fmt == 0) {
                in.readFully(new byte[4]);
            }
            if (fmt <= 2 && timestamp == 0xFFFFFF) {
                in.readFully(new byte[4]);
            }
            ByteArrayOutputStream body = partial.computeIfAbsent(csid, k -> new ByteArrayOutputStream());
            int toRead = Math.min(chunkSize, header[0] - body.size());
            byte[] chunk = new byte[Math.max(0, toRead)];
            in.readFully(chunk);
            body.write(chunk);
            if (body.size() < header[0]) {
                continue;
            }
            byte[] complete = body.toByteArray();
            partial.remove(csid);
            if (header[1] == SET_CHUNK_SIZE && complete.length >= 4) {
                chunkSize = java.nio.ByteBuffer.wrap(complete).getInt() & 0x7FFFFFFF;
            } else if (header[1] == COMMAND_AMF0 && complete.length > 3 && complete[0] == 0x02) {
                int length = ((complete[1] & 0xFF) << 8) | (complete[2] & 0xFF);
                String name = new String(complete, 3, Math.min(length, complete.length - 3), StandardCharsets.UTF_8);
                if (name.equals("_result") || name.equals("_error")) {
                    return name;
                }
            }
        }
    }

    private static int read24(InputStream in) throws IOException {
        int a = in.read();
        int b = in.read();
        int c = in.read();
        if ((a | b | c) < 0) {
            throw new EOFException();
        }
        return (a << 16) | (b << 8) | c;
    }

    private static void amfString(ByteArrayOutputStream out, String value) throws IOException {
        out.write(0x02);
        amfKey(out, value);
    }

    private static void amfProperty(ByteArrayOutputStream out, String key, String value) throws IOException {
        amfKey(out, key);
        amfString(out, value);
    }

    private static void amfKey(ByteArrayOutputStream out, String key) throws IOException {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.write(bytes);
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("the connection test's deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
