package dev.lunora.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Relay mode in the cloud (architecture §8): the relay's container image built from {@code relay/}, one Fargate
 * service that the reconcile scales between 0 (idle, the template's value) and 1, and an internet-facing Network Load
 * Balancer that gives its RTMP ingest one stable address for the channel's one relay output.
 *
 * <p>Network: a VPC with public subnets only, tasks with a public IP, and no NAT gateway. The relay pushes every
 * destination's copy of the program to YouTube, Twitch &amp; co. over the internet (N × ~4.6 Mbit/s, about 2 GB per
 * destination-hour); through NAT that is $0.045 per GB processed on top of the gateway's hourly fee around the clock,
 * against a public IPv4 address only while a task runs. The task's security group admits only the NLB on 1935.
 *
 * <p>Size: 0.5 vCPU / 1 GB. {@code ffmpeg -c copy} remuxes without decoding (a few % of a core per destination), nginx
 * only forwards the one ingest, and the JVM converger is idle between its one-second passes; 1 GB holds the JVM
 * (capped at 40 % by the Dockerfile) plus nginx and a ~20-30 MB ffmpeg per destination for ten or more destinations.
 * X86_64, not Graviton: the image is built on the deployer's machine, and an amd64 build works natively on Linux
 * hosts and through Docker Desktop's emulation on Apple silicon, while arm64 on a plain Linux Docker Engine needs
 * QEMU set up first; the ~20 % Graviton saving is about half a cent per live hour here.
 */
public final class RelayMode extends Construct {

    public static final int RTMP_PORT = 1935;
    public static final String INGEST_APP = "relay";
    public static final String CONTAINER = "Relay";
    /** The ingest secret's name in Secrets Manager; SSM serves it at {@link #INGEST_SECRET_PARAMETER}. */
    public static final String INGEST_SECRET_NAME = "lunora/relay/ingest";
    public static final String INGEST_SECRET_PARAMETER = "/aws/reference/secretsmanager/" + INGEST_SECRET_NAME;

    private final Vpc vpc;
    private final Cluster cluster;
    private final FargateTaskDefinition task;
    private final ContainerDefinition container;
    private final FargateService service;
    private final NetworkLoadBalancer ingest;
    private final NetworkListener listener;
    private final SecurityGroup ingestSecurityGroup;
    private final SecurityGroup taskSecurityGroup;
    private final Secret ingestSecret;
    private final LogGroup logs;
    private final Role taskRole;

