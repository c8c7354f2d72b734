package dev.lunora.local;

import dev.lunora.handlers.ApiHandler;
import dev.lunora.handlers.api.AllowedOrigins;
import dev.lunora.handlers.wiring.LunoraConfig;
import dev.lunora.handlers.wiring.Wiring;
import dev.lunora.local.clock.LocalClock;
import dev.lunora.local.clock.ScaledClock;
import dev.lunora.local.dynamodb.LocalDynamoDb;
import dev.lunora.local.dynamodb.LocalTables;
import dev.lunora.core.channel.DeliveryMode;
import dev.lunora.local.ecs.LocalRelayService;
import dev.lunora.local.edge.AwsEdge;
import dev.lunora.relay.RelayConfig;
import dev.lunora.relay.RelayMain;
import dev.lunora.local.edge.HttpForwarder;
import dev.lunora.local.medialive.MediaLiveSimulator;
import dev.lunora.local.scheduler.LocalScheduler;
import dev.lunora.local.stepfunctions.LocalLambdas;
import dev.lunora.local.stepfunctions.LocalStepFunctions;
import dev.lunora.local.ssm.LocalParameterStore;
import dev.lunora.local.web.LocalWebServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * Lunora on one machine: DynamoDB Local, the local SSM store and the other stand-ins behind one AWS edge,
 * and the API plus web page — the production handlers, configured through the same environment variables
 * they read in AWS, pointed at the edge.
 */
public final class LocalMode implements AutoCloseable {

    public static final String REGION = "us-west-2";
    public static final String ACCOUNT = "000000000000";
    public static final String CHANNEL_ID = "3714710";
    public static final String STATE_MACHINE_NAME = "lunora-channel-reconcile";
    /** Names in {@code statemachines/functions.json}. */
    static final String SCHEDULED_ACTION_FUNCTION = "ScheduledAction";
    static final String COST_GUARD_FUNCTION = "CostGuard";
    static final String RELAY_CLUSTER = "lunora";
    static final String RELAY_SERVICE = "lunora-relay";
    private static final String RELAY_APP = "relay";
    static final String RELAY_SECRET_PARAMETER = "/lunora/relay/ingest-secret";
    static final String FINGERPRINT_KEY_PARAMETER = "/lunora/fingerprint-key";
    /** What local mode lets destinations point at, for its test platform on this machine. */
    static final String LOOPBACK_RANGES = "127.0.0.0/8,::1/128";
    private static final String SCHEDULER_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/lunora-scheduler";
    /** Settings a producer may change for a local run through the process environment. */
    private static final java.util.List<String> TUNABLES = java.util.List.of("COST_GUARD_RATE", "MAX_CHANNEL_RUNNING_MINUTES", "INPUT_LOSS_STOP_MINUTES", "CHANNEL_HOURLY_RATE_USD",
            "LUNORA_ALLOWED_PRIVATE_RANGES");

    /** Where a data dir keeps simulated now, and the simulator its channels. */
    static final String CLOCK_FILE = "clock.txt";
    static final String CHANNELS_FILE = "medialive-channels.json";

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final LocalClock clock;
    private AwsEdge edge;
    private LocalWebServer web;
    private LocalParameterStore parameters;
    private MediaLiveSimulator mediaLive;
    private dev.lunora.local.media.MediaMode media;
    private LocalStepFunctions stepFunctions;
    private LocalEventBus eventBus;
    private LocalScheduler scheduler;
    private LocalRelayService relayService;
    private int relayIngestPort;
    private int webPort;
    private Wiring wiring;

    private LocalMode(LocalOptions options) throws java.io.IOException {
        ScaledClock scaled = new ScaledClock(options.timeScale(), startOfTime(options.dataDir()));
        this.clock = scaled;
        running.push(scaled);
        if (options.dataDir() != null) {
            Files.createDirectories(options.dataDir());
            Path file = options.dataDir().resolve(CLOCK_FILE);
            // Saved every real second and on close: a crash loses at most a second of simulated progress.
            keepClockIn(file, Duration.ofMillis((long) (1000 * options.timeScale())));
            running.push(() -> saveClock(file));
        }
    }

