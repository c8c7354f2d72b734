package dev.lunora.local.medialive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator on its own, against shapes of the bundled model-rules.json (botocore's MediaLive model). */
class ModelValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelValidator validator = ModelValidator.bundled();

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void response_alertWithEpochTimestamp_isAViolation_becauseChannelAlertUsesIso8601() throws IOException {
        var report = validator.checkResponse(Operation.ListAlerts,
                json("{'alerts':[{'id':'a','state':'SET','setTimestamp':1714557700}]}"));

        assertThat(report.violations()).extracting(ValidationError::elementPath).containsExactly("alerts[0].setTimestamp");
    }

    @Test
    void response_unknownMemberAndBadEnum_areReportedWithTheirPaths() throws IOException {
        var report = validator.checkResponse(Operation.DescribeChannel,
                json("{'id':'1','state':'SLEEPING','egressEndpoints':[{'sourceIp':'1.2.3.4','port':1}]}"));

        assertThat(report.violations()).extracting(ValidationError::elementPath).containsExactly("state");
        assertThat(report.unknownMembers()).containsExactly(
                "egressEndpoints[0].port: not a member of ChannelEgressEndpoint in the MediaLive model");
    }

    @Test
    void rangesFromShapeNames_negativeMinimumsAndStringLengthsAreChecked() throws IOException {
        assertThat(validator.check("GlobalConfiguration", json("{'initialAudioGain':-61}")).violations())
                .extracting(ValidationError::elementPath).containsExactly("initialAudioGain");
        assertThat(validator.check("GlobalConfiguration", json("{'initialAudioGain':-60}")).violations()).isEmpty();
        assertThat(validator.check("AudioDescription",
                json("{'name':'a','audioSelectorName':'s','languageCode':''}")).violations())
                .extracting(ValidationError::elementPath).containsExactly("languageCode");
    }

    @Test
    void request_pathAndQueryMembers_areCheckedAsTheirShapesSay() throws IOException {
        var report = validator.checkRequest(Operation.ListAlerts, JSON.createObjectNode(),
                Map.of("channelId", "1", "maxResults", "5", "stateFilter", "SET"));
        assertThat(report.clean()).isTrue();

        var missing = validator.checkRequest(Operation.DescribeChannel, JSON.createObjectNode(), Map.of());
        assertThat(missing.violations()).extracting(ValidationError::elementPath).containsExactly("channelId");
    }

    @Test
    void request_bodyMemberThatOnlyTravelsInThePath_isUnknownInTheBody() throws IOException {
        var report = validator.checkRequest(Operation.UpdateChannel, json("{'channelId':'1','name':'x'}"),
                Map.of("channelId", "1"));

        assertThat(report.violations()).isEmpty();
        assertThat(report.unknownMembers()).singleElement().asString().startsWith("channelId:");
    }
}
