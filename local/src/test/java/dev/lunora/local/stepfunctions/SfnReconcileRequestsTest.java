package dev.lunora.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lunora.aws.dynamodb.DynamoDbChannelCoordination;
import dev.lunora.aws.sfn.SfnReconcileRequests;
import dev.lunora.core.ports.ChannelCoordination;
import dev.lunora.local.clock.ManualClock;
import dev.lunora.local.dynamodb.LocalDynamoDb;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * {@link SfnReconcileRequests} through the real SfnClient against the local runner, which keeps Step Functions'
 * name rules: a closed execution's name cannot be started again, whatever the input
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 */
class SfnReconcileRequestsTest {

    private static final String CHANNEL = "3714710";
    private static final String TABLE = "lunora-channels";
    /** Stays RUNNING until the clock moves, like a reconcile waiting for its channel. */
    private static final String WAITS = """
            {"QueryLanguage": "JSONata", "StartAt": "Pause",
             "States": {"Pause": {"Type": "Wait", "Seconds": 60, "End": true}}}""";

    private static LocalDynamoDb dynamoDbLocal;
    private static DynamoDbClient dynamoDb;
    private ManualClock clock;
    private LocalStepFunctions runner;
    private HttpServer server;
    private SfnClient sfn;
    private String stateMachineArn;

    @BeforeAll
    static void startDynamoDb() throws Exception {
        dynamoDbLocal = LocalDynamoDb.start(null);
        dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbLocal.endpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopDynamoDb() throws Exception {
        dynamoDb.close();
        dynamoDbLocal.close();
    }

    @BeforeEach
    void start() throws Exception {
        clock = new ManualClock();
        runner = LocalStepFunctions.create(clock, TestFunctions.registry());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", runner.httpHandler());
        server.start();
        sfn = SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        stateMachineArn = sfn.createStateMachine(r -> r.name("reconcile").definition(WAITS).roleArn("arn:aws:iam::000000000000:role/t"))
                .stateMachineArn();
        createChannelsTable();
    }

    @AfterEach
    void stop() {
        dynamoDb.deleteTable(r -> r.tableName(TABLE));
        sfn.close();
        server.stop(0);
        runner.close();
    }

    private static void createChannelsTable() {
        dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("channel_id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("channel_id").keyType(KeyType.HASH).build()));
    }

    private List<String> executionNames() {
        return sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn)).executions().stream().map(ExecutionListItem::name).toList();
    }

    private void finish(String name) throws InterruptedException {
        ClockDriver.runToEnd(runner, clock, stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name);
    }

    @Test
    void request_whileALiveRunHoldsTheLock_handsTheClickToIt_withoutStartingARun() throws InterruptedException {
        DynamoDbChannelCoordination coordination = new DynamoDbChannelCoordination(dynamoDb, TABLE);
        SfnReconcileRequests requests = new SfnReconcileRequests(sfn, stateMachineArn, coordination, clock.asJavaClock());
        String holder = requests.request(CHANNEL);
        assertThat(coordination.tryAcquire(CHANNEL, holder, clock.now(), java.time.Duration.ofMinutes(20))).isTrue();

        assertThat(requests.request(CHANNEL)).as("handed to the holder").isEqualTo(holder);
        assertThat(coordination.generation(CHANNEL)).as("the click is counted, so the holder's release is refused").isEqualTo(2);
        assertThat(coordination.releaseUnlessNewerRequests(CHANNEL, holder, 1)).isFalse();
        assertThat(executionNames()).containsExactly(holder);

        // A dead holder's lease ran out: the next click starts a run, which takes the lock over.
        assertThat(coordination.tryAcquire(CHANNEL, holder, clock.now().minus(java.time.Duration.ofMinutes(30)), java.time.Duration.ofMinutes(20))).isTrue();
        String next = requests.request(CHANNEL);
        assertThat(next).endsWith("-g3");
        assertThat(executionNames()).containsExactlyInAnyOrder(holder, next);
        finish(holder);
        finish(next);
    }

    @Test
    void request_afterChannelsTableRecreated_generationRestarts_newClickStillStartsAnExecution() throws InterruptedException {
        SfnReconcileRequests requests = new SfnReconcileRequests(sfn, stateMachineArn, new DynamoDbChannelCoordination(dynamoDb, TABLE));
        String first = requests.request(CHANNEL);
        String second = requests.request(CHANNEL);
        finish(first);
        finish(second);
        assertThat(first).matches("reconcile-3714710-[0-9a-z]{8}-g1");
        assertThat(second.replace("-g2", "-g1")).as("one incarnation per channel item").isEqualTo(first);

        dynamoDb.deleteTable(r -> r.tableName(TABLE));
        createChannelsTable();
        String afterRecreate = requests.request(CHANNEL);

        assertThat(afterRecreate).endsWith("-g1").isNotEqualTo(first);
        assertThat(executionNames()).containsExactlyInAnyOrder(first, second, afterRecreate);
    }

    @Test
    void request_nameAlreadyUsedByAnotherRequest_startsUnderAFreshName() {
        ChannelCoordination coordination = new FixedGeneration(new ChannelCoordination.RequestGeneration(1, "k3x9q2ab"));
        sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name("reconcile-3714710-k3x9q2ab-g1").input("{\"channelId\":\"other\"}"));

        String name = new SfnReconcileRequests(sfn, stateMachineArn, coordination).request(CHANNEL);

        assertThat(name).isEqualTo("reconcile-3714710-k3x9q2ab_1-g1");
        assertThat(executionNames()).containsExactlyInAnyOrder("reconcile-3714710-k3x9q2ab-g1", name);
        assertThat(sfn.describeExecution(r -> r.executionArn(stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name)).input())
                .contains("\"generation\":1").contains("\"incarnation\":\"k3x9q2ab\"");
    }

    @Test
    void request_sameRequestStartedAgainAfterItsExecutionClosed_isRecognised_noSecondExecution() throws InterruptedException {
        ChannelCoordination coordination = new FixedGeneration(new ChannelCoordination.RequestGeneration(5, "k3x9q2ab"));
        SfnReconcileRequests requests = new SfnReconcileRequests(sfn, stateMachineArn, coordination);
        String first = requests.request(CHANNEL);
        finish(first);

        assertThat(requests.request(CHANNEL)).isEqualTo(first);
        assertThat(executionNames()).containsExactly(first);
    }

    /** Hands out the same generation every time, as a retried request would see it. */
    private record FixedGeneration(RequestGeneration generation) implements ChannelCoordination {

        @Override
        public dev.lunora.core.channel.DeliveryMode deliveryMode(String channelId) {
            return dev.lunora.core.channel.DeliveryMode.DIRECT;
        }

        @Override
        public void setDeliveryMode(String channelId, dev.lunora.core.channel.DeliveryMode mode) {
            throw new UnsupportedOperationException();
        }
        @Override
        public RequestGeneration bumpGeneration(String channelId) {
            return generation;
        }

        @Override
        public long generation(String channelId) {
            return generation.generation();
        }

        @Override
        public boolean tryAcquire(String channelId, String owner, Instant now, Duration lease) {
            return true;
        }

        @Override
        public void release(String channelId, String owner) {
        }

        @Override
        public boolean releaseUnlessNewerRequests(String channelId, String owner, long seenGeneration) {
            return true;
        }

        @Override
        public void recordProgress(String channelId, Progress progress) {
        }

        @Override
        public Optional<Status> status(String channelId) {
            return Optional.empty();
        }
    }
}
