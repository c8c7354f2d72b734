package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.LocalMode;
import dev.lunora.local.medialive.CallRecord;
import dev.lunora.local.medialive.Operation;
import dev.lunora.local.stepfunctions.ExecutionOutcome;
import dev.lunora.local.stepfunctions.exec.HistoryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Local mode on fast time, seen from outside: clicks through the HTTP API, the channel through the MediaLive SDK,
 * executions through the Step Functions API and the runner's history, the lock through DynamoDB. One per test class.
 */
final class ReconcileWorld implements AutoCloseable {

    static final String CHANNEL = LocalMode.CHANNEL_ID;
    static final String RTMP_GROUP = "lunora-rtmp";
    /** Fast enough that a 90 s start takes 0.3 s, slow enough that the 20 min lease (4 s) outlives any real run. */
    static final double TIME_SCALE = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_MACHINE_ARN = "arn:aws:states:" + LocalMode.REGION + ":" + LocalMode.ACCOUNT
            + ":stateMachine:" + LocalMode.STATE_MACHINE_NAME;

    final LocalMode local;
    final LocalApi api;
    final MediaLiveClient mediaLive;
    final SfnClient sfn;
    final DynamoDbClient dynamoDb;
    /** Everything on the channel Lunora did not create, as the seed left it. */
    final Map<String, Object> foreignBaseline;
    /** Every stream key a test handed to the API; none may come back in a response body or an execution history. */
    private final Set<String> keys = new TreeSet<>();
    private final Set<String> seenExecutions = new TreeSet<>();

