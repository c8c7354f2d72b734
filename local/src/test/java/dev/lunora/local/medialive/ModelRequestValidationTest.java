package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.AudioDescription;
import software.amazon.awssdk.services.medialive.model.CreateChannelRequest;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.OutputSettings;
import software.amazon.awssdk.services.medialive.model.RtmpGroupSettings;
import software.amazon.awssdk.services.medialive.model.RtmpOutputSettings;
import software.amazon.awssdk.services.medialive.model.UnprocessableEntityException;
import software.amazon.awssdk.services.medialive.model.ValidationError;

/**
 * Requests that break AWS's MediaLive model (local/src/main/resources/medialive/model-rules.json, generated
 * from botocore's data/medialive/2017-10-14/service-2.json.gz) are refused with 422 and MediaLive-style
 * element paths (medialive-api.md §1.5, [ISSUE-1525]), seen through the unmodified SDK.
 */
class ModelRequestValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RTMP_GROUP = "encoderSettings.outputGroups[0]";

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<ValidationError> refused(CreateChannelRequest request) {
        UnprocessableEntityException e = catchThrowableOfType(() -> client.createChannel(request),
                UnprocessableEntityException.class);
        assertThat(e).as("422 UnprocessableEntityException").isNotNull();
        assertThat(e.statusCode()).isEqualTo(422);
        assertThat(e.getMessage()).doesNotContain(TestChannels.STREAM_KEY);
        return e.validationErrors();
    }

    private static CreateChannelRequest withGroup(OutputGroup group) {
        CreateChannelRequest base = TestChannels.rtmpChannel("model", "rtmp://a.rtmp.youtube.com/live2").build();
        return base.toBuilder().encoderSettings(base.encoderSettings().toBuilder().outputGroups(group).build()).build();
    }

    private static OutputGroup groupWithRtmpSettings(RtmpOutputSettings settings) {
        Output output = TestChannels.rtmpOutput("out1", "dest1").toBuilder()
                .outputSettings(OutputSettings.builder().rtmpOutputSettings(settings).build()).build();
        return TestChannels.rtmpGroup("rtmp", output);
    }

    @Test
    void audioDescriptionWithoutAudioSelectorName_is422AtItsPath_AudioDescriptionRequiresIt() {
        CreateChannelRequest base = TestChannels.rtmpChannel("model", "rtmp://a.rtmp.youtube.com/live2").build();
        CreateChannelRequest request = base.toBuilder().encoderSettings(base.encoderSettings().toBuilder()
                .audioDescriptions(AudioDescription.builder().name("audio_1").build()).build()).build();

        assertThat(refused(request)).singleElement().satisfies(error -> {
            assertThat(error.elementPath()).isEqualTo("encoderSettings.audioDescriptions[0].audioSelectorName");
            assertThat(error.errorMessage()).containsIgnoringCase("required");
        });
    }

    @Test
    void rtmpOutputWithoutDestination_is422AtItsPath_RtmpOutputSettingsRequiresIt() {
        OutputGroup group = groupWithRtmpSettings(RtmpOutputSettings.builder().numRetries(10).build());

        assertThat(refused(withGroup(group))).extracting(ValidationError::elementPath)
                .containsExactly(RTMP_GROUP + ".outputs[0].outputSettings.rtmpOutputSettings.destination");
    }

    @Test
    void enumValueOutOfRange_is422NamingTheAllowedValues() {
        OutputGroup group = groupWithRtmpSettings(TestChannels.rtmpOutput("out1", "dest1").outputSettings()
                .rtmpOutputSettings().toBuilder().certificateMode("TRUST_EVERYONE").build());

        assertThat(refused(withGroup(group))).singleElement().satisfies(error -> {
            assertThat(error.elementPath())
                    .isEqualTo(RTMP_GROUP + ".outputs[0].outputSettings.rtmpOutputSettings.certificateMode");
            assertThat(error.errorMessage()).contains("SELF_SIGNED").contains("VERIFY_AUTHENTICITY");
        });
    }

    @Test
    void cacheLengthOfTen_is422_becauseTheModelShapeIsIntegerMin30() {
        OutputGroup group = TestChannels.rtmpGroup("rtmp", TestChannels.rtmpOutput("out1", "dest1")).toBuilder()
                .outputGroupSettings(s -> s.rtmpGroupSettings(RtmpGroupSettings.builder().cacheLength(10).build()))
                .build();

        assertThat(refused(withGroup(group))).singleElement().satisfies(error -> {
            assertThat(error.elementPath()).isEqualTo(RTMP_GROUP + ".outputGroupSettings.rtmpGroupSettings.cacheLength");
            assertThat(error.errorMessage()).contains("30").contains("10");
        });
    }

    @Test
    void updateChannel_isCheckedAgainstTheModelToo() {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        var request = TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build();
        var groups = new java.util.ArrayList<>(request.encoderSettings().outputGroups());
        int last = groups.size() - 1;
        groups.set(last, groups.get(last).toBuilder().outputGroupSettings(s -> s.rtmpGroupSettings(
                RtmpGroupSettings.builder().cacheLength(10).build())).build());
        var invalid = request.toBuilder().encoderSettings(request.encoderSettings().toBuilder().outputGroups(groups)
                .build()).build();

        UnprocessableEntityException e = catchThrowableOfType(() -> client.updateChannel(invalid),
                UnprocessableEntityException.class);

        assertThat(e.validationErrors()).extracting(ValidationError::elementPath).containsExactly(
                "encoderSettings.outputGroups[" + last + "].outputGroupSettings.rtmpGroupSettings.cacheLength");
    }

    @Test
    void wrongJsonTypes_areReportedWithoutQuotingTheValues() throws Exception {
        String body = "{\"name\":\"x\",\"destinations\":[{\"id\":\"d\",\"settings\":[{\"url\":[\"" + TestChannels.STREAM_KEY
                + "\"],\"streamName\":7}]}],\"logLevel\":\"LOUD\"}";

        HttpResponse<String> response = call("POST", "/prod/channels", body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnprocessableEntityException");
        JsonNode errors = JSON.readTree(response.body()).path("validationErrors");
        assertThat(errors.findValuesAsText("elementPath")).containsExactlyInAnyOrder(
                "destinations[0].settings[0].url", "destinations[0].settings[0].streamName", "logLevel");
        assertThat(response.body()).doesNotContain(TestChannels.STREAM_KEY);
    }

    @Test
    void listAlerts_maxResultsThatIsNoInteger_is422_fromTheQueryMembersShape() throws Exception {
        HttpResponse<String> response = call("GET", "/prod/channels/" + PROD_CHANNEL + "/alerts?maxResults=many", null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).path("validationErrors").get(0).path("elementPath").asText())
                .isEqualTo("maxResults");
    }

    @Test
    void bodyThatIsNotAJsonObject_is400BadRequest() throws Exception {
        assertThat(call("POST", "/prod/channels", "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> array = call("POST", "/prod/channels", "[1,2]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
    }

    /** No source says how MediaLive treats members its model lacks: accepted, logged, listed (a guess). */
    @Test
    void unknownMember_isAcceptedAndListedAsAWarningWithoutItsValue() throws Exception {
        String body = "{\"name\":\"x\",\"channelClass\":\"SINGLE_PIPELINE\",\"futureSetting\":\"" + TestChannels.STREAM_KEY
                + "\",\"destinations\":[{\"id\":\"d\",\"settings\":[{\"url\":\"rtmp://h/app\",\"streamName\":\""
                + TestChannels.STREAM_KEY + "\",\"streamKeyV2\":\"" + TestChannels.STREAM_KEY + "\"}]}]}";

        assertThat(call("POST", "/prod/channels", body).statusCode()).isEqualTo(201);

        assertThat(fixture.simulator.modelWarnings()).extracting(ModelWarning::text).containsExactly(
                "futureSetting: not a member of CreateChannelRequest in the MediaLive model",
                "destinations[0].settings[0].streamKeyV2: not a member of OutputDestinationSettings in the MediaLive model");
        HttpResponse<String> listed = call("GET", "/_simulator/warnings", null);
        assertThat(JSON.readTree(listed.body()).path("warnings")).hasSize(2);
        assertThat(listed.body()).doesNotContain(TestChannels.STREAM_KEY);
        assertThat(JSON.readTree(call("DELETE", "/_simulator/warnings", null).body()).path("warnings")).isEmpty();
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.endpoint.resolve(path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
