package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a channel keeps and returns follows the model's shapes: CreateChannelRequest/UpdateChannelRequest
 * members are stored, DescribeChannelResponse members are returned, and where the two differ the value is
 * projected onto the response shape (MaintenanceCreateSettings to MaintenanceStatus, VpcOutputSettings to
 * VpcOutputSettingsDescription, LinkedChannelSettings to DescribeLinkedChannelSettings).
 */
class ModelMembersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void newerCreateMembers_areStoredAndReturnedInTheirResponseShapes() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(("{'name':'members','channelClass':'SINGLE_PIPELINE',"
                + "'roleArn':'" + TestChannels.ROLE + "',"
                + "'destinations':[{'id':'d','settings':[{'url':'rtmp://h/app','streamName':'k'}],"
                + "'logicalInterfaceNames':['eth0']}],"
                + "'maintenance':{'maintenanceDay':'TUESDAY','maintenanceStartTime':'03:00'},"
                + "'vpc':{'subnetIds':['subnet-1'],'securityGroupIds':['sg-1'],'publicAddressAllocationIds':['eip-1']},"
                + "'channelEngineVersion':{'version':'1.0'},"
                + "'linkedChannelSettings':{'primaryChannelSettings':{'linkedChannelType':'PRIMARY_CHANNEL'}},"
                + "'channelSecurityGroups':['csg-1'],'inferenceSettings':{'feedArn':'arn:aws:feed'},"
                + "'anywhereSettings':{'clusterId':'c1','channelPlacementGroupId':'g1'}}").replace('\'', '"'));

        JsonNode created = json(call("POST", "/prod/channels", request.toString())).path("channel");
        JsonNode described = json(call("GET", "/prod/channels/" + created.path("id").asText(), null));

        assertThat(described.path("maintenance")).isEqualTo(JSON.readTree(
                "{\"maintenanceDay\":\"TUESDAY\",\"maintenanceStartTime\":\"03:00\"}"));
        assertThat(described.path("maintenance").has("maintenanceDeadline")).as("never set, so absent").isFalse();
        assertThat(described.path("vpc").has("publicAddressAllocationIds"))
                .as("VpcOutputSettingsDescription has no such member").isFalse();
        assertThat(described.path("vpc").path("subnetIds").get(0).asText()).isEqualTo("subnet-1");
        assertThat(described.path("channelEngineVersion").path("version").asText()).isEqualTo("1.0");
        assertThat(described.path("linkedChannelSettings").path("primaryChannelSettings").path("linkedChannelType")
                .asText()).isEqualTo("PRIMARY_CHANNEL");
        assertThat(described.path("channelSecurityGroups").get(0).asText()).isEqualTo("csg-1");
        assertThat(described.path("inferenceSettings").path("feedArn").asText()).isEqualTo("arn:aws:feed");
        assertThat(described.path("anywhereSettings").path("clusterId").asText()).isEqualTo("c1");
        assertThat(described.path("destinations").get(0).path("logicalInterfaceNames").get(0).asText()).isEqualTo("eth0");
        assertThat(ModelValidator.bundled().checkResponse(Operation.DescribeChannel, described).clean()).isTrue();
        assertThat(fixture.simulator.modelWarnings()).isEmpty();
    }

    @Test
    void updateOnlyMember_specialRouterSettings_isAcceptedWithoutWarning_andTheRoleGoesWhenLeftOut() throws Exception {
        HttpResponse<String> response = call("PUT", "/prod/channels/" + PROD_CHANNEL,
                "{\"specialRouterSettings\":{\"routerArn\":\"arn:aws:router\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fixture.simulator.modelWarnings()).isEmpty();
        JsonNode channel = json(response).path("channel");
        assertThat(channel.has("specialRouterSettings")).as("the Channel shape has no such member").isFalse();
        assertThat(channel.has("roleArn")).as("the model's RoleArn doc: an update without it removes the role")
                .isFalse();
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.endpoint.resolve(path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
