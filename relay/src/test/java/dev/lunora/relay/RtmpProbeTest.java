package dev.lunora.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lunora.aws.rtmp.RtmpProbe;
import dev.lunora.core.ports.ConnectionProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The destination "Test" (issue 17 item 3): the RTMP handshake and connect against a real RTMP server (nginx's RTMP
 * module), a closed port, a server that is not RTMP and one that never answers. Lives beside the relay's media tools;
 * the real-server case is skipped without them unless {@code LUNORA_REQUIRE_MEDIA=1}.
 */
class RtmpProbeTest {

    private final RtmpProbe probe = new RtmpProbe(Duration.ofSeconds(3));

    @Test
    void realRtmpServer_knownApplication_isReachableWithLatency_unknownApplicationIsRefused() throws Exception {
        Optional<String> missing = MediaTools.missing();
        if (missing.isPresent()) {
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail("RtmpProbeTest needs nginx's RTMP module: " + missing.get());
            }
            assumeTrue(false, "real RTMP server case skipped: " + missing.get());
        }
        try (RtmpServer server = RtmpServer.start(MediaTools.find().orElseThrow(), "127.0.0.1", 0, "application live { live on; }")) {
            ConnectionProbe.Result ok = probe.probe("rtmp://127.0.0.1:" + server.port() + "/live");
            assertThat(ok.connectivity()).as(ok.message()).isEqualTo("reachable");
            assertThat(ok.latencyMs()).isNotNull().isGreaterThanOrEqualTo(0L).isLessThan(3_000L);

            ConnectionProbe.Result unknown = probe.probe("rtmp://127.0.0.1:" + server.port() + "/nosuchapp");
            assertThat(unknown.connectivity()).as(unknown.message()).isEqualTo("application_refused");
            assertThat(unknown.message()).contains("nosuchapp");
        }
    }

    @Test
    void closedPort_isRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ConnectionProbe.Result r = probe.probe("rtmp://127.0.0.1:" + port + "/live");
        assertThat(r.connectivity()).isEqualTo("refused");
        assertThat(r.latencyMs()).isNull();
    }

    @Test
    void httpServer_isNotRtmp() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
                    c.getInputStream().read(new byte[64]);
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the probe hung up first
                }
            });
            answer.start();
            ConnectionProbe.Result r = probe.probe("rtmp://127.0.0.1:" + s.getLocalPort() + "/live");
            answer.join(5_000);
            assertThat(r.connectivity()).isEqualTo("handshake");
            assertThat(r.message()).contains("does not speak RTMP");
        }
    }

    @Test
    void silentServer_timesOutWithinTheBound() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            ConnectionProbe.Result r = probe.probe("rtmp://127.0.0.1:" + s.getLocalPort() + "/live");
            assertThat(r.connectivity()).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void unresolvableName_isDns() {
        ConnectionProbe.Result r = probe.probe("rtmp://no-such-host.invalid/live");
        assertThat(r.connectivity()).isEqualTo("dns");
    }
}