    private ReconcileWorld(LocalMode local) {
        this.local = local;
        this.api = new LocalApi(local.webUrl());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        // The test's own calls may meet injected throttling too: give them patience so they never decide a test.
        var patient = ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(10)).build();
        this.mediaLive = MediaLiveClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(credentials).overrideConfiguration(patient).build();
        this.sfn = SfnClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(credentials).build();
        this.dynamoDb = DynamoDbClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(credentials).build();
        this.foreignBaseline = foreignConfiguration(channel());
    }

    static ReconcileWorld start() throws Exception {
        return start(TestLocalModes.options().timeScale(TIME_SCALE).build());
    }

    static ReconcileWorld start(dev.lunora.local.LocalOptions options) throws Exception {
        return new ReconcileWorld(LocalMode.start(options));
    }

    static Path statemachinesDir() {
        return Path.of(System.getProperty("lunora.statemachines.dir", "../statemachines"));
    }

    // ---- destinations through the API

    String create(String name, String platform, String url, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("platform", platform);
        if (url != null) {
            body.put("rtmp_url", url);
        }
        if (key != null) {
            keys.add(key);
            body.put("stream_key", key);
        }
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(body));
        assertThat(r.status()).as("create %s", name).isEqualTo(201);
        return r.json().path("destination").path("destination_id").asText();
    }

    void start(String id) {
        LocalApi.Response r = api.post("/api/destinations/" + id + "/start", null);
        assertThat(r.status()).as("start %s: %s", id, r.raw()).isEqualTo(202);
    }

    void stop(String id) {
        LocalApi.Response r = api.post("/api/destinations/" + id + "/stop", null);
        assertThat(r.status()).as("stop %s: %s", id, r.raw()).isEqualTo(202);
    }

    JsonNode destination(String id) {
        LocalApi.Response r = api.get("/api/destinations/" + id);
        assertThat(r.status()).isEqualTo(200);
        return r.json().path("destination");
    }

    String status(String id) {
        return destination(id).path("streaming_status").asText();
    }

    List<JsonNode> destinations() {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/destinations").json().path("destinations").forEach(out::add);
        return out;
    }

    // ---- executions

    List<ExecutionListItem> executions() {
        List<ExecutionListItem> all = new ArrayList<>();
        sfn.listExecutionsPaginator(r -> r.stateMachineArn(STATE_MACHINE_ARN)).executions().forEach(all::add);
        return all;
    }

    /** Waits until no reconcile runs; every click's execution exists by the time its request returned. */
    void awaitRest() {
        await("no reconcile execution RUNNING", () -> executions().stream().noneMatch(e -> e.status() == ExecutionStatus.RUNNING));
    }

    /** Every execution since the last reset finished and succeeded. */
    void assertAllSucceeded() {
        List<ExecutionOutcome> runs = newExecutions();
        assertThat(runs).as("executions since the last reset").isNotEmpty();
        assertThat(runs).as("executions since the last reset").allMatch(r -> r.status().equals("SUCCEEDED"));
    }

    /** Outcomes of the executions started since the last {@link #reset()}, oldest generation first, once all finished. */
    List<ExecutionOutcome> newExecutions() {
        awaitRest();
        return executions().stream().filter(e -> !seenExecutions.contains(e.name()))
                .sorted(java.util.Comparator.comparingLong(e -> dev.lunora.core.channel.ReconcileExecutionName.generationOf(e.name()).orElseThrow()))
                .map(e -> local.stepFunctions().describeExecution(e.executionArn())).toList();
    }

    /** The one execution since the last reset that failed; the others (waiting for its lock) must have succeeded. */
    ExecutionOutcome theFailedRun() {
        List<ExecutionOutcome> runs = newExecutions();
        List<ExecutionOutcome> failed = runs.stream().filter(r -> !r.status().equals("SUCCEEDED")).toList();
        assertThat(failed).as("executions that did not succeed: %s", runs).hasSize(1);
        return failed.get(0);
    }

    Set<String> executionNames() {
        Set<String> names = new TreeSet<>();
        executions().forEach(e -> names.add(e.name()));
        return names;
    }

    List<HistoryEvent> history(String executionArn) {
        return local.stepFunctions().history(executionArn);
    }

    /** What the executions since the last reset cost, counted as AWS bills them: states entered and Lambda calls. */
    RunCost costOfNewExecutions() {
        long transitions = 0;
        long lambdas = 0;
        List<ExecutionOutcome> runs = newExecutions();
        for (ExecutionOutcome run : runs) {
            for (HistoryEvent h : history(run.executionArn())) {
                transitions += h.type().endsWith("StateEntered") ? 1 : 0;
                lambdas += h.type().equals("LambdaFunctionScheduled") || h.type().equals("TaskScheduled") ? 1 : 0;
            }
        }
        return new RunCost(runs.size(), transitions, lambdas);
    }

    record RunCost(int executions, long transitions, long lambdaInvocations) {
    }

    /** Names of the states every execution so far entered. */
    Set<String> enteredStates() {
        Set<String> names = new TreeSet<>();
        executions().forEach(e -> names.addAll(statesEntered(e.executionArn())));
        return names;
    }

    /** The states one execution entered, in order. */
    List<String> statesEntered(String executionArn) {
        List<String> names = new ArrayList<>();
        for (HistoryEvent h : history(executionArn)) {
            if (h.type().endsWith("StateEntered") && h.details() != null && h.details().get("name") != null) {
                names.add(h.details().get("name").toString());
            }
        }
        return names;
    }

    /** Simulated time from an execution's first history event to its last. */
    Duration simulatedDuration(String executionArn) {
        List<HistoryEvent> events = history(executionArn);
        return Duration.between(events.get(0).timestamp(), events.get(events.size() - 1).timestamp());
    }

    static Set<String> aslStateNames() {
        try {
            JsonNode asl = JSON.readTree(Files.readString(statemachinesDir().resolve("channel-reconcile.asl.json")));
            Set<String> names = new TreeSet<>();
            asl.path("States").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No key in any response body so far or in any execution's history. */
    void assertNoKeyLeaked() {
        for (String body : api.bodies()) {
            assertThat(keys.stream().anyMatch(body::contains)).as("a response body contained a stream key").isFalse();
        }
        for (ExecutionListItem e : executions()) {
            String text;
            try {
                text = JSON.writeValueAsString(history(e.executionArn()).stream().map(HistoryEvent::details).toList());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            assertThat(keys.stream().anyMatch(text::contains)).as("history of %s contained a stream key", e.name()).isFalse();
        }
    }

    // ---- the channel

    DescribeChannelResponse channel() {
        return mediaLive.describeChannel(r -> r.channelId(CHANNEL));
    }

    String channelState() {
        return channel().stateAsString();
    }

    /** Lunora's RTMP outputs on the channel by destination id, each with its destination settings. */
    Map<String, OutputDestination> rtmpOutputs() {
        DescribeChannelResponse c = channel();
        Map<String, OutputDestination> byRef = new LinkedHashMap<>();
        c.destinations().forEach(d -> byRef.put(d.id(), d));
        Map<String, OutputDestination> out = new LinkedHashMap<>();
        for (OutputGroup g : c.encoderSettings().outputGroups()) {
            if (!RTMP_GROUP.equals(g.name())) {
                continue;
            }
            for (Output o : g.outputs()) {
                String ref = o.outputSettings().rtmpOutputSettings().destination().destinationRefId();
                out.put(o.outputName().substring("lunora-".length()), byRef.get(ref));
            }
        }
        return out;
    }

    boolean hasRtmpGroup() {
        return channel().encoderSettings().outputGroups().stream().anyMatch(g -> RTMP_GROUP.equals(g.name()));
    }

    /** The parts of the channel Lunora must never change: other groups, destinations and encodes, role, inputs. */
    static Map<String, Object> foreignConfiguration(DescribeChannelResponse c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("roleArn", c.roleArn());
        m.put("channelClass", c.channelClassAsString());
        m.put("inputAttachments", c.inputAttachments());
        m.put("inputSpecification", c.inputSpecification());
        m.put("logLevel", c.logLevelAsString());
        m.put("outputGroups", c.encoderSettings().outputGroups().stream().filter(g -> !RTMP_GROUP.equals(g.name())).toList());
        m.put("destinations", c.destinations().stream().filter(d -> !d.id().startsWith("lunora-")).toList());
        m.put("videoDescriptions", c.encoderSettings().videoDescriptions().stream().filter(v -> !v.name().startsWith("lunora-")).toList());
        m.put("audioDescriptions", c.encoderSettings().audioDescriptions().stream().filter(a -> !a.name().startsWith("lunora-")).toList());
        m.put("timecodeConfig", c.encoderSettings().timecodeConfig());
        return m;
    }

    /** Whether the stored key of this destination is what MediaLive pushes with; never prints either. */
    boolean pushesKey(String destinationId, String key) {
        OutputDestination d = rtmpOutputs().get(destinationId);
        return d != null && !d.settings().isEmpty() && d.settings().stream().allMatch(s -> key.equals(s.streamName()));
    }

    // ---- simulator call log

    /** Successful calls of {@code op} on the channel since the last {@code resetCallLog}. */
    long succeeded(Operation op) {
        return local.mediaLive().callLog().stream()
                .filter(c -> c.operation() == op && CHANNEL.equals(c.resourceId()) && c.outcome().startsWith("2"))
                .count();
    }

    List<CallRecord> calls(Operation op) {
        return local.mediaLive().callLog().stream().filter(c -> c.operation() == op).toList();
    }

    // ---- sessions (cost reporting)

    /** Whether {@code subject} (a destination id, or {@code channel#<id>}) has an open session. */
    boolean sessionOpen(String subject) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName("lunora-sessions").consistentRead(true)
                .key(Map.of("subject", AttributeValue.fromS(subject), "started_at", AttributeValue.fromS("open")))).item();
        return item != null && !item.isEmpty();
    }

    /** Closed sessions of {@code subject}, each with its {@code seconds}. */
    List<Map<String, AttributeValue>> closedSessions(String subject) {
        return dynamoDb.query(r -> r.tableName("lunora-sessions").consistentRead(true)
                        .keyConditionExpression("subject = :s").expressionAttributeValues(Map.of(":s", AttributeValue.fromS(subject))))
                .items().stream().filter(i -> !i.get("started_at").s().equals("open")).toList();
    }

    // ---- the lock

    Map<String, AttributeValue> channelItem() {
        return dynamoDb.getItem(r -> r.tableName("lunora-channels").consistentRead(true)
                .key(Map.of("channel_id", AttributeValue.fromS(CHANNEL)))).item();
    }

    boolean lockHeld() {
        Map<String, AttributeValue> item = channelItem();
        return item != null && item.containsKey("lock_owner");
    }

    /**
     * Takes the channel lock as a foreign owner would, so clicks made now queue up behind it and the reconcile
     * that gets the lock next sees all of them at once.
     */
    void holdLock() {
        generationWhenHeld = generation();
        dynamoDb.updateItem(r -> r.tableName("lunora-channels").key(Map.of("channel_id", AttributeValue.fromS(CHANNEL)))
                .updateExpression("SET lock_owner = :o, lock_expires_at = :e")
                .conditionExpression("attribute_not_exists(lock_owner)")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("test-holds-the-lock"),
                        ":e", AttributeValue.fromN(String.valueOf(Long.MAX_VALUE / 2)))));
    }

    /** Leaves the lock as an execution that died holding it would: owned, with a full lease ahead. */
    void leaveLockOfCrashedRun(String owner, Duration lease) {
        long expires = local.clock().now().plus(lease).toEpochMilli();
        dynamoDb.updateItem(r -> r.tableName("lunora-channels").key(Map.of("channel_id", AttributeValue.fromS(CHANNEL)))
                .updateExpression("SET lock_owner = :o, lock_expires_at = :e")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner), ":e", AttributeValue.fromN(String.valueOf(expires)))));
    }

    /**
     * Lets go of the lock as a real holder would: compare-and-release against the generation it held the lock at. Runs
     * that found the lock held handed their clicks to this "holder", so when the generation moved it plans again, as a
     * run does: here by releasing and requesting one reconcile for everything handed to it.
     */
    void releaseHeldLock() {
        dynamoDb.updateItem(r -> r.tableName("lunora-channels").key(Map.of("channel_id", AttributeValue.fromS(CHANNEL)))
                .updateExpression("REMOVE lock_owner, lock_expires_at")
                .conditionExpression("lock_owner = :o")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("test-holds-the-lock"))));
        if (generation() != generationWhenHeld) {
            requestReconcile();
        }
    }

    /** What a click or the cost guard does: bump the generation and start a reconcile. */
    void requestReconcile() {
        new dev.lunora.aws.sfn.SfnReconcileRequests(sfn, STATE_MACHINE_ARN,
                new dev.lunora.aws.dynamodb.DynamoDbChannelCoordination(dynamoDb, "lunora-channels"), local.clock().asJavaClock()).request(CHANNEL);
    }

    long generation() {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName("lunora-channels")
                .key(Map.of("channel_id", AttributeValue.fromS(CHANNEL))).consistentRead(true)).item();
        return item == null || !item.containsKey("generation") ? 0 : Long.parseLong(item.get("generation").n());
    }

    private long generationWhenHeld;

    // ---- between tests

    /** Stops whatever still wants to stream, clears faults and waits until the channel is idle and unlocked. */
    void reset() {
        local.mediaLive().clearFaults();
        awaitRest();
        for (JsonNode d : destinations()) {
            if (d.path("desired_state").asText().equals("streaming")) {
                stop(d.path("destination_id").asText());
            }
        }
        awaitRest();
        await("channel IDLE", () -> channelState().equals("IDLE"));
        assertThat(lockHeld()).as("lock released").isFalse();
        local.mediaLive().resetCallLog();
        seenExecutions.addAll(executionNames());
    }

    static void await(String what, BooleanSupplier condition) {
        awaitValue(what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls every 50 ms until {@code probe} gives a non-null value, failing after {@link #PATIENCE}. */
    static <T> T awaitValue(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /**
     * What every run of a test class must show at the end: nothing still moving, no key anywhere, execution names
     * that say what they are for, and sentence-like state names from the ASL. Closes local mode either way.
     *
     * @return the states the runs entered, for checks of the class's own
     */
    Set<String> closeAfterCheckingEveryRun() {
        try {
            awaitRest();
            assertNoKeyLeaked();
            assertThat(executionNames()).allMatch(n -> n.matches("reconcile-3714710-[0-9a-z_]+-g\\d+"));
            Set<String> entered = enteredStates();
            assertThat(aslStateNames()).containsAll(entered);
            assertThat(entered).allMatch(n -> n.matches("([A-Z][a-z]+){2,}"));
            return entered;
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        mediaLive.close();
        sfn.close();
        dynamoDb.close();
        local.close();
    }
}
