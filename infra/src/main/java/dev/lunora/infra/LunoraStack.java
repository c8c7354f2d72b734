package dev.lunora.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Everything Lunora needs around one MediaLive channel. Each function's grants are spelled out below, call by call,
 * from what its handler does (see {@code ReconcileService}, the other core services and the adapters): no managed
 * policies, no wildcards on MediaLive, SSM, DynamoDB, Step Functions or Scheduler beyond the three IAM cannot scope
 * (MediaLive ListAlerts and Scheduler ListSchedules on "*", the Lunora group's schedules for the API) and the
 * stream-key prefix.
 *
 * <p>Memory: Lambda gives CPU in proportion to memory. The API answers a person waiting on a click, so it gets
 * 1024 MB (about 0.6 vCPU) to keep a SnapStart restore plus the first SDK call well under a second; the reconcile
 * tasks run inside a workflow that waits minutes for MediaLive anyway, so 512 MB (ample for the 21 MB jar's
 * loaded classes and the SDK clients) halves their cost without anyone noticing the difference.
 */
public final class LunoraStack extends Stack {

    public static final String API_HANDLER = "dev.lunora.handlers.ApiHandler::handleRequest";
    public static final String SERVICE_NAME = "lunora";
    static final String SCHEDULED_ACTION = "ScheduledAction";
    static final String COST_GUARD = "CostGuard";
    /** Targets that ask for a reconcile (SfnReconcileRequests) and so need STATE_MACHINE_ARN. */
    private static final List<String> STARTS_RECONCILES = List.of("ChannelStateChange", SCHEDULED_ACTION, COST_GUARD);

    private static final List<String> DDB_ALL_ITEMS = List.of("dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    private static final List<String> DDB_SCAN = List.of("dynamodb:Scan");
    private static final List<String> DDB_SCAN_GET = List.of("dynamodb:Scan", "dynamodb:GetItem");
    private static final List<String> DDB_SCAN_UPDATE = List.of("dynamodb:Scan", "dynamodb:UpdateItem");
    private static final List<String> DDB_GET_UPDATE = List.of("dynamodb:GetItem", "dynamodb:UpdateItem");
    private static final List<String> DDB_UPDATE = List.of("dynamodb:UpdateItem");
    private static final List<String> DDB_SESSIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem");
    private static final List<String> DDB_GET = List.of("dynamodb:GetItem");
    private static final List<String> DDB_SCAN_GET_UPDATE = List.of("dynamodb:Scan", "dynamodb:GetItem", "dynamodb:UpdateItem");

    private final LunoraSettings settings;
    private final DataTables tables;
    private final String channelId;
    private final String channelArn;
    /**
     * The ARNs of every channel Lunora may manage (issue 18): the primary and the context's {@code managedChannelIds}.
     * Why a list of ARNs and not a tag condition ({@code aws:ResourceTag/${TagKey}}, which the Service Authorization
     * Reference lists for MediaLive's channel resource, https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselementalmedialive.html):
     * whoever may tag a channel in the account could then hand Lunora's functions control of it, outside any review of
     * this stack; a list in the template is what a deploy changes and what a reviewer reads. The price is a redeploy to add
     * a channel, the same as the primary has always needed.
     */
    private final List<String> managedChannelArns;
    private final String channelRoleArn;
    /** MANAGED_CHANNEL_IDS for the functions: the API refuses to manage a channel these permissions do not cover. */
    private final String managedChannelIdList;
    private final String streamKeyParameters;
    private final LunoraFunction api;
    private final Map<String, LunoraFunction> tasks = new LinkedHashMap<>();
    private final Map<String, LunoraFunction> triggered = new LinkedHashMap<>();
    private final ReconcileWorkflow workflow;
    private final Site site;
    private final PrivateApi privateApi;
    private final ChannelEvents events;
    private final LunoraSchedules schedules;
    private final CreatedChannel createdChannel;
    /** Null when deployed with {@code -c relay=false}. */
    private final RelayMode relay;
    /** Keys stream-key fingerprints (HMAC); read by every function through SSM's Secrets Manager reference. */
    private final Secret fingerprintKey;

    /** The fingerprint key's name in Secrets Manager; SSM serves it at {@link #FINGERPRINT_KEY_PARAMETER}. */
    public static final String FINGERPRINT_KEY_NAME = "lunora/fingerprint-key";
    public static final String FINGERPRINT_KEY_PARAMETER = "/aws/reference/secretsmanager/" + FINGERPRINT_KEY_NAME;

    public LunoraStack(Construct scope, String id, StackProps props, LunoraSettings settings) {
        super(scope, id, props);
        this.settings = settings;
        FunctionCatalog catalog = FunctionCatalog.read(settings.functionCatalogFile());
        tables = new DataTables(this, "Tables", settings.existingTables());
        site = new Site(this, "Site", getRegion());

        if (settings.createChannel()) {
            createdChannel = new CreatedChannel(this, "Channel", settings.inputCidr(), site.logs());
            channelId = createdChannel.channelId();
            channelArn = createdChannel.channelArn();
            channelRoleArn = createdChannel.role().getRoleArn();
        } else {
            createdChannel = null;
            channelId = settings.channelId();
            channelArn = formatArn(ArnComponents.builder().service("medialive").resource("channel")
                    .resourceName(channelId).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
            // UpdateChannel must send the channel's role back; the console's default role unless told otherwise.
            channelRoleArn = settings.channelRoleArn() != null ? settings.channelRoleArn()
                    : formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                    .resourceName("MediaLiveAccessRole").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        }
        List<String> managedIds = new java.util.ArrayList<>();
        List<String> arns = new java.util.ArrayList<>(List.of(channelArn));
        managedIds.add(channelId);
        for (String extra : settings.managedChannelIds()) {
            if (!managedIds.contains(extra)) {
                managedIds.add(extra);
                arns.add(formatArn(ArnComponents.builder().service("medialive").resource("channel")
                        .resourceName(extra).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()));
            }
        }
        managedChannelArns = List.copyOf(arns);
        managedChannelIdList = String.join(",", managedIds);
        // CloudFormation cannot create an SSM SecureString, so, like the relay's ingest secret, Secrets Manager
        // generates it inside AWS at the first deploy (never in the template) and SSM's reference path serves it.
        fingerprintKey = Secret.Builder.create(this, "FingerprintKey")
                .secretName(FINGERPRINT_KEY_NAME)
                .description("Lunora: the HMAC key of stream-key fingerprints (stream_key_fingerprint in the destinations table)")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).includeSpace(false).build())
                .build();
        streamKeyParameters = formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName(settings.streamKeyPrefix().substring(1) + "/*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());

        if (settings.relay()) {
            Map<String, String> relayEnv = new LinkedHashMap<>();
            relayEnv.put("MEDIALIVE_CHANNEL_ID", channelId);
            relayEnv.put("DESTINATIONS_TABLE", tables.destinations().getTableName());
            // RelayMain requires it; Fargate's own AWS_REGION is not documented for every platform version.
            relayEnv.put("AWS_REGION", getRegion());
            relay = new RelayMode(this, "Relay", settings.relayDir(), relayEnv, settings.relayIngestCidr(), site.logs());
            grantRelay(relay);
        } else {
            relay = null;
        }
        Map<String, String> taskEnv = new LinkedHashMap<>();
        if (relay != null) {
            // The same names local mode uses for its ECS stand-in.
            taskEnv.put("RELAY_CLUSTER", relay.cluster().getClusterName());
            taskEnv.put("RELAY_SERVICE", relay.service().getServiceName());
            taskEnv.put("RELAY_INGEST_URL", relay.ingestUrl());
            taskEnv.put("RELAY_INGEST_SECRET_PARAMETER", RelayMode.INGEST_SECRET_PARAMETER);
        }
        for (FunctionCatalog.Entry e : catalog.tasks()) {
            LunoraFunction fn = new LunoraFunction(this, e.name(), e.handler(), settings.functionsJar(), 512, Duration.seconds(60),
                    environment(taskEnv), "Lunora reconcile task " + e.name());
            grantTask(e.name(), fn);
            tasks.put(e.name(), fn);
        }
        workflow = new ReconcileWorkflow(this, "Reconcile", settings.stateMachineFile(), catalog, tasks);
        String reconcileArn = workflow.stateMachine().getStateMachineArn();
        if (relay != null) {
            relayRequestsReconcile(relay, workflow.stateMachineArnByName());
        }

        events = new ChannelEvents(this, "ChannelEvents", managedChannelArns);
        for (FunctionCatalog.Entry e : catalog.events()) {
            FunctionCatalog.Event trigger = (FunctionCatalog.Event) e.kind();
            if (!"aws.medialive".equals(trigger.source())) {
                throw new IllegalStateException("statemachines/functions.json has " + e.name() + " triggered by events of '"
                        + trigger.source() + "'; the stack has rules only for aws.medialive.");
            }
            LunoraFunction fn = triggeredFunction(e, "Lunora handler of '" + trigger.detailType() + "' events", reconcileArn);
            // EventBridge retries delivery; the function's own failures get Lambda's two asynchronous retries. No DLQ: an
            // event lost after that is repaired by the next reconcile (CheckOutputAlerts reads ListAlerts) or cost guard run.
            events.target(trigger.detailType(), new LambdaFunction(fn.alias(), LambdaFunctionProps.builder()
                    .retryAttempts(4).maxEventAge(Duration.hours(1)).build()));
        }
        Map<String, FunctionCatalog.Entry> scheduled = new LinkedHashMap<>();
        catalog.scheduled().forEach(e -> scheduled.put(e.name(), e));
        for (String needed : List.of(SCHEDULED_ACTION, COST_GUARD)) {
            if (!scheduled.containsKey(needed)) {
                throw new IllegalStateException("statemachines/functions.json has no scheduled function " + needed + "; the stack's "
                        + "schedules invoke it.");
            }
        }
        for (FunctionCatalog.Entry e : scheduled.values()) {
            triggeredFunction(e, "Lunora schedule target: " + ((FunctionCatalog.Scheduled) e.kind()).schedules(), reconcileArn);
        }
        schedules = new LunoraSchedules(this, "Schedules", triggered.get(SCHEDULED_ACTION), triggered.get(COST_GUARD),
                settings.costGuardRate());

        Map<String, String> apiEnv = new LinkedHashMap<>();
        apiEnv.put("STATE_MACHINE_ARN", reconcileArn);
        apiEnv.put("SCHEDULE_GROUP", LunoraSchedules.GROUP);
        apiEnv.put("SCHEDULE_TARGET_ARN", triggered.get(SCHEDULED_ACTION).alias().getFunctionArn());
        apiEnv.put("SCHEDULER_ROLE_ARN", schedules.actionRole().getRoleArn());
        // The page is served from CloudFront and calls the API on its own domain: its origin is the one allowed to write.
        apiEnv.put("LUNORA_ALLOWED_ORIGINS", site.url());
        if (relay != null) {
            // Only so the API knows relay mode is deployed (PUT /api/channel refuses "relay" otherwise); it calls no ECS API.
            apiEnv.put("RELAY_CLUSTER", relay.cluster().getClusterName());
            apiEnv.put("RELAY_SERVICE", relay.service().getServiceName());
        }
        if (settings.channelHourlyRateUsd() != null) {
            apiEnv.put("CHANNEL_HOURLY_RATE_USD", settings.channelHourlyRateUsd());
        }
        api = new LunoraFunction(this, "Api", API_HANDLER, settings.functionsJar(), 1024, Duration.seconds(15),
                environment(apiEnv), "Lunora API (/api/*)");
        grantApi(api);

        privateApi = new PrivateApi(this, "PrivateApi", api.alias(), site.url(), "lunora-" + Aws.ACCOUNT_ID);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiBaseUrl", privateApi.url());
        config.put("auth", privateApi.authConfig(getRegion(), site.url()));
        site.deploy(settings.frontendDir(), config);


        CfnOutput.Builder.create(this, "PageUrl").value(site.url() + "/").description("Open this to use Lunora").build();
        CfnOutput.Builder.create(this, "ApiUrl").value(privateApi.url()).build();
        CfnOutput.Builder.create(this, "UserPoolId").value(privateApi.userPool().getUserPoolId())
                .description("Create the producer's user here (README: Deploy to AWS)").build();
        CfnOutput.Builder.create(this, "StateMachineArn").value(workflow.stateMachine().getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "ChannelId").value(channelId).build();
        if (createdChannel != null) {
            CfnOutput.Builder.create(this, "ObsIngestUrls").value(software.amazon.awscdk.Fn.join(" ",
                    createdChannel.input().getAttrDestinations())).description("Point OBS at this RTMP URL").build();
        }
        if (relay != null) {
            CfnOutput.Builder.create(this, "RelayIngestUrl").value(relay.ingestUrl())
                    .description("Relay mode: where the channel's relay output pushes (the path's secret is in SSM)").build();
        }
        suppressFindings();
    }

    /** An event or schedule target: 512 MB like the tasks (nobody waits on it), its own grants, the reconcile's ARN if it starts one. */
    private LunoraFunction triggeredFunction(FunctionCatalog.Entry e, String description, String reconcileArn) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (STARTS_RECONCILES.contains(e.name())) {
            extra.put("STATE_MACHINE_ARN", reconcileArn);
        }
        if (COST_GUARD.equals(e.name()) && settings.maxChannelRunningMinutes() != null) {
            extra.put("MAX_CHANNEL_RUNNING_MINUTES", settings.maxChannelRunningMinutes().toString());
        }
        if (COST_GUARD.equals(e.name()) && settings.inputLossStopMinutes() != null) {
            extra.put("INPUT_LOSS_STOP_MINUTES", settings.inputLossStopMinutes().toString());
        }
        LunoraFunction fn = new LunoraFunction(this, e.name(), e.handler(), settings.functionsJar(), 512, Duration.seconds(60),
                environment(extra), description);
        grantTriggered(e.name(), fn);
        triggered.put(e.name(), fn);
        return fn;
    }

    /** The same variable names local mode uses (LunoraConfig); {@code extra} on top. */
    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MEDIALIVE_CHANNEL_ID", channelId);
        env.put("MANAGED_CHANNEL_IDS", managedChannelIdList);
        env.put("MEDIALIVE_REGION", getRegion());
        env.put("DESTINATIONS_TABLE", tables.destinations().getTableName());
        env.put("PRESETS_TABLE", tables.presets().getTableName());
        env.put("CHANNELS_TABLE", tables.channels().getTableName());
        env.put("SESSIONS_TABLE", tables.sessions().getTableName());
        env.put("STREAM_KEY_PARAMETER_PREFIX", settings.streamKeyPrefix());
        env.put("FINGERPRINT_KEY_PARAMETER", FINGERPRINT_KEY_PARAMETER);
        env.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        env.putAll(extra);
        return env;
    }

    /** Per task, exactly the calls its ReconcileService step makes. */
    private void grantTask(String name, LunoraFunction fn) {
        switch (name) {
            case "AcquireChannelLock" -> {
                table(fn, tables.channels(), DDB_GET_UPDATE);
                // Is the lease holder still running? A dead run's lease is taken over instead of handed clicks.
                fn.allow(List.of("states:DescribeExecution"), List.of(formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("states").resource("execution").resourceName(ReconcileWorkflow.NAME + ":*")
                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build())));
                NagSuppressions.addResourceSuppressions(fn.role(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("states:DescribeExecution on the reconcile workflow's executions only: the lock holder's name is made per "
                                + "request, so execution:" + ReconcileWorkflow.NAME + ":* is the narrowest scope (read-only).")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:states:[^:]+:.+:execution:"
                                + ReconcileWorkflow.NAME + ":\\*$/").build()))
                        .build()), true);
            }
            case "PlanNextChange" -> {
                table(fn, tables.destinations(), DDB_SCAN);
                table(fn, tables.channels(), DDB_UPDATE);
                mediaLive(fn, "medialive:DescribeChannel");
                relayService(fn, "ecs:DescribeServices");
            }
            case "StopChannel" -> mediaLive(fn, "medialive:DescribeChannel", "medialive:StopChannel");
            case "StopChannelAfterFailure" -> {
                // stopIfRunning: stop, then show nothing streaming and close every open session (cost reporting).
                mediaLive(fn, "medialive:DescribeChannel", "medialive:StopChannel");
                table(fn, tables.destinations(), DDB_SCAN_UPDATE);
                table(fn, tables.sessions(), DDB_SESSIONS);
            }
            case "StartChannel" -> mediaLive(fn, "medialive:DescribeChannel", "medialive:StartChannel");
            case "ApplyOutputs" -> {
                // Scan to plan; GetItem + UpdateItem to make a destination describe the key its parameter holds.
                table(fn, tables.destinations(), DDB_SCAN_GET_UPDATE);
                table(fn, tables.presets(), DDB_SCAN);
                // UpdateChannel also needs CreateTags (it carries the channel's tags) and to pass the channel's role back.
                mediaLive(fn, "medialive:DescribeChannel", "medialive:UpdateChannel", "medialive:CreateTags");
                fn.allow(PolicyStatement.Builder.create()
                        .actions(List.of("iam:PassRole"))
                        .resources(List.of(channelRoleArn))
                        .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "medialive.amazonaws.com")))
                        .build());
                // The one place stream keys are read.
                fn.allow(List.of("ssm:GetParameter"), List.of(streamKeyParameters));
                fn.allow(kms("kms:Decrypt"));
                // A relay channel's one output is the ingest URL plus its secret.
                ingestSecret(fn.role());
            }
            case "RecordStreamingStatus" -> {
                table(fn, tables.destinations(), DDB_SCAN_UPDATE);
                table(fn, tables.sessions(), DDB_SESSIONS);
                table(fn, tables.channels(), DDB_GET_UPDATE);
                mediaLive(fn, "medialive:DescribeChannel");
                relayService(fn, "ecs:DescribeServices");
            }
            case "CompensateForFailure" -> {
                table(fn, tables.destinations(), DDB_SCAN_UPDATE);
                table(fn, tables.sessions(), DDB_SESSIONS);
                table(fn, tables.channels(), DDB_UPDATE);
                mediaLive(fn, "medialive:DescribeChannel", "medialive:StopChannel");
                relayService(fn, "ecs:DescribeServices");
            }
            // Scale the relay service to 1 or 0 and watch it converge; never the task definition or any other service.
            case "StartRelay", "StopRelay" -> relayService(fn, "ecs:UpdateService", "ecs:DescribeServices");
            case "CheckOutputAlerts" -> {
                // AlertService.applyCurrentAlerts: the channel's state, its SET alerts, each destination's health, and the
                // channel item's input signal (input_signal_lost_at) repaired from the same alerts.
                mediaLive(fn, "medialive:DescribeChannel");
                listAlerts(fn);
                table(fn, tables.destinations(), DDB_SCAN_GET_UPDATE);
                table(fn, tables.channels(), DDB_GET_UPDATE);
            }
            case "ReleaseChannelLock" -> table(fn, tables.channels(), DDB_UPDATE);
            default -> throw new IllegalStateException("statemachines/functions.json lists task '" + name
                    + "' but LunoraStack grants it nothing: add its permissions in LunoraStack.grantTask.");
        }
    }

    /** Per event or schedule target, exactly the calls its handler's service makes. */
    private void grantTriggered(String name, LunoraFunction fn) {
        switch (name) {
            case "ChannelAlert" -> {
                // AlertService.apply: find the destination the alert names, conditional health write, pipelines on demand;
                // an input-loss alert sets or removes the channel item's input_signal_lost_at (a clear first lists the
                // alerts still set).
                table(fn, tables.destinations(), DDB_SCAN_GET_UPDATE);
                table(fn, tables.channels(), DDB_UPDATE);
                mediaLive(fn, "medialive:DescribeChannel");
                listAlerts(fn);
            }
            case "ChannelStateChange" -> {
                // ChannelStateChanges: the lock (a reconcile's own change is ignored), statuses, then a reconcile if they disagree.
                table(fn, tables.channels(), DDB_GET_UPDATE);
                table(fn, tables.destinations(), DDB_SCAN);
                startReconcile(fn);
            }
            case SCHEDULED_ACTION -> {
                // ScheduleService.fire: the same path as a click (DestinationService.start/stop), or the refusal shown on it.
                table(fn, tables.destinations(), DDB_GET_UPDATE);
                table(fn, tables.channels(), DDB_UPDATE);
                startReconcile(fn);
            }
            case COST_GUARD -> {
                // CostGuard.run: channel state, destinations, how long the channel has run (open session), stop an
                // overrun; the channel's lock (GetItem) so it asks for no reconcile while one runs.
                mediaLive(fn, "medialive:DescribeChannel");
                table(fn, tables.destinations(), DDB_SCAN_UPDATE);
                table(fn, tables.sessions(), DDB_GET);
                // The channels table also says which channels are managed (ChannelRegistry.managedChannelIds: a Scan).
                table(fn, tables.channels(), DDB_SCAN_GET_UPDATE);
                // INPUT_LOSS_STOP_MINUTES: a recorded input loss is confirmed with ListAlerts before the guard stops.
                listAlerts(fn);
                startReconcile(fn);
            }
            default -> throw new IllegalStateException("statemachines/functions.json lists '" + name
                    + "' with a trigger, but LunoraStack grants it nothing: add its permissions in LunoraStack.grantTriggered.");
        }
    }

    /**
     * SfnReconcileRequests: bump the request generation in the channels table (granted by the caller), then start;
     * when the name is taken, look at that execution to tell a retried start from a clash.
     */
    private void startReconcile(LunoraFunction fn) {
        fn.allow(List.of("states:StartExecution"), List.of(workflow.stateMachine().getStateMachineArn()));
        fn.allow(List.of("states:DescribeExecution"), List.of(workflow.executionsArn()));
        NagSuppressions.addResourceSuppressions(fn.role(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("states:DescribeExecution on the reconcile workflow's executions only: execution names are made per "
                        + "request, so execution:" + ReconcileWorkflow.NAME + ":* is the narrowest scope (read-only).")
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:states:[^:]+:.+:execution:"
                        + ReconcileWorkflow.NAME + ":\\*$/").build()))
                .build()), true);
    }

    /**
     * GET /api/channels (MediaLiveChannelControl.listChannels): ListChannels has no resource type in the Service
     * Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselementalmedialive.html,
     * recorded in design/medialive-api.md §5), so it needs "*"; it is read-only, and lists what the console shows any
     * reader of the account. DescribeInput takes the input resource type (input*): the inputs attached to the account's
     * channels are not known when the stack is synthesised, so it is granted on this region's inputs, read-only.
     */
    private void listChannels(LunoraFunction fn) {
        fn.allow(List.of("medialive:ListChannels"), List.of("*"));
        String inputs = formatArn(ArnComponents.builder().service("medialive").resource("input").resourceName("*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        fn.allow(List.of("medialive:DescribeInput"), List.of(inputs));
        NagSuppressions.addResourceSuppressions(fn.role(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("GET /api/channels lists the account's channels: medialive:ListChannels has no resource type (IAM needs \"*\"),"
                        + " and medialive:DescribeInput reads the inputs attached to them, whose ids the stack cannot know; both read-only.")
                .appliesTo(List.of("Resource::*", RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:medialive:.*:input:\\*$/").build()))
                .build()), true);
    }

    /** ListAlerts supports no resource-level permission: the one MediaLive grant on "*" (read-only). */
    private static void listAlerts(LunoraFunction fn) {
        fn.allow(List.of("medialive:ListAlerts"), List.of("*"));
    }

    /**
     * CRUD on destinations, presets to validate preset ids, stream keys written/deleted, reconcile requested, usage
     * read from sessions, producer schedules kept in the Scheduler group (EventBridgeScheduleStore).
     */
    private void grantApi(LunoraFunction fn) {
        table(fn, tables.destinations(), DDB_ALL_ITEMS);
        table(fn, tables.presets(), DDB_SCAN_GET);
        // bumpGeneration before starting a reconcile; the channel overview reads the run in flight.
        table(fn, tables.channels(), DDB_GET_UPDATE);
        // GET /api/channels/{id}/thumbnail: the confidence picture.
        mediaLive(fn, "medialive:DescribeChannel", "medialive:DescribeThumbnails");
        fn.allow(List.of("ssm:PutParameter", "ssm:DeleteParameter"), List.of(streamKeyParameters));
        fn.allow(kms("kms:Encrypt"));
        startReconcile(fn);
        // GET /api/usage: sessions overlapping the period; GET /api/channels: a running channel's open session.
        table(fn, tables.sessions(), DDB_SCAN_GET);
        listChannels(fn);
        // Schedules: create, read back and delete in the group only. ListSchedules has no resource type (IAM needs "*"
        // for it; a group-scoped grant is always denied, aws-cdk#38201); it returns names and targets, nothing else.
        fn.allow(List.of("scheduler:CreateSchedule", "scheduler:GetSchedule", "scheduler:DeleteSchedule"), List.of(schedules.schedulesArn()));
        fn.allow(List.of("scheduler:ListSchedules"), List.of("*"));
        fn.allow(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(schedules.actionRole().getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
                .build());
    }

    /** ECS calls on the relay service only; nothing when relay mode is not deployed (RelayFleet then says so). */
    private void relayService(LunoraFunction fn, String... actions) {
        if (relay != null) {
            fn.allow(List.of(actions), List.of(relay.service().getServiceArn()));
        }
    }

    /**
     * Reading the ingest secret through SSM's Secrets Manager reference: GetParameter on the reference's name and
     * GetSecretValue on the secret (Parameter Store fetches it with the caller's permissions). The secret is encrypted
     * with the account's aws/secretsmanager key, whose key policy admits use through Secrets Manager by the account.
     */
    /**
     * A function that computes fingerprints (describing the channel; the API also on creating or editing a
     * destination, and it describes the channel too) reads the key: GetParameter on the reference's name and GetSecretValue on the secret, as for the ingest secret.
     */
    private void fingerprintKey(LunoraFunction fn) {
        fn.allow(List.of("ssm:GetParameter"), List.of(formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName(FINGERPRINT_KEY_PARAMETER.substring(1)).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())));
        fn.allow(List.of("secretsmanager:GetSecretValue"), List.of(fingerprintKey.getSecretArn()));
    }

    private void ingestSecret(Role role) {
        if (relay != null) {
            role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("ssm:GetParameter"))
                    .resources(List.of(relay.ingestSecretParameterArn())).build());
            role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(relay.ingestSecret().getSecretArn())).build());
        }
    }

    /**
     * The relay task (RelayService): the destinations it serves (Scan) and their delivery status (GetItem + UpdateItem
     * of only the delivery_* attributes), each streaming destination's key, and the ingest secret. Nothing else.
     */
    private void grantRelay(RelayMode relay) {
        Role role = relay.taskRole();
        role.addToPolicy(PolicyStatement.Builder.create().actions(DDB_SCAN_GET_UPDATE)
                .resources(List.of(tables.destinations().getTableArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("ssm:GetParameter"))
                .resources(List.of(streamKeyParameters)).build());
        role.addToPolicy(kms("kms:Decrypt"));
        ingestSecret(role);
    }

    /**
     * The relay asks the workflow to record a push that turned live or failing (SfnReconcileRequests, as the API does):
     * bump the channel's generation, start the execution, look at one whose name is taken.
     */
    private void relayRequestsReconcile(RelayMode relay, String reconcileArn) {
        relay.container().addEnvironment("STATE_MACHINE_ARN", reconcileArn);
        relay.container().addEnvironment("CHANNELS_TABLE", tables.channels().getTableName());
        Role role = relay.taskRole();
        role.addToPolicy(PolicyStatement.Builder.create().actions(DDB_GET_UPDATE).resources(List.of(tables.channels().getTableArn())).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("states:StartExecution")).resources(List.of(reconcileArn)).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("states:DescribeExecution"))
                .resources(List.of(workflow.executionsArn())).build());
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("states:DescribeExecution on the reconcile workflow's executions only: execution names are made per "
                        + "request, so execution:" + ReconcileWorkflow.NAME + ":* is the narrowest scope (read-only).")
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:states:[^:]+:.+:execution:"
                        + ReconcileWorkflow.NAME + ":\\*$/").build()))
                .build()), true);
    }

    private static void table(LunoraFunction fn, ITable table, List<String> actions) {
        fn.allow(actions, List.of(table.getTableArn()));
    }

    private void mediaLive(LunoraFunction fn, String... actions) {
        fn.allow(List.of(actions), managedChannelArns);
        if (List.of(actions).contains("medialive:DescribeChannel")) {
            // Describing the channel fingerprints the keys it pushes (MediaLiveChannelControl), so it needs the key.
            fingerprintKey(fn);
        }
    }

    /**
     * SecureString keys are encrypted with the account's aws/ssm key (or a key the producer chose), whose id is not
     * known at synth: any key, but only when SSM uses it for a parameter under the stream-key prefix.
     */
    private PolicyStatement kms(String action) {
        return PolicyStatement.Builder.create()
                .actions(List.of(action))
                .resources(List.of(formatArn(ArnComponents.builder().service("kms").resource("key").resourceName("*")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .conditions(Map.of(
                        "StringEquals", Map.of("kms:ViaService", "ssm." + getRegion() + ".amazonaws.com"),
                        "StringLike", Map.of("kms:EncryptionContext:PARAMETER_ARN", streamKeyParameters)))
                .build();
    }

    private void suppressFindings() {
        suppress(fingerprintKey, "AwsSolutions-SMG4", "A new key makes every stored fingerprint differ from the channel's, so the "
                + "next reconcile would restart a live channel to push keys it already pushes. Rotate it by hand while no "
                + "channel is live (new value in Secrets Manager, then redeploy or let the functions' containers recycle).");
        List<LunoraFunction> all = new ArrayList<>(tasks.values());
        all.addAll(triggered.values());
        all.add(api);
        for (LunoraFunction fn : all) {
            suppress(fn.function(), "AwsSolutions-L1", "java21 is the runtime this project targets and tests (handlers are "
                    + "compiled for Java 17 and SnapStart is proven on java21); moving to a newer runtime is a deliberate upgrade.");
        }
        // Exactly the two patterns below, so any other wildcard added later still fails cdk-nag.
        String prefix = settings.streamKeyPrefix().substring(1).replace("/", "\\/").replace(".", "\\.").replace("-", "\\-");
        List<Object> keyPatterns = List.of(
                RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:ssm:[^:]+:.+:parameter\\/" + prefix + "\\/\\*$/").build(),
                RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:kms:[^:]+:.+:key\\/\\*$/").build());
        List<IConstruct> keyReaders = new ArrayList<>(List.of(api.role(), tasks.get("ApplyOutputs").role()));
        if (relay != null) {
            keyReaders.add(relay.taskRole());
            suppressRelayFindings();
        }
        for (IConstruct role : keyReaders) {
            NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                    .reason("Stream keys are one SSM parameter per destination under the stream-key prefix; prefix/* is the "
                            + "narrowest grant that covers keys created later. KMS use is limited to SSM calls for parameters "
                            + "under that prefix (kms:ViaService + kms:EncryptionContext:PARAMETER_ARN); the id of the aws/ssm "
                            + "key is not known at synth.")
                    .appliesTo(keyPatterns).build()), true);
        }
        // The reconcile's alert check, the alert handler (an input-loss clear lists what is still set) and the cost guard
        // (a recorded input loss is confirmed before it stops a channel).
        for (IConstruct role : List.of(tasks.get("CheckOutputAlerts").role(), triggered.get("ChannelAlert").role(),
                triggered.get(COST_GUARD).role())) {
            NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("medialive:ListAlerts supports no resource-level permissions, so IAM needs Resource \"*\" for it; it is "
                            + "read-only and granted alone in its statement. Every other MediaLive action is on the channel's ARN.")
                    .appliesTo(List.of("Resource::*")).build()), true);
        }
        NagSuppressions.addResourceSuppressions(api.role(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("Producer schedules are created at run time with generated names, so the grant is on the Lunora group's "
                        + "schedules (schedule/lunora/*) only; scheduler:ListSchedules has no resource type and needs \"*\" "
                        + "(read-only, alone in its statement).")
                .appliesTo(List.of(
                        RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:scheduler:[^:]+:.+:schedule\\/"
                                + LunoraSchedules.GROUP + "\\/\\*$/").build(),
                        "Resource::*")).build()), true);
        for (LunoraFunction fn : all) {
            software.amazon.awscdk.Annotations.of(fn.function()).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Published: every function is invoked only through its alias on currentVersion.");
        }
        suppress(site.distribution(), "AwsSolutions-CFR1", "A producer's control page has no country-specific audience; "
                + "access is controlled by sign-in on the API, and the page itself holds no data.");
        suppress(site.distribution(), "AwsSolutions-CFR2", "AWS WAF costs at least $5 a month plus $1 per rule while idle; "
                + "the page is static and every API route requires a Cognito JWT, with stage throttling.");
        suppress(site.distribution(), "AwsSolutions-CFR4", "No custom domain: the default *.cloudfront.net certificate cannot be "
                + "pinned to TLS 1.2 by configuration; browsers negotiate TLS 1.2+ with it. Add a domain + ACM certificate to enforce.");
        suppress(privateApi.userPool(), "AwsSolutions-COG3", "Threat protection (advanced security) needs the Cognito Plus plan "
                + "(per-user monthly fee); the pool has no self sign-up, a 12-character policy and required TOTP MFA instead.");
        for (IConstruct child : getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                suppress(child, "AwsSolutions-L1", "CDK's BucketDeployment handler: its Python runtime is chosen by aws-cdk-lib, "
                        + "not by this project; it runs only during deployment.");
                suppress(child, "AwsSolutions-IAM4", "CDK's BucketDeployment handler uses AWSLambdaBasicExecutionRole for its own logs; "
                        + "it runs only during deployment.");
                suppress(child, "AwsSolutions-IAM5", "CDK's BucketDeployment handler copies the page from the CDK asset bucket into "
                        + "the site bucket (object wildcards on exactly those two buckets) and invalidates the distribution "
                        + "(cloudfront:CreateInvalidation has no resource-level scoping here).");
            }
        }
        NagSuppressions.addResourceSuppressions(workflow.stateMachine(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("CloudWatch Logs delivery and X-Ray actions that Step Functions logging and tracing need support no "
                        + "resource-level permissions (CDK-generated statements); Lambda invokes are on the aliases only.")
                .appliesTo(List.of("Resource::*")).build()), true);
    }

    /** cdk-nag findings on relay mode's resources that are deliberate, each with why. */
    private void suppressRelayFindings() {
        suppress(relay.cluster(), "AwsSolutions-ECS4", "Container Insights bills its metrics per cluster, service and task; the "
                + "cluster runs one task only while a show is live, whose health the reconcile reads from ECS and whose per-"
                + "destination delivery (state, bitrate, last error) the relay writes to DynamoDB; its logs go to CloudWatch.");
        suppress(relay.task(), "AwsSolutions-ECS2", "The container's variables hold no secret: the channel id, the table name, "
                + "the region, ports, and the NAME of the ingest secret's parameter. The relay reads the secret and every stream "
                + "key from SSM itself at run time (so a rotated key is picked up without a new task definition).");
        suppress(relay.ingestSecret(), "AwsSolutions-SMG4", "The secret is part of the channel's relay output URL, which MediaLive "
                + "lets change only while the channel is IDLE; a scheduled rotation would cut a running show off its relay. "
                + "Rotate it by hand while the channel is idle (new value in Secrets Manager, then a reconcile sets the output).");
        suppress(relay.ingestSecurityGroup(), "AwsSolutions-EC23", "The RTMP ingest must accept MediaLive's pushes, whose source "
                + "addresses are known only per running channel (its egress IPs), so TCP 1935 (only that port) is open to "
                + "-c relayIngestCidr, by default anywhere; publishing needs the path's 32-character secret. Narrow it with "
                + "-c relayIngestCidr=<the channel's egress CIDR>.");
        suppress(relay.ingest(), "AwsSolutions-ELB2", "Network Load Balancer access logs are written only for TLS listeners; the "
                + "ingest is a plain TCP (RTMP) listener, so they would stay empty. The VPC's flow logs record its connections.");
        NagSuppressions.addResourceSuppressions(relay.task(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("The execution role's CDK-generated ecr:GetAuthorizationToken supports no resource-level permission and "
                        + "needs Resource \"*\"; pulling layers is on the image's repository and logging on the relay's log group.")
                .appliesTo(List.of("Resource::*")).build()), true);
    }

    static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    public LunoraSettings settings() {
        return settings;
    }

    public Map<String, LunoraFunction> tasks() {
        return tasks;
    }

    public LunoraFunction api() {
        return api;
    }

    public ReconcileWorkflow workflow() {
        return workflow;
    }

    public String channelArn() {
        return channelArn;
    }

    public ChannelEvents events() {
        return events;
    }

    /** The event and schedule targets, by catalog name. */
    public Map<String, LunoraFunction> triggered() {
        return triggered;
    }

    public LunoraSchedules schedules() {
        return schedules;
    }

    /** The secret keying stream-key fingerprints. */
    public Secret fingerprintKey() {
        return fingerprintKey;
    }

    /** Relay mode's resources, or null with {@code -c relay=false}. */
    public RelayMode relay() {
        return relay;
    }

    public Site site() {
        return site;
    }

    public PrivateApi privateApi() {
        return privateApi;
    }
}
