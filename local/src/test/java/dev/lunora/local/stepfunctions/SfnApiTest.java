package dev.lunora.local.stepfunctions;

import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON API through the real {@link SfnClient}, over HTTP on loopback. */
class SfnApiTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/test";
    private static final String WAIT_THEN_ECHO = """
            {"QueryLanguage": "JSONata", "StartAt": "Pause",
             "States": {
               "Pause": {"Type": "Wait", "Seconds": 60, "Next": "Echo"},
               "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Arguments": {"FunctionName": "echo", "Payload": "{% $states.input %}"},
                        "Output": "{% $states.result.Payload %}", "End": true}}}""";
    private static final String FAILING = """
            {"QueryLanguage": "JSONata", "StartAt": "Call",
             "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Arguments": {"FunctionName": "fail", "Payload": {"message": "no"}}, "End": true}}}""";

    private ManualClock clock;
    private LocalStepFunctions sfn;
    private HttpServer server;
    private SfnClient client;

    @BeforeEach
    void start() throws Exception {
        clock = new ManualClock();
        sfn = LocalStepFunctions.create(clock, TestFunctions.registry());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", sfn.httpHandler());
        server.start();
        client = SfnClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
        sfn.close();
    }

    private String create(String name, String definition) {
        return client.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private DescribeExecutionResponse finish(String executionArn) throws InterruptedException {
        ClockDriver.runToEnd(sfn, clock, executionArn);
        return client.describeExecution(r -> r.executionArn(executionArn));
    }

    @Test
    void createStateMachine_sameNameAndDefinition_isIdempotent_differentDefinition_conflicts() {
        String arn = create("reconcile", WAIT_THEN_ECHO);
        assertThat(arn).isEqualTo("arn:aws:states:us-west-2:000000000000:stateMachine:reconcile");
        assertThat(create("reconcile", WAIT_THEN_ECHO)).isEqualTo(arn);
        assertThatThrownBy(() -> create("reconcile", FAILING)).isInstanceOf(StateMachineAlreadyExistsException.class);

        var described = client.describeStateMachine(r -> r.stateMachineArn(arn));
        assertThat(described.definition()).isEqualTo(WAIT_THEN_ECHO);
        assertThat(described.status()).isEqualTo(StateMachineStatus.ACTIVE);
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.creationDate()).isEqualTo(clock.now());
        assertThat(client.listStateMachines(r -> { }).stateMachines()).extracting(s -> s.name())
                .containsExactly("reconcile");
    }

    @Test
    void createStateMachine_invalidDefinition_namesTheState() {
        String bad = """
                {"QueryLanguage": "JSONata", "StartAt": "A",
                 "States": {"A": {"Type": "Pass", "Next": "Missing"}}}""";
        assertThatThrownBy(() -> create("bad", bad))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Missing 'Next' target: Missing (state 'A')");
        assertThatThrownBy(() -> create("bad name", WAIT_THEN_ECHO)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void startExecution_sameNameAndInputWhileRunning_returnsSameExecution_otherwiseAlreadyExists()
            throws InterruptedException {
        String sm = create("idem", WAIT_THEN_ECHO);
        String first = client.startExecution(r -> r.stateMachineArn(sm).name("ch-1-gen-7").input("{\"a\":1}"))
                .executionArn();
        assertThat(first).isEqualTo("arn:aws:states:us-west-2:000000000000:execution:idem:ch-1-gen-7");
        String again = client.startExecution(r -> r.stateMachineArn(sm).name("ch-1-gen-7").input("{ \"a\": 1 }"))
                .executionArn();
        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> client.startExecution(r -> r.stateMachineArn(sm).name("ch-1-gen-7").input("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);

        assertThat(finish(first).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThatThrownBy(() -> client.startExecution(r -> r.stateMachineArn(sm).name("ch-1-gen-7")
                .input("{\"a\":1}"))).as("a closed execution's name cannot be reused")
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void startExecution_withoutName_generatesUuid_badNameIsRejected() {
        String sm = create("names", WAIT_THEN_ECHO);
        String arn = client.startExecution(r -> r.stateMachineArn(sm)).executionArn();
        assertThat(arn.substring(arn.lastIndexOf(':') + 1)).matches("[0-9a-f-]{36}");
        assertThatThrownBy(() -> client.startExecution(r -> r.stateMachineArn(sm).name("has space")))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.startExecution(r -> r.stateMachineArn(sm).name("x".repeat(81))))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.startExecution(r -> r.stateMachineArn(sm + "-nope")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void describeExecution_succeeded_showsOutputAndDates() throws InterruptedException {
        String sm = create("describe", WAIT_THEN_ECHO);
        var started = client.startExecution(r -> r.stateMachineArn(sm).name("e1").input("{\"k\":\"v\"}"));
        DescribeExecutionResponse d = finish(started.executionArn());
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).isEqualTo("{\"k\":\"v\"}");
        assertThat(d.input()).isEqualTo("{\"k\":\"v\"}");
        assertThat(d.name()).isEqualTo("e1");
        assertThat(d.startDate()).isEqualTo(started.startDate());
        assertThat(Duration.between(d.startDate(), d.stopDate())).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void describeExecution_failed_showsLambdaErrorAndCause() throws InterruptedException {
        String sm = create("failing", FAILING);
        String arn = client.startExecution(r -> r.stateMachineArn(sm).name("f")).executionArn();
        DescribeExecutionResponse d = finish(arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(d.cause()).startsWith("{\"errorMessage\":\"no\",\"errorType\":\"java.lang.IllegalStateException\"");
        assertThatThrownBy(() -> client.describeExecution(r -> r.executionArn(arn + "x")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> client.describeExecution(r -> r.executionArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void listExecutions_filtersByStatus_andPages() throws InterruptedException {
        String sm = create("list", WAIT_THEN_ECHO);
        for (int i = 0; i < 3; i++) {
            int n = i;
            finish(client.startExecution(r -> r.stateMachineArn(sm).name("done-" + n)).executionArn());
        }
        client.startExecution(r -> r.stateMachineArn(sm).name("waiting"));

        assertThat(client.listExecutions(r -> r.stateMachineArn(sm).statusFilter(ExecutionStatus.RUNNING))
                .executions()).extracting(e -> e.name()).containsExactly("waiting");
        List<String> names = new ArrayList<>();
        ListExecutionsResponse page = client.listExecutions(r -> r.stateMachineArn(sm)
                .statusFilter(ExecutionStatus.SUCCEEDED).maxResults(2));
        names.addAll(page.executions().stream().map(e -> e.name()).toList());
        assertThat(page.nextToken()).isNotNull();
        String token = page.nextToken();
        page = client.listExecutions(r -> r.stateMachineArn(sm).statusFilter(ExecutionStatus.SUCCEEDED)
                .maxResults(2).nextToken(token));
        names.addAll(page.executions().stream().map(e -> e.name()).toList());
        assertThat(page.nextToken()).isNull();
        assertThat(names).as("newest first").containsExactly("done-2", "done-1", "done-0");
        // the paginator follows nextToken the same way
        assertThat(client.listExecutionsPaginator(r -> r.stateMachineArn(sm).maxResults(1)).executions())
                .hasSize(4);
    }

    @Test
    void getExecutionHistory_eventsInOrder_reverseOrder_andPaging() throws InterruptedException {
        String sm = create("history", WAIT_THEN_ECHO);
        String arn = client.startExecution(r -> r.stateMachineArn(sm).name("h").input("{\"x\":1}")).executionArn();
        finish(arn);
        GetExecutionHistoryResponse history = client.getExecutionHistory(r -> r.executionArn(arn));
        List<HistoryEvent> events = history.events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(
                HistoryEventType.EXECUTION_STARTED, HistoryEventType.WAIT_STATE_ENTERED,
                HistoryEventType.WAIT_STATE_EXITED, HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo(i + 1L);
            assertThat(events.get(i).previousEventId()).isEqualTo((long) i);
        }
        assertThat(events.get(0).executionStartedEventDetails().input()).isEqualTo("{\"x\":1}");
        assertThat(events.get(1).stateEnteredEventDetails().name()).isEqualTo("Pause");
        assertThat(Duration.between(events.get(1).timestamp(), events.get(2).timestamp()))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(events.get(4).taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(events.get(4).taskScheduledEventDetails().resource()).isEqualTo("invoke");
        assertThat(events.get(4).taskScheduledEventDetails().parameters())
                .isEqualTo("{\"FunctionName\":\"echo\",\"Payload\":{\"x\":1}}");
        assertThat(events.get(6).taskSucceededEventDetails().output()).contains("\"StatusCode\":200");
        assertThat(events.get(8).executionSucceededEventDetails().output()).isEqualTo("{\"x\":1}");

        List<HistoryEvent> reversed = client.getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true))
                .events();
        assertThat(reversed.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(reversed).hasSize(9);

        var firstPage = client.getExecutionHistory(r -> r.executionArn(arn).maxResults(4));
        assertThat(firstPage.events()).hasSize(4);
        var rest = client.getExecutionHistory(r -> r.executionArn(arn).maxResults(100)
                .nextToken(firstPage.nextToken()));
        assertThat(rest.events()).extracting(HistoryEvent::id).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(client.getExecutionHistory(r -> r.executionArn(arn).includeExecutionData(false)).events().get(0)
                .executionStartedEventDetails().input()).isNull();
    }

    @Test
    void stopExecution_abortsAWaitingExecution() throws InterruptedException {
        String sm = create("stop", WAIT_THEN_ECHO);
        String arn = client.startExecution(r -> r.stateMachineArn(sm).name("s")).executionArn();
        awaitPendingTimer();
        var stopped = client.stopExecution(r -> r.executionArn(arn).error("Operator.Stop").cause("by hand"));
        assertThat(stopped.stopDate()).isEqualTo(clock.now());
        DescribeExecutionResponse d = client.describeExecution(r -> r.executionArn(arn));
        assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.error()).isEqualTo("Operator.Stop");
        assertThat(d.cause()).isEqualTo("by hand");
        List<HistoryEvent> events = client.getExecutionHistory(r -> r.executionArn(arn)).events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.EXECUTION_ABORTED);
        assertThat(events.get(2).executionAbortedEventDetails().error()).isEqualTo("Operator.Stop");
        awaitNoPendingTimer();
        clock.advance(Duration.ofMinutes(5));
        assertThat(client.getExecutionHistory(r -> r.executionArn(arn)).events()).hasSize(3);
    }

    @Test
    void describeStateMachineForExecution_showsTheDefinitionTheExecutionRan() throws InterruptedException {
        String sm = create("versioned", WAIT_THEN_ECHO);
        String arn = client.startExecution(r -> r.stateMachineArn(sm).name("old")).executionArn();
        client.updateStateMachine(r -> r.stateMachineArn(sm).definition(FAILING));
        assertThat(client.describeStateMachineForExecution(r -> r.executionArn(arn)).definition())
                .isEqualTo(WAIT_THEN_ECHO);
        assertThat(finish(arn).status()).as("a running execution keeps its definition")
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        String next = client.startExecution(r -> r.stateMachineArn(sm).name("new")).executionArn();
        assertThat(finish(next).status()).isEqualTo(ExecutionStatus.FAILED);
    }

    private void awaitPendingTimer() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (clock.pendingDueTimes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(clock.pendingDueTimes()).isNotEmpty();
    }

    private void awaitNoPendingTimer() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!clock.pendingDueTimes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(clock.pendingDueTimes()).as("the Wait timer is cancelled by StopExecution").isEmpty();
    }
}
