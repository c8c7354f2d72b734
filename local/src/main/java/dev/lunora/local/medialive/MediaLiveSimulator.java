package dev.lunora.local.medialive;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.clock.LocalClock;
import dev.lunora.local.clock.ScaledClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * A local AWS Elemental MediaLive: the control-plane API the unmodified SDK and CLI talk to (through
 * {@link #httpHandler()}), channel lifecycle on the shared {@link LocalClock}, validation, alerts from an
 * RTMP ingest model, EventBridge-shaped events, and fault injection for tests and rehearsals.
 *
 * <pre>{@code
 * MediaLiveSimulator sim = MediaLiveSimulator.builder(clock).defaultSeed().build();
 * sim.addEventSink(bus::put);
 * sim.failIngestForHost("a.rtmp.youtube.com");
 * server.createContext("/", sim.httpHandler());
 * }</pre>
 */
public final class MediaLiveSimulator {

    /** The SigV4 service name the local AWS edge routes to {@link #httpHandler()}. */
    public static final String SERVICE_NAME = "medialive";
    public static final int DEFAULT_PORT = 4567;

    private final LocalClock clock;
    private final SimulatorOptions options;
    private final ChannelStore store;
    private final FaultInjector faults;
    private final IngestModel ingest;
    private final EventPublisher events;
    private final CallLog calls = new CallLog();
    private final RecentEvents recentEvents = new RecentEvents();
    private final MediaLiveHttpHandler handler;
    private final Thumbnails thumbnails;

    private MediaLiveSimulator(Builder builder) {
        this.clock = builder.clock;
        this.options = builder.options;
        this.faults = new FaultInjector(builder.random);
        this.ingest = new IngestModel();
        this.events = new EventPublisher(clock, options);
        this.events.addSink(recentEvents);
        builder.sinks.forEach(events::addSink);
        this.store = new ChannelStore(clock, options, events, ingest, faults, builder.random);
        if (builder.seed != null) {
            SeedLoader.load(builder.seed, store);
        }
        if (builder.channelFile != null) {
            store.persistTo(builder.channelFile);
        }
        this.thumbnails = new Thumbnails(store, clock);
        this.handler = new MediaLiveHttpHandler(store, faults, calls, clock, new AdminEndpoints(this), thumbnails);
    }

    public static Builder builder(LocalClock clock) {
        return new Builder(clock);
    }

    /** Default options and the bundled seed: what local mode runs. */
    public static MediaLiveSimulator create(LocalClock clock) {
        return builder(clock).defaultSeed().build();
    }

    /** Serves the MediaLive REST API ({@code /prod/...}) and the admin endpoints ({@code /_simulator/...}). */
    public HttpHandler httpHandler() {
        return handler;
    }

    /** Starts a server on the loopback interface only; port 0 picks a free port. */
    public HttpServer serve(int port) throws IOException {
        // The JDK server otherwise leaves Nagle on, and a keep-alive client then waits ~40 ms per reply for a
        // delayed ACK; the server reads this property once, when the first server is created in the JVM.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", handler);
        // Injected latency blocks a worker, so other calls need workers of their own; idle ones time out.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "medialive-sim-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    public SimulatorOptions options() {
        return options;
    }

    /** The channel's current state; throws {@link MediaLiveApiException} (NotFound) for an unknown id. */
    public ChannelState channelState(String channelId) {
        return store.state(channelId);
    }

    /** DescribeChannel's document (a copy); throws {@link MediaLiveApiException} (NotFound) for an unknown id. */
    public com.fasterxml.jackson.databind.node.ObjectNode describeChannel(String channelId) {
        return store.describeChannel(channelId);
    }

    /** RTMP_PUSH inputs listen on this port (media mode's RTMP server) instead of 1935; their URLs say so. */
    public void rtmpPushPort(int port) {
        store.rtmpPushPort(port);
    }

    /** DescribeInput's document (a copy); throws {@link MediaLiveApiException} (NotFound) for an unknown id. */
    public com.fasterxml.jackson.databind.node.ObjectNode describeInput(String inputId) {
        return store.describeInput(inputId);
    }

    /** The channel's alerts as ListAlerts would list them with stateFilter ALL. */
    public List<ChannelAlertRecord> alerts(String channelId) {
        return store.listAlerts(channelId);
    }

    // ---- thumbnails and input

    /** A real frame of a running channel's program, or empty when none can be had now (then the test card serves). */
    @FunctionalInterface
    public interface FrameSource {
        java.util.Optional<byte[]> frame(String channelId);
    }

    /** Where DescribeThumbnails takes its pictures from (media mode: the program); null: the generated test card. */
    public void thumbnailFrames(FrameSource source) {
        thumbnails.frameSource(source);
    }

    /**
     * The channel's input stopped (the encoder quit): while it runs, each pipeline raises MediaLive's input-loss alert
     * (5307 "RTMP Has No Audio/Video" for an RTMP input, 5201 "Video Not Detected" otherwise), as an EventBridge
     * event and in ListAlerts. Throws {@link MediaLiveApiException} (NotFound) for an unknown channel.
     *
     * @return whether the input was not already lost
     */
    public boolean inputLoss(String channelId) {
        return store.inputLost(channelId, true);
    }

    /** The channel's input is back: its input-loss alerts clear. */
    public boolean inputResumed(String channelId) {
        return store.inputLost(channelId, false);
    }

    // ---- faults

    /** The next {@code count} calls of {@code operation} fail with {@code type} ({@code message} may be null). */
    public void failNextCalls(Operation operation, int count, ErrorType type, String message) {
        faults.failNext(operation, count, type, message);
    }

    public void failNextCalls(Operation operation, int count, ErrorType type) {
        failNextCalls(operation, count, type, null);
    }

    /** Answers this fraction (0..1) of all API calls with 429 TooManyRequestsException. */
    public void setThrottleRate(double rate) {
        faults.throttle(rate);
    }

    /** Delays every API call by this much simulated time (served through {@link LocalClock#sleep}). */
    public void setLatency(Duration latency) {
        faults.latency(null, latency);
    }

    public void setLatency(Operation operation, Duration latency) {
        faults.latency(Objects.requireNonNull(operation, "operation"), latency);
    }

    /** The channel's next start goes STARTING, then back to IDLE with an alert (null type/message: defaults). */
    public void failNextStart(String channelId, String alertType, String message) {
        faults.failNextStart(channelId, alertType, message);
    }

    public void failNextStart(String channelId) {
        failNextStart(channelId, null, null);
    }

    /** The channel's next start stays in STARTING until the channel is stopped. */
    public void stickNextStartInStarting(String channelId) {
        faults.stickNextStart(channelId);
    }

    /**
     * The channel's next UpdateChannel is answered 200 but leaves the channel in UPDATE_FAILED with its old
     * configuration (which configuration a failed update leaves is not documented: a guess). StartChannel is then
     * refused; a later successful UpdateChannel brings the channel back to IDLE.
     */
    public void failNextUpdate(String channelId) {
        faults.failNextUpdate(channelId);
    }

    public void clearFaults() {
        faults.clear();
    }

    Map<String, Object> faultsDescription() {
        return faults.describe();
    }

    // ---- ingest model

    /** RTMP outputs matching the rule fail to connect while their channel runs (alert 6018). */
    public IngestRule addIngestRule(IngestRule.Match match, String value, String reason) {
        IngestRule rule = ingest.addRule(match, value, reason);
        store.reevaluateIngest();
        return rule;
    }

    public IngestRule failIngestForUrl(String url) {
        return addIngestRule(IngestRule.Match.URL, url, null);
    }

    public IngestRule failIngestForUrlPrefix(String prefix) {
        return addIngestRule(IngestRule.Match.URL_PREFIX, prefix, null);
    }

    public IngestRule failIngestForHost(String host) {
        return addIngestRule(IngestRule.Match.HOST, host, null);
    }

    public IngestRule failIngestForStreamKey(String streamKey) {
        return addIngestRule(IngestRule.Match.STREAM_KEY, streamKey, "the server rejected the stream key");
    }

    /** Removes a rule; outputs it made fail recover and their alerts clear. */
    public boolean removeIngestRule(String ruleId) {
        boolean removed = ingest.removeRule(ruleId);
        store.reevaluateIngest();
        return removed;
    }

    public void clearIngestRules() {
        ingest.clearRules();
        store.reevaluateIngest();
    }

    /**
     * A real relay (media mode) could not connect this output's pipeline to its URL: the channel raises 6018 as
     * for a matching ingest rule. {@code reason} is shown in the alert, so it must not hold the stream key.
     */
    public void reportOutputFailure(String destinationRefId, int pipeline, String url, String reason) {
        ingest.report(IngestModel.failureKey(pipeline, destinationRefId, url), reason);
        store.reevaluateIngest();
    }

    /** The relay connected: the output's alert clears (unless a rule still fails it). */
    public void reportOutputConnected(String destinationRefId, int pipeline, String url) {
        if (ingest.clearReport(IngestModel.failureKey(pipeline, destinationRefId, url))) {
            store.reevaluateIngest();
        }
    }

    /** Forgets every relay report (the channel stopped, so its relays are gone). */
    public void clearOutputReports() {
        ingest.clearReports(IngestModel.KEY_PREFIX);
        store.reevaluateIngest();
    }

    public List<IngestRule> ingestRules() {
        return ingest.rules();
    }

    // ---- events

    public void addEventSink(MediaLiveEventSink sink) {
        events.addSink(Objects.requireNonNull(sink, "sink"));
    }

    public void removeEventSink(MediaLiveEventSink sink) {
        events.removeSink(sink);
    }

    /** The last events published (at most 1000), oldest first. */
    public List<Map<String, Object>> recentEvents() {
        return recentEvents.list();
    }

    public void clearRecentEvents() {
        recentEvents.clear();
    }

    // ---- call log

    public List<CallRecord> callLog() {
        return calls.records();
    }

    public long callCount(Operation operation) {
        return calls.count(operation);
    }

    public Map<Operation, Long> callCounters() {
        return calls.counters();
    }

    public void resetCallLog() {
        calls.reset();
    }

    /** Request members the MediaLive model does not have, accepted and logged at WARN, oldest first. */
    public List<ModelWarning> modelWarnings() {
        return calls.warnings();
    }

    public void clearModelWarnings() {
        calls.clearWarnings();
    }

    /** Configures a simulator; only the clock is required. */
    public static final class Builder {
        private final LocalClock clock;
        private SimulatorOptions options = SimulatorOptions.defaults();
        private InputStream seed;
        private Random random = new Random();
        private final List<MediaLiveEventSink> sinks = new ArrayList<>();
        private Path channelFile;

        private Builder(LocalClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder options(SimulatorOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /** Seeds from the bundled {@code medialive/seed.json}: Lunora's three channels and three inputs. */
        public Builder defaultSeed() {
            this.seed = SeedLoader.defaultSeed();
            return this;
        }

        /** Seeds from a JSON stream shaped like the bundled seed; read and closed by {@link #build()}. */
        public Builder seed(InputStream value) {
            this.seed = value;
            return this;
        }

        public Builder seed(Path file) {
            try {
                this.seed = Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read seed file " + file, e);
            }
            return this;
        }

        /** Source of ids and of the throttling dice; fix its seed for repeatable runs. */
        public Builder random(Random value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * Keeps channels in this file across restarts (state, configuration, transitions in flight), loading it when
         * present: the seed's channels are replaced by their saved selves.
         */
        public Builder persistChannelsTo(Path file) {
            this.channelFile = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder eventSink(MediaLiveEventSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        public MediaLiveSimulator build() {
            return new MediaLiveSimulator(this);
        }
    }

    /**
     * Runs the simulator alone on 127.0.0.1. Options: {@code --port N} (default 4567), {@code --time-scale N}
     * (simulated seconds per real second), {@code --region R}, {@code --account A}, {@code --seed FILE}.
     */
    public static void main(String[] args) throws IOException {
        HttpServer server = run(args);
        System.out.println("MediaLive simulator listening on http://127.0.0.1:" + server.getAddress().getPort()
                + " (" + String.join(" ", args) + ")");
    }

    /** Starts the standalone simulator as {@link #main} does and returns its server (for tests and launchers). */
    static HttpServer run(String[] args) throws IOException {
        int port = DEFAULT_PORT;
        double scale = 1;
        SimulatorOptions options = SimulatorOptions.defaults();
        Path seedFile = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(need(args[i], value));
                case "--time-scale" -> scale = Double.parseDouble(need(args[i], value));
                case "--region" -> options = options.withRegion(need(args[i], value));
                case "--account" -> options = options.withAccount(need(args[i], value));
                case "--seed" -> seedFile = Path.of(need(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --port, --time-scale, --region, --account, --seed");
            }
            i++;
        }
        Builder builder = builder(new ScaledClock(scale)).options(options);
        if (seedFile != null) {
            builder.seed(seedFile);
        } else {
            builder.defaultSeed();
        }
        return builder.build().serve(port);
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
