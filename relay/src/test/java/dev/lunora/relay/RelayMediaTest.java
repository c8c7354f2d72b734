package dev.lunora.relay;

import static dev.lunora.relay.RelayFakes.CHANNEL;
import static dev.lunora.relay.RelayFakes.streaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.DesiredState;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay with real nginx and ffmpeg on loopback: a test source published to the relay's ingest, a stand-in
 * platform (nginx-rtmp refusing "wrong…" keys through on_publish), real pushes checked with ffprobe. Skipped
 * without the tools unless LUNORA_REQUIRE_MEDIA=1.
 */
class RelayMediaTest {

    private static final String SECRET = "relay-ingest-secret-5150";
    private static final String KEY_A = "live_media_aaaa_0001";
    private static final String KEY_B = "live_media_bbbb_0002";
    private static final String WRONG = "wrong-media-cccc-0003";

    private static MediaTools tools;
    private static RelayIngest ingest;
    private static HttpServer platformCallbacks;
    private static RtmpServer platform;
    private static Process source;

    @BeforeAll
    static void startIngestPlatformAndSource() throws Exception {
        MediaTools.missing().ifPresent(m -> {
            if ("1".equals(System.getenv("LUNORA_REQUIRE_MEDIA"))) {
                fail(m);
            }
            assumeTrue(false, "RelayMediaTest skipped: " + m);
        });
        tools = MediaTools.find().orElseThrow();
        ingest = RelayIngest.start(tools, "127.0.0.1", 0, "relay", SECRET);
        platformCallbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        platformCallbacks.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String name = "";
                for (String pair : body.split("&")) {
                    if (pair.startsWith("name=")) {
                        name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                    }
                }
                exchange.sendResponseHeaders(TestPlatform.refuses(name) ? 403 : 200, -1);
            }
        });
        platformCallbacks.start();
        platform = RtmpServer.start(tools, "127.0.0.1", 0,
                "application ingest { live on; on_publish http://127.0.0.1:" + platformCallbacks.getAddress().getPort() + "/publish; }");
        source = new ProcessBuilder(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-c:a", "aac", "-f", "flv", ingest.programUrl())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await(ingest::publishing, "the test source publishes to the ingest");
    }

    @AfterAll
    static void stopEverything() {
        if (source != null) {
            FfmpegRunner.stop(source);
        }
        if (platform != null) {
            platform.close();
        }
        if (platformCallbacks != null) {
            platformCallbacks.stop(0);
        }
        if (ingest != null) {
            ingest.close();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).as("no process left behind").isEmpty();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String platformUrl() {
        return "rtmp://127.0.0.1:" + platform.port() + "/ingest";
    }

    /** ffprobe of what the stand-in platform receives under {@code key}: codec lines, or "" if nothing came in 10 s. */
    private static String probe(String key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(tools.ffprobe().toString(), "-v", "error", "-rw_timeout", "8000000", "-show_entries",
                "stream=codec_type,codec_name,width,height", "-of", "default=nw=1", platformUrl() + "/" + key)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            FfmpegRunner.stop(p);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void twoDestinationsReceive_wrongKeyFailsAlone_stoppedOneEnds_closeLeavesNoFfmpeg() throws Exception {
        RelayFakes.Destinations destinations = new RelayFakes.Destinations();
        RelayFakes.Keys keys = new RelayFakes.Keys();
        RelayFakes.Statuses statuses = new RelayFakes.Statuses();
        for (String[] d : new String[][] {{"dest_a", KEY_A}, {"dest_b", KEY_B}, {"dest_c", WRONG}}) {
            destinations.put(streaming(d[0], d[1]).toBuilder().rtmpUrl(platformUrl()).build());
            keys.values.put("/keys/" + d[0], d[1]);
        }
        // The test platform listens on loopback, as local mode's does; local mode allows loopback the same way.
        dev.lunora.core.destination.AddressPolicy loopbackAllowed = dev.lunora.core.destination.AddressPolicy.of(
                "127.0.0.0/8,::1/128", dev.lunora.core.ports.HostResolver.system());
        RelayService relay = new RelayService(destinations, keys, statuses, new FfmpegRunner(tools.ffmpeg()),
                new RelayService.Settings(CHANNEL, ingest.programUrl(), SECRET, new RetryPolicy.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                        Duration.ofSeconds(10), Duration.ofSeconds(5), loopbackAllowed), Clock.systemUTC());
        List<ProcessHandle> pushes = new ArrayList<>();
        try {
            relay.converge();
            await(() -> state(statuses, "dest_a") == DeliveryState.LIVE && state(statuses, "dest_b") == DeliveryState.LIVE, "A and B live");
            await(() -> state(statuses, "dest_c") == DeliveryState.FAILING, "C failing");

            assertThat(probe(KEY_A)).as("A receives").contains("codec_name=h264", "width=640", "codec_name=aac");
            assertThat(probe(KEY_B)).as("B receives").contains("codec_name=h264", "codec_name=aac");
            assertThat(statuses.current.get("dest_c").error()).isEqualTo("the platform refused the stream key");
            assertThat(statuses.current.get("dest_a").bitrateKbps()).as("bitrate from ffmpeg's progress").isNotNull();
            pushes.addAll(relay.processes());
            assertThat(ffmpegChildren()).hasSizeGreaterThanOrEqualTo(3); // source + A + B (C between attempts, or trying)

            ProcessHandle pushA = processOf(relay, "dest_a");
            destinations.put(destinations.items.get("dest_a").toBuilder().desiredState(DesiredState.STOPPED).build());
            relay.converge();
            assertThat(pushA.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("A's ffmpeg ended").isFalse();
            assertThat(statuses.current.get("dest_a")).isEqualTo(DeliveryStatus.stopped());
            assertThat(probe(KEY_B)).as("B still receives").contains("codec_name=h264");
        } finally {
            relay.close();
        }
        for (ProcessHandle p : pushes) {
            assertThat(p.isAlive()).isFalse();
        }
        assertThat(ffmpegChildren()).as("only the test source is left").extracting(ProcessHandle::pid).containsExactly(source.pid());
        assertThat(statuses.writes).allSatisfy(w -> assertThat(w.status().toString())
                .doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(WRONG).doesNotContain(SECRET));
    }

    @Test
    void ingest_refusesAPublishWithoutTheSecret() throws Exception {
        Process intruder = new ProcessBuilder(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-f", "flv",
                "rtmp://127.0.0.1:" + ingest.port() + "/relay/not-the-secret")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
        String out = new String(intruder.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(intruder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(intruder.exitValue()).as(out).isNotZero();
    }

    @Test
    void realFfmpeg_closedPort_isConnectionRefused_andMediaLivePolicyGivesUp() throws Exception {
        int closed = RtmpServer.freePort();
        List<DeliveryStatus> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        PushTarget target = new PushTarget("closed", ingest.programUrl(), "rtmp://127.0.0.1:" + closed + "/app/" + KEY_A, List.of(KEY_A, SECRET));
        SupervisedPush push = new SupervisedPush(target, new FfmpegRunner(tools.ffmpeg()),
                new RetryPolicy.MediaLiveOutput(Duration.ofMillis(200), 1, Duration.ZERO), Duration.ofSeconds(10), Clock.systemUTC(), heard::add)
                .start();
        try {
            await(() -> !push.supervising(), "gave up after the first attempt and one retry");
            assertThat(heard.stream().filter(s -> s.state() == DeliveryState.FAILING).map(DeliveryStatus::error))
                    .containsExactly("could not reach the server (connection refused)", "could not reach the server (connection refused)");
            assertThat(push.process()).isEmpty();
        } finally {
            push.close();
        }
    }

    private static DeliveryState state(RelayFakes.Statuses statuses, String id) {
        DeliveryStatus s = statuses.current.get(id);
        return s == null ? null : s.state();
    }

    private static ProcessHandle processOf(RelayService relay, String destinationId) throws InterruptedException {
        // The relay lists processes, not owners: A's is the one whose command line names A's key.
        for (ProcessHandle p : relay.processes()) {
            if (p.info().arguments().map(a -> String.join(" ", a).contains(KEY_A)).orElse(false)) {
                return p;
            }
        }
        throw new AssertionError("no process for " + destinationId);
    }

    private static List<ProcessHandle> ffmpegChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false)).toList();
    }
}
