package dev.lunora.local.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A relay's supervision with a real ffmpeg against a port nobody listens on: each failed connection is reported,
 * retried numRetries times, then either given up (restartDelay 0) or started over after restartDelay, as
 * MediaLive's RTMP output settings say. The key in the target URL is never in a reason.
 */
class RelayTest {

    private static final String KEY = "relay-test-key-0042";
    private static MediaTools tools;

    @BeforeAll
    static void needFfmpeg() {
        MediaTools.missing().ifPresent(m -> {
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail(m);
            }
            assumeTrue(false, m);
        });
        tools = MediaTools.find().orElseThrow();
    }

    private static List<String> toClosedPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-progress", "pipe:1",
                "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-c:v", "libx264", "-preset", "ultrafast",
                "-f", "flv", "rtmp://127.0.0.1:" + port + "/app/" + KEY);
    }

    private static Relay.Listener recordingInto(List<String> events) {
        return new Relay.Listener() {
            @Override
            public void failed(String reason) {
                events.add(reason);
            }

            @Override
            public void connected() {
                events.add("connected");
            }
        };
    }

    @Test
    void refusedConnection_firstAttemptPlusNumRetries_thenGivesUpWhenRestartDelayIsZero() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Relay relay = new Relay("test", toClosedPort(), KEY, new Relay.Policy(Duration.ofMillis(200), 2, Duration.ZERO),
                recordingInto(events)).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (relay.supervising() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(relay.supervising()).as("gave up").isFalse();
            assertThat(events).containsExactly("connection refused by the RTMP server", "connection refused by the RTMP server",
                    "connection refused by the RTMP server");
            assertThat(relay.process()).isEmpty();
        } finally {
            relay.close();
        }
    }

    @Test
    void refusedConnection_startsOverAfterRestartDelay_untilClosed() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Relay relay = new Relay("test", toClosedPort(), KEY, new Relay.Policy(Duration.ofMillis(200), 1, Duration.ofSeconds(1)),
                recordingInto(events)).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(events).as("two attempts, the restart delay, two more").hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(reason -> assertThat(reason).doesNotContain(KEY).doesNotContain("0042"));
            assertThat(relay.supervising()).isTrue();
        } finally {
            relay.close();
        }
        assertThat(relay.supervising()).as("closed").isFalse();
        assertThat(relay.process()).isEmpty();
    }

    @Test
    void masked_replacesTheKeyWithItsHint() {
        Relay relay = new Relay("test", List.of("true"), KEY, new Relay.Policy(Duration.ofSeconds(1), 0, Duration.ZERO), recordingInto(List.of()));
        assertThat(relay.masked("rtmp://127.0.0.1:1/app/" + KEY + ": Input/output error"))
                .isEqualTo("rtmp://127.0.0.1:1/app/••••0042: Input/output error");
    }
}
