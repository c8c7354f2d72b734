package dev.lunora.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.medialive.CfnChannel;
import software.amazon.awscdk.services.medialive.CfnInput;
import software.amazon.awscdk.services.medialive.CfnInputSecurityGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * For producers without a channel ({@code -c createChannel=true}): an RTMP_PUSH input for OBS and a SINGLE_PIPELINE
 * channel (half the price of a standard one) with one H.264/AAC encode, 1280x720 at 30 fps, 4.5 Mbit/s CBR, 2 s GOP,
 * AAC-LC 128 kbit/s 48 kHz stereo — what YouTube, Twitch and Facebook recommend for 720p30 and within every
 * platform's ingest limits. A channel needs at least one output group, so the encode also goes to a one-day
 * archive in S3 (a recording of the last show); Lunora adds its RTMP group beside it.
 */
public final class CreatedChannel extends Construct {

    private final CfnChannel channel;
    private final CfnInput input;
    private final Role role;

    public CreatedChannel(Construct scope, String id, String inputCidr, IBucket accessLogs) {
        super(scope, id);
        Bucket archive = Bucket.Builder.create(this, "Archive")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("archive/")
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(1)).build()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(true)
                .build();
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("medialive.amazonaws.com"))
                .description("The Lunora channel's role: writes its archive and its logs, nothing else")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(archive.arnForObjects("*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(archive.getBucketArn()))
                .build());
        // Encoder logs (the channel's log level below) and as-run logs (always on) go to the log group ElementalMediaLive,
        // one stream per channel pipeline (docs.aws.amazon.com/medialive/latest/ug/working-with-logs.html). The actions are
        // the trusted entity's CloudWatch Logs list (docs.aws.amazon.com/medialive/latest/ug/trusted-entity-requirements.html),
        // which suggests them on arn:aws:logs:*; here they are on that one group, except the account-wide read DescribeLogGroups.
        Stack stack = Stack.of(this);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogGroup", "logs:DescribeLogStreams", "logs:PutRetentionPolicy", "logs:PutMetricFilter"))
                .resources(List.of(logGroupArn(stack, MEDIALIVE_LOG_GROUP)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroupArn(stack, MEDIALIVE_LOG_GROUP + ":log-stream:*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:DescribeLogGroups"))
                .resources(List.of(logGroupArn(stack, "*")))
                .build());
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("MediaLive writes archive segments with names it generates; objects of this one bucket, nothing else. "
                        + "Its channel logs go to streams it names per pipeline in the ElementalMediaLive group only; "
                        + "DescribeLogGroups (read-only, listed by the MediaLive user guide) lists groups account-wide.")
                .appliesTo(List.of("Resource::<" + stack.getLogicalId((CfnElement) archive.getNode().getDefaultChild()) + ".Arn>/*",
                        RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:logs:[^:]+:.+:log-group:"
                                + MEDIALIVE_LOG_GROUP + ":log-stream:\\*$/").build(),
                        RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:logs:[^:]+:.+:log-group:\\*$/").build()))
                .build()), true);

        CfnInputSecurityGroup allowed = CfnInputSecurityGroup.Builder.create(this, "InputSecurityGroup")
                .whitelistRules(List.of(CfnInputSecurityGroup.InputWhitelistRuleCidrProperty.builder().cidr(inputCidr).build()))
                .build();
        input = CfnInput.Builder.create(this, "Input")
                .name("lunora-obs")
                .type("RTMP_PUSH")
                .inputSecurityGroups(List.of(allowed.getRef()))
                // Single-pipeline channel: one destination (application/instance that OBS pushes to).
                .destinations(List.of(CfnInput.InputDestinationRequestProperty.builder().streamName("lunora/live").build()))
                .build();

        channel = CfnChannel.Builder.create(this, "Channel")
                .name("lunora")
                .channelClass("SINGLE_PIPELINE")
                .roleArn(role.getRoleArn())
                .logLevel("ERROR")
                .inputSpecification(CfnChannel.InputSpecificationProperty.builder()
                        .codec("AVC").resolution("HD").maximumBitrate("MAX_10_MBPS").build())
                .inputAttachments(List.of(CfnChannel.InputAttachmentProperty.builder()
                        .inputAttachmentName("obs").inputId(input.getRef())
                        .inputSettings(CfnChannel.InputSettingsProperty.builder()
                                .sourceEndBehavior("CONTINUE")
                                .audioSelectors(List.of(CfnChannel.AudioSelectorProperty.builder().name("default").build()))
                                .build())
                        .build()))
                .destinations(List.of(CfnChannel.OutputDestinationProperty.builder()
                        .id("archive")
                        .settings(List.of(CfnChannel.OutputDestinationSettingsProperty.builder()
                                .url("s3ssl://" + archive.getBucketName() + "/archive/lunora").build()))
                        .build()))
                .build();
        // The encoder settings are deep; raw CloudFormation keeps them readable next to MediaLive's documentation.
        channel.addPropertyOverride("EncoderSettings", encoderSettings());
    }

    /** Where MediaLive writes every channel's logs; the name is fixed by MediaLive. */
    static final String MEDIALIVE_LOG_GROUP = "ElementalMediaLive";

    private static String logGroupArn(Stack stack, String resourceName) {
        return stack.formatArn(ArnComponents.builder().service("logs").resource("log-group").resourceName(resourceName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    static Map<String, Object> encoderSettings() {
        return Map.of(
                "TimecodeConfig", Map.of("Source", "SYSTEMCLOCK"),
                "VideoDescriptions", List.of(Map.of(
                        "Name", "h264-720p30",
                        "Width", 1280, "Height", 720,
                        "ScalingBehavior", "DEFAULT",
                        "RespondToAfd", "NONE",
                        "Sharpness", 50,
                        "CodecSettings", Map.of("H264Settings", Map.ofEntries(
                                Map.entry("Profile", "HIGH"),
                                Map.entry("Level", "H264_LEVEL_AUTO"),
                                Map.entry("RateControlMode", "CBR"),
                                Map.entry("Bitrate", 4_500_000),
                                Map.entry("FramerateControl", "SPECIFIED"),
                                Map.entry("FramerateNumerator", 30),
                                Map.entry("FramerateDenominator", 1),
                                Map.entry("GopSize", 2),
                                Map.entry("GopSizeUnits", "SECONDS"),
                                Map.entry("GopBReference", "ENABLED"),
                                Map.entry("GopNumBFrames", 2),
                                Map.entry("ScanType", "PROGRESSIVE"),
                                Map.entry("AdaptiveQuantization", "MEDIUM"),
                                Map.entry("AfdSignaling", "NONE"),
                                Map.entry("ColorMetadata", "INSERT"),
                                Map.entry("EntropyEncoding", "CABAC"),
                                Map.entry("SceneChangeDetect", "ENABLED"))))),
                "AudioDescriptions", List.of(Map.of(
                        "Name", "aac-128k",
                        "AudioSelectorName", "default",
                        "AudioTypeControl", "FOLLOW_INPUT",
                        "LanguageCodeControl", "FOLLOW_INPUT",
                        "CodecSettings", Map.of("AacSettings", Map.of(
                                "Bitrate", 128_000, "SampleRate", 48_000, "CodingMode", "CODING_MODE_2_0",
                                "Profile", "LC", "RateControlMode", "CBR", "RawFormat", "NONE", "Spec", "MPEG4",
                                "InputType", "NORMAL")))),
                "OutputGroups", List.of(Map.of(
                        "Name", "archive",
                        "OutputGroupSettings", Map.of("ArchiveGroupSettings", Map.of(
                                "Destination", Map.of("DestinationRefId", "archive"),
                                "RolloverInterval", 300)),
                        "Outputs", List.of(Map.of(
                                "OutputName", "archive-720p30",
                                "VideoDescriptionName", "h264-720p30",
                                "AudioDescriptionNames", List.of("aac-128k"),
                                "OutputSettings", Map.of("ArchiveOutputSettings", Map.of(
                                        "NameModifier", "-720p30",
                                        "ContainerSettings", Map.of("M2tsSettings", Map.of()))))))));
    }

    /** The channel id MediaLive assigned (the ARN's last part). */
    public String channelId() {
        return channel.getRef();
    }

    public String channelArn() {
        return channel.getAttrArn();
    }

    public Role role() {
        return role;
    }

    public CfnInput input() {
        return input;
    }
}
