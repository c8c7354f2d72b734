package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Relay mode's resources in the documented deployment (existing channel 3714710, us-west-2), and without them. */
class RelayModeStackTest {

    private final Synth s = Synth.existingChannel();
    private final Template t = s.template;
    private final RelayMode relay = s.stack.relay();

    @Test
    void service_fargate_desiredZero_neverTwoTasks_publicIp_behindTheNlb() {
        t.resourceCountIs("AWS::ECS::Service", 1);
        t.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "LaunchType", "FARGATE",
                "DesiredCount", 0,
                "DeploymentConfiguration", Match.objectLike(Map.of("MinimumHealthyPercent", 0, "MaximumPercent", 100)),
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "ENABLED"))),
                "LoadBalancers", List.of(Match.objectLike(Map.of("ContainerName", RelayMode.CONTAINER, "ContainerPort", 1935))))));
        // Nothing scales it but the reconcile.
        t.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
    }

    @Test
    void task_halfVcpuOneGb_x86_containerEnv_awslogsWithRetention() {
        t.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RequiresCompatibilities", List.of("FARGATE"),
                "NetworkMode", "awsvpc",
                "Cpu", "512",
                "Memory", "1024",
                "RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"),
                "TaskRoleArn", s.resolve(relay.taskRole().getRoleArn()),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Name", RelayMode.CONTAINER,
                        "Essential", true,
                        "PortMappings", List.of(Map.of("ContainerPort", 1935, "Protocol", "tcp")),
                        "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs",
                                "Options", Match.objectLike(Map.of("awslogs-group", s.resolve(relay.logs().getLogGroupName())))))))))));
        Map<String, Object> env = containerEnvironment();
        assertThat(env).containsOnlyKeys("MEDIALIVE_CHANNEL_ID", "DESTINATIONS_TABLE", "AWS_REGION", "RELAY_RUNNER", "RELAY_INGEST_PORT",
                "RELAY_INGEST_APP", "RELAY_INGEST_SECRET_PARAMETER", "STATE_MACHINE_ARN", "CHANNELS_TABLE");
        assertThat(env).containsEntry("MEDIALIVE_CHANNEL_ID", "3714710").containsEntry("AWS_REGION", "us-west-2")
                .containsEntry("RELAY_RUNNER", "ffmpeg").containsEntry("RELAY_INGEST_PORT", "1935").containsEntry("RELAY_INGEST_APP", "relay")
                .containsEntry("RELAY_INGEST_SECRET_PARAMETER", "/aws/reference/secretsmanager/lunora/relay/ingest");
        assertThat(env.get("DESTINATIONS_TABLE")).isEqualTo(s.resolve(((DataTables) s.stack.getNode().findChild("Tables")).destinations().getTableName()));
        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        assertThat(Synth.props(s.resources().get(logicalId(relay.logs().getLogGroupName()))).get("RetentionInDays")).isEqualTo(30);
    }

    @Test
    void image_builtFromTheRelayFolder_forLinuxAmd64() throws Exception {
        JsonNode assets = new ObjectMapper().readTree(Path.of(s.app.getOutdir(), LunoraApp.STACK_NAME + ".assets.json").toFile());
        List<JsonNode> images = new ArrayList<>();
        assets.path("dockerImages").forEach(images::add);
        assertThat(images).hasSize(1);
        JsonNode source = images.get(0).path("source");
        assertThat(Path.of(source.path("directory").asText()).getFileName().toString()).isEqualTo("relay");
        assertThat(source.path("platform").asText()).isEqualTo("linux/amd64");
    }

    @Test
    void nlb_internetFacing_tcp1935Listener_ipTargetsOn1935_tcpHealthCheck_crossZone() {
        t.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of(
                "Type", "network", "Scheme", "internet-facing",
                "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "load_balancing.cross_zone.enabled", "Value", "true"))))));
        t.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of("Port", 1935, "Protocol", "TCP")));
        t.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "Port", 1935, "Protocol", "TCP", "TargetType", "ip", "HealthCheckProtocol", "TCP")));
    }

    @Test
    void securityGroups_openOnlyTcp1935_theInternetOnlyToTheNlb() {
        List<Map<String, Object>> ingress = new ArrayList<>();
        s.resourcesOfType("AWS::EC2::SecurityGroup").values().forEach(sg ->
                IamPolicyTest.list(Synth.props(sg).get("SecurityGroupIngress")).forEach(r -> ingress.add(cast(r))));
        s.resourcesOfType("AWS::EC2::SecurityGroupIngress").values().forEach(r -> ingress.add(Synth.props(r)));
        assertThat(ingress).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("IpProtocol", "tcp")
                .containsEntry("FromPort", 1935).containsEntry("ToPort", 1935));
        // From the internet only to the NLB's group; the tasks accept only the NLB's group.
        assertThat(ingress).filteredOn(r -> r.containsKey("CidrIp")).singleElement()
                .satisfies(r -> assertThat(r.get("CidrIp")).isEqualTo("0.0.0.0/0"));
        assertThat(ingress).filteredOn(r -> r.containsKey("SourceSecurityGroupId")).singleElement()
                .satisfies(r -> assertThat(r.get("SourceSecurityGroupId")).isEqualTo(s.resolve(relay.ingestSecurityGroup().getSecurityGroupId())));
        assertThat(s.resourcesOfType("AWS::EC2::SecurityGroupEgress").values()).singleElement()
                .satisfies(r -> assertThat(Synth.props(r)).containsEntry("FromPort", 1935).containsEntry("ToPort", 1935));
    }

    @Test
    void relayIngestCidr_narrowsTheOnlyInternetRule() {
        Synth narrowed = Synth.of(Map.of("channelId", "3714710", "relayIngestCidr", "52.10.0.0/16"));
        narrowed.template.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "SecurityGroupIngress", List.of(Match.objectLike(Map.of("CidrIp", "52.10.0.0/16", "FromPort", 1935, "ToPort", 1935))))));
        assertThatThrownBy(() -> Synth.of(Map.of("channelId", "3714710", "relayIngestCidr", "anywhere")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relayIngestCidr");
    }

    @Test
    void vpc_publicSubnetsOnly_noNatGateway_flowLogsToTheLogBucket() {
        t.resourceCountIs("AWS::EC2::NatGateway", 0);
        t.resourcePropertiesCountIs("AWS::EC2::Subnet", Match.objectLike(Map.of("MapPublicIpOnLaunch", true)), 2);
        t.resourceCountIs("AWS::EC2::Subnet", 2);
        t.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of("LogDestinationType", "s3", "TrafficType", "ALL")));
    }

    @Test
    void ingestSecret_generatedBySecretsManager_neverInTheTemplate() {
        t.resourceCountIs("AWS::SecretsManager::Secret", 2); // and the fingerprint key
        t.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "lunora/relay/ingest",
                "GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 32, "ExcludePunctuation", true)))));
        s.resourcesOfType("AWS::SecretsManager::Secret").values().forEach(secret -> assertThat(Synth.props(secret)).doesNotContainKey("SecretString"));
        t.resourceCountIs("AWS::SSM::Parameter", 0);
    }

    @Test
    void reconcileTasks_knowTheRelay_apiOnlyThatItExists() {
        String ingestUrl = IamPolicyTest.render(s.resolve(relay.ingestUrl()));
        assertThat(ingestUrl).startsWith("rtmp://").endsWith(":1935/relay");
        for (FunctionCatalog.Entry e : FunctionCatalog.read(s.stack.settings().functionCatalogFile()).tasks()) {
            Map<String, Object> env = environmentOf(e.handler());
            assertThat(env).as(e.name())
                    .containsEntry("RELAY_CLUSTER", s.resolve(relay.cluster().getClusterName()))
                    .containsEntry("RELAY_SERVICE", s.resolve(relay.service().getServiceName()))
                    .containsEntry("RELAY_INGEST_SECRET_PARAMETER", RelayMode.INGEST_SECRET_PARAMETER);
            assertThat(IamPolicyTest.render(env.get("RELAY_INGEST_URL"))).as(e.name()).isEqualTo(ingestUrl);
        }
        assertThat(environmentOf(LunoraStack.API_HANDLER)).containsKeys("RELAY_CLUSTER", "RELAY_SERVICE")
                .doesNotContainKeys("RELAY_INGEST_URL", "RELAY_INGEST_SECRET_PARAMETER");
    }

    @Test
    void withoutRelay_noRelayResources_noRelayVariables_noEcsGrants() {
        Synth n = Synth.withoutRelay();
        for (String type : List.of("AWS::ECS::Service", "AWS::ECS::Cluster", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPC")) {
            n.template.resourceCountIs(type, 0);
        }
        n.template.resourceCountIs("AWS::SecretsManager::Secret", 1); // the fingerprint key only
        String template = IamPolicyTest.render(n.json.toString());
        assertThat(template).doesNotContain("RELAY_").doesNotContain("ecs:").doesNotContain("lunora/relay/ingest");
        assertThat(n.stack.tasks()).containsKeys("StartRelay", "StopRelay");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> containerEnvironment() {
        Map<String, Object> td = Synth.props(s.resourcesOfType("AWS::ECS::TaskDefinition").values().iterator().next());
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Object kv : (List<Object>) ((Map<String, Object>) ((List<Object>) td.get("ContainerDefinitions")).get(0)).get("Environment")) {
            out.put(((Map<String, Object>) kv).get("Name").toString(), ((Map<String, Object>) kv).get("Value"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environmentOf(String handler) {
        return s.resourcesOfType("AWS::Lambda::Function").values().stream().map(Synth::props)
                .filter(p -> handler.equals(p.get("Handler"))).findFirst()
                .map(p -> (Map<String, Object>) ((Map<?, ?>) p.get("Environment")).get("Variables")).orElseThrow();
    }

    private String logicalId(String token) {
        return ((Map<?, ?>) s.resolve(token)).get("Ref").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
