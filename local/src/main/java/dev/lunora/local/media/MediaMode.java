package dev.lunora.local.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.medialive.MediaLiveSimulator;
import dev.lunora.relay.FfmpegRunner;
import dev.lunora.relay.MediaTools;
import dev.lunora.relay.PushTarget;
import dev.lunora.relay.RetryPolicy;
import dev.lunora.relay.RtmpServer;
import dev.lunora.relay.SupervisedPush;
import dev.lunora.relay.TestPlatform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real media for local mode: a loopback RTMP server (nginx + its RTMP module) with the channel's RTMP_PUSH input
 * endpoint and a test ingest, and, while a simulated channel is RUNNING, one ffmpeg relay per RTMP output from the
 * channel's program (its input, or a slate when nothing is pushed) to the output's URL and stream name: the relay
 * module's {@link SupervisedPush} with MediaLive's retry settings, one implementation for both. Push failures reach the simulator as failed RTMP connections, so MediaLive's 6018 alert is raised as in AWS.
 *
 * <p>nginx applications: {@code live} (the input; OBS pushes {@code rtmp://127.0.0.1:PORT/live/<input name>}),
 * {@code channel} (internal: each running channel's program), {@code ingest} (a stand-in platform: any key is
 * accepted except those starting with "wrong" or refused with {@link #refuseStreamKey}).
 */
public final class MediaMode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaMode.class);
    private static final String STATE_CHANGE = "MediaLive Channel State Change";

    /** No media for this long and a relay is restarted, as MediaLive reconnects an output whose server went quiet. */
    private static final Duration STALE_AFTER = Duration.ofSeconds(15);

    private final MediaTools tools;
    private final FfmpegRunner runner;
    private final MediaLiveSimulator mediaLive;
    private final RtmpServer rtmp;
    private final int port;
    private final HttpServer callbacks;
    private final Set<String> publishing = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, ChannelMedia> running = new ConcurrentHashMap<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "media-events");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::close, "media-shutdown");
    private boolean closed;

    private MediaMode(MediaTools tools, MediaLiveSimulator mediaLive, RtmpServer rtmp, HttpServer callbacks) {
        this.tools = tools;
        this.runner = new FfmpegRunner(tools.ffmpeg());
        this.mediaLive = mediaLive;
        this.rtmp = rtmp;
        this.port = rtmp.port();
        this.callbacks = callbacks;
    }

    /** Starts the RTMP server on {@code rtmpPort} (0: a free one) and follows the simulator's channels. */
    public static MediaMode start(MediaLiveSimulator mediaLive, int rtmpPort) throws IOException {
        MediaTools tools = MediaTools.find().orElseThrow(() -> new IllegalStateException(MediaTools.missing().orElse("media tools missing")));
        HttpServer callbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        RtmpServer rtmp = null;
        MediaMode mode = null;
        java.util.concurrent.atomic.AtomicReference<MediaMode> answering = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            // Listening before nginx starts; until this object exists a publish is refused (503), as before any start.
            callbacks.createContext("/", exchange -> {
                MediaMode m = answering.get();
                if (m == null) {
                    try (exchange) {
                        exchange.sendResponseHeaders(503, -1);
                    }
                } else {
                    m.callback(exchange);
                }
            });
            callbacks.start();
            rtmp = RtmpServer.start(tools, "127.0.0.1", rtmpPort, applications(callbacks.getAddress().getPort()));
            mode = new MediaMode(tools, mediaLive, rtmp, callbacks);
            answering.set(mode);
            mediaLive.rtmpPushPort(mode.port); // DescribeInput names the port OBS really reaches
            Runtime.getRuntime().addShutdownHook(mode.shutdownHook);
            mediaLive.addEventSink(mode::onEvent);
            mediaLive.thumbnailFrames(mode::frame);
            LOG.atInfo().addKeyValue("rtmp_port", mode.port).log("media mode: RTMP server on loopback");
            return mode;
        } catch (IOException | RuntimeException e) {
            if (mode != null) {
                mode.close();
            } else {
                callbacks.stop(0);
                if (rtmp != null) {
                    rtmp.close();
                }
            }
            throw e;
        }
    }

    /** The input, the channels' programs, and the stand-in platform; nginx's on_publish callbacks come to this JVM. */
    static String applications(int callbackPort) {
        String cb = "http://127.0.0.1:" + callbackPort;
        return """
                application live { live on; on_publish %s/input/publish; on_publish_done %s/input/done; }
                    application channel { live on; allow publish 127.0.0.1; deny publish all; }
                    application ingest { live on; on_publish %s/ingest/publish; }""".formatted(cb, cb, cb);
    }

    public int rtmpPort() {
        return port;
    }

    /** The stand-in platform's URL; a destination pointed here with any key not refused really receives. */
    public String ingestUrl() {
        return "rtmp://127.0.0.1:" + port + "/ingest";
    }

    /** Where OBS (or the test source) pushes for this channel: its RTMP_PUSH input's app and name on this server. */
    public String inputUrl(String channelId) {
        return "rtmp://127.0.0.1:" + port + "/" + inputPath(channelId);
    }

    /** The test ingest refuses this key from now on, as a platform refuses a revoked key. */
    public void refuseStreamKey(String key) {
        refusedKeys.add(key);
    }

    /** Every relay and program process running now (ffmpeg), for checks that nothing is left behind. */
    public List<ProcessHandle> mediaProcesses() {
        List<ProcessHandle> out = new ArrayList<>();
        running.values().forEach(c -> out.addAll(c.processes()));
        return out;
    }

    /** ffmpeg processes this JVM started and that are still alive, whoever tracks them. */
    public static List<ProcessHandle> ffmpegChildren() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false)).toList();
    }

    // ---- the simulator's channels

    /** Relays for a channel already RUNNING when media mode starts (kept running in --data-dir across a restart). */
    public void followIfRunning(String channelId) {
        if (mediaLive.channelState(channelId) == dev.lunora.local.medialive.ChannelState.RUNNING) {
            events.submit(() -> startChannel(channelId));
        }
    }

    private void onEvent(Map<String, Object> event) {
        if (!STATE_CHANGE.equals(event.get("detail-type")) || !(event.get("detail") instanceof Map<?, ?> detail)) {
            return;
        }
        String arn = String.valueOf(detail.get("channel_arn"));
        String channelId = arn.substring(arn.lastIndexOf(':') + 1);
        String state = String.valueOf(detail.get("state"));
        events.submit(() -> {
            try {
                if ("RUNNING".equals(state)) {
                    startChannel(channelId);
                } else {
                    stopChannel(channelId);
                }
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("channel_id", channelId).log("media mode could not follow the channel: {}", e.toString());
            }
        });
    }

    private void startChannel(String channelId) {
        stopChannel(channelId);
        JsonNode channel = mediaLive.describeChannel(channelId);
        ChannelMedia media = new ChannelMedia(channelId, inputPath(channelId));
        running.put(channelId, media);
        media.program.start();
        // MediaLive judges its input from the moment it runs: no push yet is an input already lost.
        reportInput(channelId, publishing.contains(media.input));
        Map<String, JsonNode> destinations = new HashMap<>();
        channel.path("destinations").forEach(d -> destinations.put(d.path("id").asText(), d));
        for (JsonNode group : channel.path("encoderSettings").path("outputGroups")) {
            JsonNode rtmpGroup = group.path("outputGroupSettings").path("rtmpGroupSettings");
            if (rtmpGroup.isMissingNode()) {
                continue;
            }
            Duration restartDelay = Duration.ofSeconds(rtmpGroup.path("restartDelay").asLong(15));
            for (JsonNode output : group.path("outputs")) {
                JsonNode rtmp = output.path("outputSettings").path("rtmpOutputSettings");
                String ref = rtmp.path("destination").path("destinationRefId").asText(null);
                JsonNode settings = destinations.getOrDefault(ref, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).path("settings");
                if (ref == null || settings.size() == 0) {
                    continue;
                }
                // Pipeline 0 only: a STANDARD channel's second pipeline would push the same media again.
                String url = settings.get(0).path("url").asText();
                String key = settings.get(0).path("streamName").asText("");
                RetryPolicy policy = new RetryPolicy.MediaLiveOutput(Duration.ofSeconds(Math.max(1, rtmp.path("connectionRetryInterval").asLong(2))),
                        rtmp.path("numRetries").asInt(10), restartDelay);
                String name = output.path("outputName").asText(ref);
                PushTarget target = new PushTarget(channelId + "-" + name, programUrl(channelId), PushTarget.withKey(url, key), List.of(key));
                media.outputs.add(new SupervisedPush(target, runner, policy, STALE_AFTER, java.time.Clock.systemUTC(),
                        new OutputReports(ref, url)).start());
            }
        }
        LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("relays", media.outputs.size()).log("media mode: channel running, relays started");
    }

    /**
     * A push's statuses as MediaLive's output state: every failed attempt a failed RTMP connection (6018), the first
     * progress after connecting a connected output.
     */
    private final class OutputReports implements java.util.function.Consumer<dev.lunora.core.destination.DeliveryStatus> {
        private final String ref;
        private final String url;
        private boolean live;

        OutputReports(String ref, String url) {
            this.ref = ref;
            this.url = url;
        }

        @Override
        public void accept(dev.lunora.core.destination.DeliveryStatus status) {
            switch (status.state()) {
                case FAILING -> {
                    live = false;
                    mediaLive.reportOutputFailure(ref, 0, url, status.error());
                }
                case LIVE -> {
                    if (!live) {
                        live = true;
                        mediaLive.reportOutputConnected(ref, 0, url);
                    }
                }
                case CONNECTING, STOPPED -> live = false;
            }
        }
    }

    private void stopChannel(String channelId) {
        ChannelMedia media = running.remove(channelId);
        frames.remove(channelId);
        if (media != null) {
            media.close();
            mediaLive.clearOutputReports();
            LOG.atInfo().addKeyValue("channel_id", channelId).log("media mode: channel not running, relays stopped");
        }
    }

    private String programUrl(String channelId) {
        return "rtmp://127.0.0.1:" + port + "/channel/" + channelId;
    }

    /** "live/name" from the channel's first RTMP_PUSH input, as MediaLive lists it ("rtmp://ip:1935/live/name"). */
    private String inputPath(String channelId) {
        JsonNode channel = mediaLive.describeChannel(channelId);
        for (JsonNode attachment : channel.path("inputAttachments")) {
            JsonNode input = mediaLive.describeInput(attachment.path("inputId").asText());
            for (JsonNode d : input.path("destinations")) {
                String path = URI.create(d.path("url").asText("rtmp://x/live/input")).getPath();
                if (path.length() > 1) {
                    return path.substring(1);
                }
            }
        }
        return "live/" + channelId;
    }

    /**
     * A running channel's media: the program (its input passed through, or a slate while nothing is pushed, as
     * MediaLive shows on input loss) published to the internal {@code channel} app, and the output relays.
     */
    private final class ChannelMedia implements AutoCloseable {
        final List<SupervisedPush> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread program;
        final String input;
        volatile boolean closed;
        volatile Process current;

        ChannelMedia(String channelId, String input) {
            this.input = input;
            this.program = new Thread(() -> runProgram(channelId), "program-" + channelId);
            this.program.setDaemon(true);
        }

        private void runProgram(String channelId) {
            while (!closed) {
                boolean live = publishing.contains(input);
                List<String> command = live
                        ? List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                                "-i", "rtmp://127.0.0.1:" + port + "/" + input, "-c", "copy", "-f", "flv", programUrl(channelId))
                        : List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
                                "-f", "lavfi", "-i", "color=c=black:size=1280x720:rate=30", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo",
                                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-pix_fmt", "yuv420p",
                                "-c:a", "aac", "-f", "flv", programUrl(channelId));
                try {
                    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    current = p;
                    LOG.atInfo().addKeyValue("channel_id", channelId).log(live ? "program: input passed through" : "program: slate (no input)");
                    // Switch when the input appears or goes; a passthrough also ends by itself when the input does.
                    while (!closed && p.isAlive() && publishing.contains(input) == live) {
                        p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    FfmpegRunner.stop(p);
                    if (!closed) {
                        Thread.sleep(300);
                    }
                } catch (IOException e) {
                    LOG.atError().addKeyValue("channel_id", channelId).log("program could not start ffmpeg: {}", e.getMessage());
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        List<ProcessHandle> processes() {
            List<ProcessHandle> out = new ArrayList<>();
            Process p = current;
            if (p != null && p.isAlive()) {
                out.add(p.toHandle());
            }
            outputs.forEach(r -> r.process().ifPresent(out::add));
            return out;
        }

        @Override
        public void close() {
            closed = true;
            outputs.forEach(SupervisedPush::close);
            program.interrupt();
            Process p = current;
            if (p != null) {
                FfmpegRunner.stop(p);
            }
            try {
                program.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- nginx's on_publish callbacks (2xx allows, anything else refuses)

    private void callback(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String stream = form.getOrDefault("app", "") + "/" + form.getOrDefault("name", "");
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/input/publish" -> {
                    publishing.add(stream);
                    LOG.atInfo().addKeyValue("input", form.get("app")).log("media mode: input publishing");
                    inputChanged(stream, true);
                    yield 200;
                }
                case "/input/done" -> {
                    publishing.remove(stream);
                    LOG.atInfo().addKeyValue("input", form.get("app")).log("media mode: input stopped");
                    inputChanged(stream, false);
                    yield 200;
                }
                case "/ingest/publish" -> refuses(form.getOrDefault("name", "")) ? 403 : 200;
                default -> 404;
            };
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** The encoder started or stopped pushing {@code stream}: each running channel it feeds raises or clears input loss. */
    private void inputChanged(String stream, boolean present) {
        running.forEach((channelId, media) -> {
            if (media.input.equals(stream)) {
                reportInput(channelId, present);
            }
        });
    }

    private void reportInput(String channelId, boolean present) {
        try {
            if (present) {
                mediaLive.inputResumed(channelId);
            } else {
                mediaLive.inputLoss(channelId);
            }
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("channel_id", channelId).log("media mode could not report the input to the simulator: {}", e.toString());
        }
    }

    // ---- thumbnails: a real frame of the program

    /** At most one ffmpeg frame grab per channel per this much real time: the page polls, ffmpeg costs a process. */
    private static final Duration FRAME_REUSE = Duration.ofSeconds(3);
    private static final Duration GRAB_TIMEOUT = Duration.ofSeconds(10);

    private record Frame(byte[] jpeg, long takenNanos) {
    }

    private final Map<String, Frame> frames = new ConcurrentHashMap<>();

    /**
     * A JPEG of the running channel's program, grabbed with ffmpeg from the internal {@code channel} app. The simulator
     * asks for one channel's picture one call at a time, so no lock is needed here; a failed grab serves the last one.
     */
    private Optional<byte[]> frame(String channelId) {
        if (!running.containsKey(channelId)) {
            return Optional.empty();
        }
        Frame last = frames.get(channelId);
        if (last != null && System.nanoTime() - last.takenNanos() < FRAME_REUSE.toNanos()) {
            return Optional.of(last.jpeg());
        }
        Optional<byte[]> grabbed = grab(programUrl(channelId));
        grabbed.ifPresent(jpeg -> frames.put(channelId, new Frame(jpeg, System.nanoTime())));
        return grabbed.isPresent() ? grabbed : Optional.ofNullable(last).map(Frame::jpeg);
    }

    private Optional<byte[]> grab(String url) {
        java.nio.file.Path out = null;
        try {
            out = java.nio.file.Files.createTempFile("lunora-thumbnail-", ".jpg");
            Process p = new ProcessBuilder(tools.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-i", url, "-frames:v", "1", "-q:v", "5", "-f", "image2", out.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(GRAB_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                FfmpegRunner.stop(p);
                return Optional.empty();
            }
            byte[] jpeg = java.nio.file.Files.readAllBytes(out);
            return p.exitValue() == 0 && jpeg.length > 2 ? Optional.of(jpeg) : Optional.empty();
        } catch (IOException e) {
            LOG.atWarn().log("media mode could not grab a thumbnail: {}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    java.nio.file.Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans its temp dir
                }
            }
        }
    }

    boolean refuses(String key) {
        return TestPlatform.refuses(key) || refusedKeys.contains(key);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.shutdownNow();
        List.copyOf(running.keySet()).forEach(this::stopChannel);
        rtmp.close();
        callbacks.stop(0);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        LOG.info("media mode stopped");
    }

    /** For tests and the banner: the tools found. */
    public MediaTools tools() {
        return tools;
    }
}
