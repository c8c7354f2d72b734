package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.ConflictException;
import software.amazon.awssdk.services.medialive.model.TooManyRequestsException;

/** The admin endpoints under /_simulator, and wire details the SDK hides: error headers, request ids. */
class AdminAndProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        fixture.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.endpoint.resolve(path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void adminNextCalls_conflictForStart_sdkSeesConflict() throws Exception {
        var response = call("POST", "/_simulator/faults/next-calls",
                "{\"operation\":\"StartChannel\",\"count\":1,\"errorType\":\"ConflictException\",\"message\":\"busy\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("scriptedErrors").path("StartChannel").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("busy");
    }

    @Test
    void adminUpdateFailure_nextUpdateLeavesUpdateFailed() throws Exception {
        var response = call("POST", "/_simulator/faults/update-failure", "{\"channelId\":\"" + PROD_CHANNEL + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("nextUpdateFailures").get(0).asText()).isEqualTo(PROD_CHANNEL);
        assertThat(client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("x").roleArn(TestChannels.ROLE)).channel()
                .state()).isEqualTo(ChannelState.UPDATE_FAILED);
        assertThat(json(call("GET", "/_simulator/faults", null)).path("nextUpdateFailures")).isEmpty();
    }

    @Test
    void adminThrottle_rateOne_sdkSeesTooManyRequestsUntilFaultsCleared() throws Exception {
        call("POST", "/_simulator/faults/throttle", "{\"rate\":1}");
        assertThatThrownBy(() -> client.listChannels(b -> { })).isInstanceOf(TooManyRequestsException.class);

        var cleared = call("DELETE", "/_simulator/faults", null);

        assertThat(json(cleared).path("throttleRate").asDouble()).isZero();
        assertThat(client.listChannels(b -> { }).channels()).hasSize(3);
    }

    @Test
    void adminLatency_perOperation_isRecorded() throws Exception {
        var response = call("POST", "/_simulator/faults/latency", "{\"operation\":\"StopChannel\",\"millis\":1500}");

        assertThat(json(response).path("latencyMillisByOperation").path("StopChannel").asLong()).isEqualTo(1500);
        assertThat(json(call("POST", "/_simulator/faults/latency", "{\"millis\":20}")).path("latencyMillis").asLong())
                .isEqualTo(20);
    }

    @Test
    void adminStartFailure_nextStartFallsBackToIdle() throws Exception {
        call("POST", "/_simulator/faults/start-failure", "{\"channelId\":\"" + PROD_CHANNEL + "\"}");

        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().startDuration());

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.IDLE);
    }

    @Test
    void adminStuckStarting_nextStartNeverRuns() throws Exception {
        var response = call("POST", "/_simulator/faults/stuck-starting", "{\"channelId\":\"" + PROD_CHANNEL + "\"}");
        assertThat(json(response).path("nextStartFaults").path(PROD_CHANNEL).asText()).isEqualTo("STUCK_IN_STARTING");

        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(Duration.ofMinutes(30));

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.STARTING);
    }

    @Test
    void adminIngestRules_addListRemove_maskStreamKeys() throws Exception {
        var added = call("POST", "/_simulator/ingest-rules",
                "{\"match\":\"STREAM_KEY\",\"value\":\"" + TestChannels.STREAM_KEY + "\"}");
        call("POST", "/_simulator/ingest-rules", "{\"match\":\"HOST\",\"value\":\"live.twitch.tv\",\"reason\":\"TLS handshake failed\"}");

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body().contains(TestChannels.STREAM_KEY)).as("the response reveals the key").isFalse();
        assertThat(json(added).path("value").asText()).isEqualTo("••••1234");
        var listed = call("GET", "/_simulator/ingest-rules", null);
        assertThat(listed.body().contains(TestChannels.STREAM_KEY)).as("the list reveals the key").isFalse();
        assertThat(json(listed).path("rules")).hasSize(2);

        var removed = call("DELETE", "/_simulator/ingest-rules/" + json(added).path("id").asText(), null);
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(fixture.simulator.ingestRules()).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("TLS handshake failed"));

        call("DELETE", "/_simulator/ingest-rules", null);
        assertThat(fixture.simulator.ingestRules()).isEmpty();
    }

    @Test
    void adminIngestRules_removeUnknown_is404() throws Exception {
        assertThat(call("DELETE", "/_simulator/ingest-rules/rule-99", null).statusCode()).isEqualTo(404);
    }

    @Test
    void adminCalls_listCountersAndReset() throws Exception {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        client.updateChannel(TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build());

        var calls = call("GET", "/_simulator/calls", null);

        assertThat(calls.body().contains(TestChannels.STREAM_KEY)).as("the call log reveals the key").isFalse();
        JsonNode body = json(calls);
        assertThat(body.path("calls")).hasSize(2);
        assertThat(body.path("calls").get(1).path("operation").asText()).isEqualTo("UpdateChannel");
        assertThat(body.path("calls").get(1).path("resourceId").asText()).isEqualTo(PROD_CHANNEL);
        assertThat(body.path("calls").get(1).path("outcome").asText()).isEqualTo("200");
        assertThat(body.path("calls").get(1).path("time").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(body.path("counters").path("DescribeChannel").asLong()).isEqualTo(1);
        assertThat(json(call("GET", "/_simulator/counters", null)).path("UpdateChannel").asLong()).isEqualTo(1);

        call("DELETE", "/_simulator/calls", null);

        assertThat(json(call("GET", "/_simulator/calls", null)).path("calls")).isEmpty();
    }

    @Test
    void adminEvents_afterStart_listsStateEvents() throws Exception {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));

        JsonNode events = json(call("GET", "/_simulator/events", null)).path("events");

        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("detail-type").asText()).isEqualTo("MediaLive Channel State Change");
        assertThat(events.get(0).path("detail").path("state").asText()).isEqualTo("STARTING");
        call("DELETE", "/_simulator/events", null);
        assertThat(fixture.simulator.recentEvents()).isEmpty();
    }

    @Test
    void adminRequest_missingField_is400WithMessage() throws Exception {
        var response = call("POST", "/_simulator/faults/next-calls", "{\"operation\":\"StartChannel\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("message").asText()).contains("errorType");
        assertThat(call("POST", "/_simulator/faults/next-calls",
                "{\"operation\":\"Nope\",\"errorType\":\"Conflict\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void adminPath_namespacedByService_isServedToo() throws Exception {
        call("POST", "/_simulator/medialive/faults/throttle", "{\"rate\":1}");

        assertThat(json(call("GET", "/_simulator/medialive/faults", null)).path("throttleRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void adminRequest_unknownPath_is404() throws Exception {
        assertThat(call("GET", "/_simulator/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void apiError_carriesErrorTypeHeaderTypeFieldAndRequestId() throws Exception {
        var response = call("POST", "/prod/channels/" + PROD_CHANNEL + "/stop", null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ConflictException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(json(response).path("__type").asText()).isEqualTo("ConflictException");
        assertThat(json(response).path("message").asText()).contains("IDLE");
    }

    @Test
    void apiError_unprocessable_bodyCarriesValidationErrors() throws Exception {
        var response = call("PUT", "/prod/channels/" + PROD_CHANNEL,
                "{\"destinations\":[],\"roleArn\":\"" + TestChannels.ROLE + "\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode error = json(response).path("validationErrors").get(0);
        assertThat(error.path("elementPath").asText()).startsWith("encoderSettings.outputGroups[0]");
        assertThat(error.path("errorMessage").asText()).contains("undefined destination");
    }

    @Test
    void apiListAlerts_timestamps_areIsoStringsWithMilliseconds() throws Exception {
        fixture.simulator.failIngestForUrlPrefix("rtmp://");
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        client.updateChannel(TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build());
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().startDuration());

        JsonNode alert = json(call("GET", "/prod/channels/" + PROD_CHANNEL + "/alerts?stateFilter=SET", null))
                .path("alerts").get(0);

        assertThat(alert.path("setTimestamp").asText()).isEqualTo("2026-01-01T00:01:30.000Z");
        assertThat(alert.has("clearedTimestamp")).isFalse();
    }

    @Test
    void api_malformedJson_is400BadRequest() throws Exception {
        var response = call("POST", "/prod/channels", "{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
    }

    @Test
    void api_unknownRoute_is404NotFound() throws Exception {
        var response = call("GET", "/prod/multiplexes", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("message").asText()).contains("does not serve");
    }

    @Test
    void api_startWithEmptyJsonBody_isAccepted() throws Exception {
        var response = call("POST", "/prod/channels/" + PROD_CHANNEL + "/start", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("state").asText()).isEqualTo("STARTING");
    }

    @Test
    void eventSink_throwing_doesNotFailTheCallOrStarveOtherSinks() {
        fixture.simulator.addEventSink(e -> {
            throw new IllegalStateException("sink down");
        });

        assertThat(client.startChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.STARTING);
        assertThat(fixture.events).hasSize(1);
    }

    @Test
    void httpHandler_mountedOnAnotherServer_servesTheSameApi() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", fixture.simulator.httpHandler());
        server.start();
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/prod/channels/" + PROD_CHANNEL))
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-west-2/medialive/aws4_request,"
                            + " SignedHeaders=host;x-amz-date, Signature=deadbeef")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("id").asText()).isEqualTo(PROD_CHANNEL);
        } finally {
            server.stop(0);
        }
    }
}