    /**
     * Simulated time a run begins at: real now, or — with a data dir — where the last run's clock had got to when
     * that is later. A sped-up clock runs ahead of real time; starting over from real now would put the lock leases,
     * sessions and histories the last run stored in the future, and a dead owner's lease would outlast its 20 minutes.
     */
    private static Instant startOfTime(Path dataDir) throws java.io.IOException {
        Instant now = Instant.now();
        if (dataDir == null || !Files.exists(dataDir.resolve(CLOCK_FILE))) {
            return now;
        }
        Instant saved = Instant.parse(Files.readString(dataDir.resolve(CLOCK_FILE)).strip());
        return saved.isAfter(now) ? saved : now;
    }

    private void keepClockIn(Path file, Duration every) {
        clock.schedule(every, () -> {
            saveClock(file);
            keepClockIn(file, every);
        });
    }

    private void saveClock(Path file) {
        try {
            Path tmp = file.resolveSibling(CLOCK_FILE + ".tmp");
            Files.writeString(tmp, clock.now().toString());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not save local mode's clock to " + file, e);
        }
    }

    public static LocalMode start(LocalOptions options) throws Exception {
        if (!Files.isDirectory(options.frontendDir())) {
            throw new IllegalArgumentException("The web page folder " + options.frontendDir().toAbsolutePath()
                    + " does not exist; run from the repository root or pass --frontend-dir.");
        }
        LocalMode mode = new LocalMode(options);
        try {
            mode.boot(options);
            return mode;
        } catch (Exception e) {
            mode.close();
            throw e;
        }
    }

    private void boot(LocalOptions options) throws Exception {
        if (options.dataDir() != null) {
            Files.createDirectories(options.dataDir());
        }
        LocalDynamoDb dynamoDb = LocalDynamoDb.start(options.dataDir());
        running.push(dynamoDb);
        edge = new AwsEdge(options.awsPort());
        running.push(edge);
        edge.register("dynamodb", new HttpForwarder(dynamoDb.endpoint()));
        parameters = new LocalParameterStore(options.dataDir(), clock.asJavaClock(), REGION, ACCOUNT);
        edge.register("ssm", parameters);

        var simulator = MediaLiveSimulator.builder(clock).defaultSeed();
        if (options.dataDir() != null) {
            simulator.persistChannelsTo(options.dataDir().resolve(CHANNELS_FILE));
        }
        mediaLive = simulator.build();
        edge.register(MediaLiveSimulator.SERVICE_NAME, mediaLive.httpHandler());
        if (options.rtmpPort() != null) {
            media = dev.lunora.local.media.MediaMode.start(mediaLive, options.rtmpPort());
            media.followIfRunning(CHANNEL_ID);
            running.push(media);
        }
        LocalLambdas lambdas = new LocalLambdas();
        stepFunctions = LocalStepFunctions.create(clock, lambdas);
        running.push(stepFunctions);
        edge.register("states", stepFunctions.httpHandler());
        scheduler = new LocalScheduler(clock, lambdas, REGION, ACCOUNT);
        running.push(scheduler);
        edge.register(LocalScheduler.SIGNING_NAME, scheduler);

        relayIngestPort = freePort();
        // Chosen before the API is wired: the default allowed origins are the page's own, on this port.
        webPort = options.port() == 0 ? freePort() : options.port();
        // Milliseconds, like Wiring.CLOCK in AWS, but on the local clock so the whole world agrees on time.
        wiring = new Wiring(new LunoraConfig(environment(options)), java.time.Clock.tick(clock.asJavaClock(), java.time.Duration.ofMillis(1)));
        relayService = new LocalRelayService(RELAY_CLUSTER, RELAY_SERVICE, REGION, ACCOUNT, () -> launchRelayTask(options));
        running.push(relayService);
        edge.register(LocalRelayService.SIGNING_NAME, relayService);
        Map<String, String> functionArns = LocalFunctions.registerAll(options.statemachinesDir().resolve("functions.json"),
                wiring, lambdas, REGION, ACCOUNT);
        // MediaLive's events reach the same handlers EventBridge rules target in AWS.
        eventBus = new LocalEventBus(LocalFunctions.eventTargets(options.statemachinesDir().resolve("functions.json"), wiring));
        running.push(eventBus);
        mediaLive.addEventSink(eventBus);
        String definition = Files.readString(options.statemachinesDir().resolve("channel-reconcile.asl.json"));
        String arn = stepFunctions.createStateMachine(STATE_MACHINE_NAME, LocalFunctions.substitute(definition, functionArns));
        if (!arn.equals(stateMachineArn())) {
            throw new IllegalStateException("runner named the state machine " + arn + ", expected " + stateMachineArn());
        }
        LocalTables.createMissing(wiring.dynamoDb(), wiring.config());
        storeRelayIngestSecret();
        storeFingerprintKey();
        if (options.delivery() != null) {
            wiring.channelCoordination().setDeliveryMode(CHANNEL_ID, DeliveryMode.fromId(options.delivery()).orElseThrow());
        }
        LocalSeed.seedIfEmpty(wiring.destinationStore(), wiring.presetStore(), CHANNEL_ID, clock.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        startCostGuard();

        Map<String, Object> configExtras = media == null ? Map.of() : Map.of("input", Map.of("url", media.inputUrl(CHANNEL_ID)));
        web = new LocalWebServer(webPort, options.frontendDir(), new ApiHandler(wiring), configExtras);
        running.push(web);
    }

    /**
     * The cost guard's schedule, as the CDK app declares it in AWS: created through the SDK adapter's client, so the
     * local scheduler fires the catalogued handler on the shared clock.
     */
    private void startCostGuard() {
        String target = LocalFunctions.functionArn(COST_GUARD_FUNCTION, REGION, ACCOUNT);
        wiring.scheduler().createSchedule(r -> r.groupName(wiring.config().scheduleGroup()).name("lunora-cost-guard")
                .description("Periodic reconcile: stop a channel nothing wants, repair drift")
                .scheduleExpression(wiring.config().costGuardRate())
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .target(t -> t.arn(target).roleArn(SCHEDULER_ROLE_ARN).input("{}")));
    }

    /** A fresh secret per run unless one is kept in --data-dir: only the channel's output may publish to the relay. */
    private void storeRelayIngestSecret() {
        try {
            wiring.ssm().getParameter(r -> r.name(RELAY_SECRET_PARAMETER).withDecryption(true));
        } catch (software.amazon.awssdk.services.ssm.model.ParameterNotFoundException none) {
            String secret = "relay-" + java.util.UUID.randomUUID().toString().replace("-", "");
            wiring.ssm().putParameter(r -> r.name(RELAY_SECRET_PARAMETER).value(secret)
                    .type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING).overwrite(true));
        }
    }