    /**
     * @param environment the container's variables besides the ingest's (the channel, the destinations table, region)
     * @param ingestCidr  who may connect to port 1935 of the NLB
     * @param accessLogs  the stack's log bucket, for the VPC's flow logs
     */
    public RelayMode(Construct scope, String id, Path relayDir, Map<String, String> environment, String ingestCidr, IBucket accessLogs) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build()))
                .build();
        // Flow logs to the log bucket the site already has: no role, no log group, S3 storage prices only.
        vpc.addFlowLog("FlowLogs", FlowLogOptions.builder()
                .destination(FlowLogDestination.toS3(accessLogs, "vpc-flow-logs/"))
                .trafficType(FlowLogTrafficType.ALL)
                .build());
        cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();

        // The ingest path's secret: Secrets Manager generates it inside AWS at the first deploy, so it is never in the
        // template, the assembly or a custom resource's event; SSM's documented reference path serves it to the same
        // GetParameter (with decryption) that reads stream keys. CloudFormation cannot create SecureString parameters.
        ingestSecret = Secret.Builder.create(this, "IngestSecret")
                .secretName(INGEST_SECRET_NAME)
                .description("Lunora relay: the secret part of the RTMP ingest path (rtmp://<ingest>:1935/relay/<secret>)")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(32).excludePunctuation(true).includeSpace(false).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        logs = LogGroup.Builder.create(this, "Logs")
                .retention(LunoraFunction.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Lunora relay task: reads destinations and keys, writes delivery status")
                .build();
        task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(512)
                .memoryLimitMiB(1024)
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .taskRole(taskRole)
                .build();
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("RELAY_RUNNER", "ffmpeg");
        env.put("RELAY_INGEST_PORT", String.valueOf(RTMP_PORT));
        env.put("RELAY_INGEST_APP", INGEST_APP);
        env.put("RELAY_INGEST_SECRET_PARAMETER", INGEST_SECRET_PARAMETER);
        container = task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromAsset(relayDir.toString(), AssetImageProps.builder().platform(Platform.LINUX_AMD64).build()))
                .environment(env)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("relay").build()))
                .portMappings(List.of(PortMapping.builder().containerPort(RTMP_PORT)
                        .protocol(software.amazon.awscdk.services.ecs.Protocol.TCP).build()))
                // SIGTERM stops every push and nginx (RelayMain); ECS waits this long before SIGKILL.
                .stopTimeout(Duration.seconds(20))
                .essential(true)
                .build());

        // The NLB's group is the only door from the internet: TCP 1935 from ingestCidr. MediaLive pushes from addresses
        // known only per running channel (its egress IPs), so the default is anywhere; the path's secret is what keeps
        // strangers from publishing, and -c relayIngestCidr narrows it once those addresses are known.
        ingestSecurityGroup = SecurityGroup.Builder.create(this, "IngestSecurityGroup").vpc(vpc).allowAllOutbound(false)
                .description("Lunora relay ingest: RTMP (TCP 1935) from MediaLive").build();
        ingestSecurityGroup.addIngressRule(Peer.ipv4(ingestCidr), Port.tcp(RTMP_PORT), "RTMP from the MediaLive channel");
        // Tasks: 1935 from the NLB only (forwarded connections and its health checks). Outbound open: the platforms'
        // RTMP/RTMPS endpoints (1935, 443 and whatever port a custom destination names), DynamoDB, SSM, ECR, logs.
        taskSecurityGroup = SecurityGroup.Builder.create(this, "TaskSecurityGroup").vpc(vpc).allowAllOutbound(true)
                .description("Lunora relay tasks: RTMP from the ingest NLB only").build();
        taskSecurityGroup.addIngressRule(ingestSecurityGroup, Port.tcp(RTMP_PORT), "RTMP and health checks from the ingest NLB");
        ingestSecurityGroup.addEgressRule(taskSecurityGroup, Port.tcp(RTMP_PORT), "to the relay tasks");

        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                // Idle: no task, no cost. StartRelay/StopRelay set it (0 or 1); nothing autoscales it.
                .desiredCount(0)
                // One task at most, ever: two relays would push the same stream key twice. A new deployment stops the
                // old task before starting the new one; MediaLive's RTMP retry reconnects through the NLB.
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(taskSecurityGroup))
                .healthCheckGracePeriod(Duration.seconds(60))
                // Fail a deployment whose tasks keep stopping instead of retrying for hours; no rollback: the reconcile
                // reads the failure from DescribeServices and leaves the channel idle with a reason (compensation).
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(false).build())
                .build();

        ingest = NetworkLoadBalancer.Builder.create(this, "Ingest")
                .vpc(vpc)
                .internetFacing(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .securityGroups(List.of(ingestSecurityGroup))
                // One task in one of two zones: without cross-zone, the other zone's NLB address would lead nowhere.
                .crossZoneEnabled(true)
                .build();
        listener = ingest.addListener("Rtmp", BaseNetworkListenerProps.builder().port(RTMP_PORT)
                .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP).build());
        listener.addTargets("Relay", AddNetworkTargetsProps.builder()
                .port(RTMP_PORT)
                .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP)
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName(CONTAINER).containerPort(RTMP_PORT).build())))
                // nginx accepts on 1935 only once the relay has read its secret and started it: a TCP check is enough.
                .healthCheck(HealthCheck.builder()
                        .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP)
                        .interval(Duration.seconds(10)).healthyThresholdCount(2).unhealthyThresholdCount(2).build())
                // Scaling to 0 happens after the channel stopped: no connection is left to drain.
                .deregistrationDelay(Duration.seconds(10))
                .build());
    }

    /** What MediaLive's relay output pushes to (without the secret; the reconcile appends it). */
    public String ingestUrl() {
        return "rtmp://" + ingest.getLoadBalancerDnsName() + ":" + RTMP_PORT + "/" + INGEST_APP;
    }

    public String ingestSecretParameterArn() {
        return Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName(INGEST_SECRET_PARAMETER.substring(1)).arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    public Vpc vpc() {
        return vpc;
    }

    public Cluster cluster() {
        return cluster;
    }

    public FargateTaskDefinition task() {
        return task;
    }

    public ContainerDefinition container() {
        return container;
    }

    public FargateService service() {
        return service;
    }

    public NetworkLoadBalancer ingest() {
        return ingest;
    }

    public NetworkListener listener() {
        return listener;
    }

    public SecurityGroup ingestSecurityGroup() {
        return ingestSecurityGroup;
    }

    public SecurityGroup taskSecurityGroup() {
        return taskSecurityGroup;
    }

    public Secret ingestSecret() {
        return ingestSecret;
    }

    public LogGroup logs() {
        return logs;
    }

    public Role taskRole() {
        return taskRole;
    }
}