    /**
     * The secret keying stream-key fingerprints, made once and kept with the data dir: a new one per run would make
     * every stored fingerprint differ from the channel's, and restart the channel on the first reconcile.
     */
    private void storeFingerprintKey() {
        try {
            wiring.ssm().getParameter(r -> r.name(FINGERPRINT_KEY_PARAMETER).withDecryption(true));
        } catch (software.amazon.awssdk.services.ssm.model.ParameterNotFoundException none) {
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            String secret = java.util.HexFormat.of().formatHex(random);
            wiring.ssm().putParameter(r -> r.name(FINGERPRINT_KEY_PARAMETER).value(secret)
                    .type(software.amazon.awssdk.services.ssm.model.ParameterType.SECURE_STRING).overwrite(false));
        }
    }

    /**
     * One relay task, as the relay's container runs it in AWS (RelayMain), in this JVM on the shared clock: real
     * nginx and ffmpeg in media mode, the dry runner otherwise.
     */
    private LocalRelayService.Task launchRelayTask(LocalOptions options) throws java.io.IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MEDIALIVE_CHANNEL_ID", CHANNEL_ID);
        env.put("AWS_REGION", REGION);
        env.put("DESTINATIONS_TABLE", wiring.config().destinationsTable());
        env.put("RELAY_RUNNER", media != null ? "ffmpeg" : "dry");
        env.put("RELAY_START_NGINX", Boolean.toString(media != null));
        env.put("RELAY_INGEST_HOST", "127.0.0.1");
        env.put("RELAY_INGEST_PORT", Integer.toString(relayIngestPort));
        env.put("RELAY_INGEST_APP", RELAY_APP);
        env.put("RELAY_INGEST_SECRET_PARAMETER", RELAY_SECRET_PARAMETER);
        env.put("LUNORA_ALLOWED_PRIVATE_RANGES", wiring.config().allowedPrivateRanges().orElse(LOOPBACK_RANGES));
        RelayMain.Running task = RelayMain.start(new RelayConfig(env).validated(), wiring.dynamoDb(), wiring.ssm(), wiring.clock(),
                wiring.reconcileRequests());
        return new LocalRelayService.Task() {
            @Override
            public void stop() {
                task.close();
            }

            @Override
            public void kill() {
                task.kill();
            }
        };
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The variables the Lambda functions get in AWS, pointed at this machine, with the run's own on top. */
    private Map<String, String> environment(LocalOptions options) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL", edge.endpoint().toString());
        env.put("MEDIALIVE_CHANNEL_ID", CHANNEL_ID);
        env.put("MEDIALIVE_REGION", REGION);
        env.put("DESTINATIONS_TABLE", "lunora-destinations");
        env.put("PRESETS_TABLE", "lunora-presets");
        env.put("CHANNELS_TABLE", "lunora-channels");
        env.put("SESSIONS_TABLE", "lunora-sessions");
        env.put("STATE_MACHINE_ARN", stateMachineArn());
        env.put("SCHEDULE_GROUP", "lunora");
        env.put("SCHEDULE_TARGET_ARN", LocalFunctions.functionArn(SCHEDULED_ACTION_FUNCTION, REGION, ACCOUNT));
        env.put("SCHEDULER_ROLE_ARN", SCHEDULER_ROLE_ARN);
        env.put("RELAY_CLUSTER", RELAY_CLUSTER);
        env.put("RELAY_SERVICE", RELAY_SERVICE);
        env.put("RELAY_INGEST_URL", "rtmp://127.0.0.1:" + relayIngestPort + "/" + RELAY_APP);
        env.put("RELAY_INGEST_SECRET_PARAMETER", RELAY_SECRET_PARAMETER);
        String allowedOrigins = System.getenv(AllowedOrigins.SETTING);
        env.put(AllowedOrigins.SETTING, allowedOrigins != null && !allowedOrigins.isBlank()
                ? allowedOrigins : AllowedOrigins.loopback(webPort).setting());
        env.put("FINGERPRINT_KEY_PARAMETER", FINGERPRINT_KEY_PARAMETER);
        // The test platform listens on rtmp://127.0.0.1:1935/ingest: local mode allows loopback, the cloud does not.
        env.put("LUNORA_ALLOWED_PRIVATE_RANGES", LOOPBACK_RANGES);
        for (String name : TUNABLES) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                env.put(name, v);
            }
        }
        env.putAll(options.environment());
        return env;
    }

    private static String stateMachineArn() {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + STATE_MACHINE_NAME;
    }

    public URI webUrl() {
        return web.url();
    }

    public URI awsEndpoint() {
        return edge.endpoint();
    }

    public LocalClock clock() {
        return clock;
    }

    /** The same wiring the handlers use, for tests that look behind the API (tables, parameters). */
    public Wiring wiring() {
        return wiring;
    }

    public LocalParameterStore parameterStore() {
        return parameters;
    }

    public MediaLiveSimulator mediaLive() {
        return mediaLive;
    }

    /** The local EventBridge: MediaLive events to the alert and state-change handlers. */
    /** Media mode's RTMP server and relays; empty when local mode runs without {@code --media}. */
    public java.util.Optional<dev.lunora.local.media.MediaMode> media() {
        return java.util.Optional.ofNullable(media);
    }

    public LocalEventBus eventBus() {
        return eventBus;
    }

    public LocalScheduler scheduler() {
        return scheduler;
    }

    /** The ECS stand-in running the relay (relay mode). */
    public LocalRelayService relayService() {
        return relayService;
    }

    public LocalStepFunctions stepFunctions() {
        return stepFunctions;
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            try {
                c.close();
            } catch (Exception e) {
                // Keep closing the rest: a stand-in that fails to stop must not keep the others running.
                System.err.println("local mode: could not stop " + c.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
