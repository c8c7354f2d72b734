package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.logs.ILogGroup;

/**
 * Every IAM statement in the template: the exact set for each Lunora role, and a sweep of all policies (CDK's own
 * included) for wildcards on MediaLive, SSM, DynamoDB and Step Functions.
 */
class IamPolicyTest {

    private static final List<String> GUARDED = List.of("medialive:", "ssm:", "dynamodb:", "states:", "scheduler:", "ecs:",
            "secretsmanager:");
    /**
     * Actions IAM cannot scope to a resource: each may be on "*", alone in its statement. medialive:ListAlerts: no
     * resource type per the Service Authorization Reference
     * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselementalmedialive.html, as recorded
     * in design/medialive-api.md §5 [SAR]); the stored copy searched on 2026-12-03 did not show that row, so re-check
     * it before scoping ListAlerts to the channel ARN (a wrong scope would deny every ListAlerts call).
     */
    private static final List<List<String>> UNSCOPABLE = List.of(List.of("medialive:ListAlerts"), List.of("scheduler:ListSchedules"),
            // Issue 18's GET /api/channels: ListChannels has no resource type either (same reference, design §5).
            List.of("medialive:ListChannels"));

    static Stream<Synth> variants() {
        return Stream.of(Synth.existingChannel(), Synth.createdChannel(), Synth.existingTables(), Synth.withoutRelay());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyPolicy_guardedServices_haveNoWildcardActionsOrResources(Synth s) {
        List<String> problems = new ArrayList<>();
        String ssmPrefixPattern = ":parameter" + s.stack.settings().streamKeyPrefix() + "/*";
        for (var entry : allStatements(s)) {
            String where = entry.getKey();
            Map<String, Object> st = entry.getValue();
            List<String> actions = list(st.get("Action")).stream().map(Object::toString).toList();
            List<String> guarded = actions.stream().filter(a -> GUARDED.stream().anyMatch(a::startsWith)).toList();
            if (guarded.isEmpty()) {
                continue;
            }
            guarded.stream().filter(a -> a.contains("*")).forEach(a -> problems.add(where + ": wildcard action " + a));
            for (Object r : list(st.get("Resource"))) {
                String rendered = render(r);
                if (rendered.equals("*")) {
                    if (!UNSCOPABLE.contains(actions)) {
                        problems.add(where + ": Resource * for " + guarded);
                    }
                } else if (rendered.contains("*") && !(rendered.endsWith(ssmPrefixPattern) && guarded.stream().allMatch(a -> a.startsWith("ssm:")))
                        && !(rendered.endsWith(":schedule/lunora/*") && guarded.stream().allMatch(a -> a.startsWith("scheduler:")))
                        // Reconcile execution names are made per request (SfnReconcileRequests checks a taken one).
                        && !(rendered.endsWith(":execution:lunora-channel-reconcile:*") && actions.equals(List.of("states:DescribeExecution")))
                        // The inputs attached to the account's channels are unknown at synth time (read-only).
                        && !(rendered.endsWith(":input:*") && actions.equals(List.of("medialive:DescribeInput")))) {
                    problems.add(where + ": wildcard resource " + rendered + " for " + guarded);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachFunctionRole_hasExactlyTheStatementsItsHandlerNeeds() {
        Synth s = Synth.existingChannel();
        LunoraStack stack = s.stack;
        DataTables t = (DataTables) stack.getNode().findChild("Tables");
        Object channel = s.resolve(stack.channelArn());
        Object params = s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName("lunora-player/streaming/destinations/*").arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build()));
        Object passRole = Map.of("Effect", "Allow", "Action", List.of("iam:PassRole"),
                "Resource", List.of(s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("iam").region("")
                        .resource("role").resourceName("MediaLiveAccessRole").arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build()))),
                "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "medialive.amazonaws.com")));
        RelayMode relay = stack.relay();
        Object relayService = s.resolve(relay.service().getServiceArn());
        Object describeRelay = allow(List.of("ecs:DescribeServices"), relayService);
        Object ingestParameter = allow(List.of("ssm:GetParameter"), s.resolve(relay.ingestSecretParameterArn()));
        Object ingestSecret = allow(List.of("secretsmanager:GetSecretValue"), s.resolve(relay.ingestSecret().getSecretArn()));
        // Every function that describes the channel fingerprints its keys, so it reads the fingerprint key.
        Object fingerprintParameter = allow(List.of("ssm:GetParameter"), s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("ssm").resource("parameter").resourceName("aws/reference/secretsmanager/lunora/fingerprint-key")
                .arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build())));
        Object fingerprintSecret = allow(List.of("secretsmanager:GetSecretValue"), s.resolve(stack.fingerprintKey().getSecretArn()));

        expect(s, "AcquireChannelLock", ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:UpdateItem"),
                allow(List.of("states:DescribeExecution"), s.resolve(s.stack.workflow().executionsArn())));
        expect(s, "PlanNextChange", ddb(s, t.destinations(), "dynamodb:Scan"), ddb(s, t.channels(), "dynamodb:UpdateItem"),
                allow(List.of("medialive:DescribeChannel"), channel), describeRelay, fingerprintParameter, fingerprintSecret);
        expect(s, "StopChannel", allow(List.of("medialive:DescribeChannel", "medialive:StopChannel"), channel), fingerprintParameter, fingerprintSecret);
        expect(s, "StopChannelAfterFailure", allow(List.of("medialive:DescribeChannel", "medialive:StopChannel"), channel),
                ddb(s, t.destinations(), "dynamodb:Scan", "dynamodb:UpdateItem"),
                ddb(s, t.sessions(), "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"), fingerprintParameter, fingerprintSecret);
        expect(s, "StartChannel", allow(List.of("medialive:DescribeChannel", "medialive:StartChannel"), channel), fingerprintParameter, fingerprintSecret);
        expect(s, "ApplyOutputs", ddb(s, t.destinations(), "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:UpdateItem"), ddb(s, t.presets(), "dynamodb:Scan"),
                allow(List.of("medialive:CreateTags", "medialive:DescribeChannel", "medialive:UpdateChannel"), channel),
                passRole, allow(List.of("ssm:GetParameter"), params), kms(s, "kms:Decrypt", params), ingestParameter, ingestSecret, fingerprintParameter, fingerprintSecret);
        expect(s, "RecordStreamingStatus", ddb(s, t.destinations(), "dynamodb:Scan", "dynamodb:UpdateItem"),
                ddb(s, t.sessions(), "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"),
                ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:UpdateItem"), allow(List.of("medialive:DescribeChannel"), channel),
                describeRelay, fingerprintParameter, fingerprintSecret);
        expect(s, "CompensateForFailure", ddb(s, t.destinations(), "dynamodb:Scan", "dynamodb:UpdateItem"),
                ddb(s, t.sessions(), "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"),
                ddb(s, t.channels(), "dynamodb:UpdateItem"),
                allow(List.of("medialive:DescribeChannel", "medialive:StopChannel"), channel), describeRelay, fingerprintParameter, fingerprintSecret);
        expect(s, "StartRelay", allow(List.of("ecs:DescribeServices", "ecs:UpdateService"), relayService));
        expect(s, "StopRelay", allow(List.of("ecs:DescribeServices", "ecs:UpdateService"), relayService));
        expect(s, "ReleaseChannelLock", ddb(s, t.channels(), "dynamodb:UpdateItem"));
        expect(s, "CheckOutputAlerts", allow(List.of("medialive:DescribeChannel"), channel), allow(List.of("medialive:ListAlerts"), "*"),
                ddb(s, t.destinations(), "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem"),
                ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:UpdateItem"), fingerprintParameter, fingerprintSecret);
        Object reconcile = s.resolve(stack.workflow().stateMachine().getStateMachineArn());
        Object executions = allow(List.of("states:DescribeExecution"), s.resolve(stack.workflow().executionsArn()));
        expect(s, "ChannelAlert", ddb(s, t.destinations(), "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem"),
                ddb(s, t.channels(), "dynamodb:UpdateItem"), allow(List.of("medialive:DescribeChannel"), channel),
                allow(List.of("medialive:ListAlerts"), "*"), fingerprintParameter, fingerprintSecret);
        expect(s, "ChannelStateChange", ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:UpdateItem"),
                ddb(s, t.destinations(), "dynamodb:Scan"), allow(List.of("states:StartExecution"), reconcile), executions);
        expect(s, "ScheduledAction", ddb(s, t.destinations(), "dynamodb:GetItem", "dynamodb:UpdateItem"),
                ddb(s, t.channels(), "dynamodb:UpdateItem"), allow(List.of("states:StartExecution"), reconcile), executions);
        expect(s, "CostGuard", allow(List.of("medialive:DescribeChannel"), channel),
                ddb(s, t.destinations(), "dynamodb:Scan", "dynamodb:UpdateItem"), ddb(s, t.sessions(), "dynamodb:GetItem"),
                ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem"), allow(List.of("medialive:ListAlerts"), "*"),
                allow(List.of("states:StartExecution"), reconcile), executions, fingerprintParameter, fingerprintSecret);
        expect(s, "Api", ddb(s, t.destinations(), "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan",
                        "dynamodb:UpdateItem"),
                ddb(s, t.presets(), "dynamodb:GetItem", "dynamodb:Scan"), ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:UpdateItem"),
                allow(List.of("medialive:DescribeChannel", "medialive:DescribeThumbnails"), channel),
                allow(List.of("ssm:DeleteParameter", "ssm:PutParameter"), params), kms(s, "kms:Encrypt", params),
                allow(List.of("states:StartExecution"), reconcile), executions,
                ddb(s, t.sessions(), "dynamodb:GetItem", "dynamodb:Scan"),
                allow(List.of("medialive:ListChannels"), "*"),
                allow(List.of("medialive:DescribeInput"), s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("medialive").resource("input").resourceName("*").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build()))),
                allow(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"),
                        s.resolve(stack.schedules().schedulesArn())),
                allow(List.of("scheduler:ListSchedules"), "*"),
                Map.of("Effect", "Allow", "Action", List.of("iam:PassRole"),
                        "Resource", List.of(s.resolve(stack.schedules().actionRole().getRoleArn())),
                        "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com"))), fingerprintParameter, fingerprintSecret);
        assertThat(stack.tasks()).hasSize(12);
        assertThat(stack.triggered()).containsOnlyKeys("ChannelAlert", "ChannelStateChange", "ScheduledAction", "CostGuard");
        assertThat(IamPolicyTest.render(s.resolve(stack.schedules().schedulesArn()))).endsWith(":schedule/lunora/*");
    }

    /** Issue 18: every channel-scoped MediaLive grant and the event rules name exactly the managed channels. */
    @Test
    void managedChannelIds_everyChannelGrantAndEventRuleNamesThePrimaryAndTheOthers() {
        Synth s = Synth.of(Map.of("channelId", "3714710", "managedChannelIds", "6802366, 3714710"));
        List<String> channelResources = new ArrayList<>();
        s.resourcesOfType("AWS::IAM::Policy").forEach((id, p) -> statementsOf(Synth.props(p).get("PolicyDocument")).forEach(st -> {
            if (list(st.get("Action")).contains("medialive:DescribeChannel")) {
                channelResources.add(list(st.get("Resource")).stream().map(IamPolicyTest::render).toList().toString());
            }
        }));
        assertThat(channelResources).isNotEmpty().allSatisfy(r -> assertThat(r).contains(":channel:3714710").contains(":channel:6802366")
                .doesNotContain(":channel:6890857"));
        assertThat(s.resourcesOfType("AWS::Events::Rule").values()).allSatisfy(rule -> assertThat(render(Synth.props(rule).get("EventPattern")))
                .contains(":channel:3714710").contains(":channel:6802366"));
        List<Object> managedEnv = new ArrayList<>();
        s.resourcesOfType("AWS::Lambda::Function").values().forEach(f -> {
            Object env = Synth.props(f).get("Environment");
            Object vars = env instanceof Map<?, ?> e ? e.get("Variables") : null;
            if (vars instanceof Map<?, ?> v && v.containsKey("MEDIALIVE_CHANNEL_ID")) {
                managedEnv.add(v.get("MANAGED_CHANNEL_IDS"));
            }
        });
        assertThat(managedEnv).isNotEmpty().containsOnly("3714710,6802366");
    }

    @Test
    void stateMachineRole_invokesOnlyTheTaskAliases() {
        Synth s = Synth.existingChannel();
        List<Map<String, Object>> statements = statementsOfRole(s, s.resolve(s.stack.workflow().stateMachine().getRole().getRoleName()));
        List<Object> invoked = new ArrayList<>();
        for (Map<String, Object> st : statements) {
            List<String> actions = list(st.get("Action")).stream().map(Object::toString).toList();
            if (actions.contains("lambda:InvokeFunction")) {
                assertThat(actions).containsExactly("lambda:InvokeFunction");
                invoked.addAll(list(st.get("Resource")));
            } else {
                // CDK's logging and X-Ray statements: actions without resource-level permissions (suppressed in cdk-nag, with reason).
                assertThat(actions).allMatch(a -> a.startsWith("logs:") || a.startsWith("xray:"));
            }
        }
        assertThat(invoked).containsExactlyInAnyOrderElementsOf(
                s.stack.tasks().values().stream().map(f -> s.resolve(f.alias().getFunctionArn())).toList());
    }

    @Test
    void schedulerRoles_eachInvokesOneFunctionAlias_andOnlySchedulerOfThisAccountAssumesThem() {
        Synth s = Synth.existingChannel();
        LunoraSchedules schedules = s.stack.schedules();
        Map<software.amazon.awscdk.services.iam.Role, String> roles = Map.of(
                schedules.actionRole(), "ScheduledAction", schedules.costGuardRole(), "CostGuard");
        roles.forEach((r, function) -> {
            assertThat(statementsOfRole(s, s.resolve(r.getRoleName()))).as(function).containsExactly(
                    allow(List.of("lambda:InvokeFunction"), s.resolve(s.stack.triggered().get(function).alias().getFunctionArn())));
            Map<String, Object> role = s.resources().get(((Map<?, ?>) s.resolve(r.getRoleName())).get("Ref").toString());
            assertThat(Synth.props(role).get("AssumeRolePolicyDocument")).isEqualTo(Map.of("Version", "2012-10-17",
                    "Statement", List.of(Map.of("Effect", "Allow", "Action", "sts:AssumeRole",
                            "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                            "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))));
        });
    }

    @Test
    void listAlertsOnStar_onlyForTheFunctionsThatCallIt() {
        Synth s = Synth.existingChannel();
        List<String> holders = new ArrayList<>();
        s.resourcesOfType("AWS::IAM::Policy").forEach((id, p) -> statementsOf(Synth.props(p).get("PolicyDocument")).forEach(st -> {
            if (list(st.get("Action")).contains("medialive:ListAlerts")) {
                holders.add(render(list(Synth.props(p).get("Roles")).get(0)));
            }
        }));
        // The reconcile's alert check; the alert handler and the cost guard for the input signal (AlertService, CostGuard).
        assertThat(holders).containsExactlyInAnyOrder(render(s.resolve(s.stack.tasks().get("CheckOutputAlerts").role().getRoleName())),
                render(s.resolve(s.stack.triggered().get("ChannelAlert").role().getRoleName())),
                render(s.resolve(s.stack.triggered().get("CostGuard").role().getRoleName())));
    }

    @Test
    void createdChannel_passRoleIsTheCreatedChannelRole() {
        Synth s = Synth.createdChannel();
        LunoraFunction apply = s.stack.tasks().get("ApplyOutputs");
        CreatedChannel channel = (CreatedChannel) s.stack.getNode().findChild("Channel");
        assertThat(statementsOfRole(s, s.resolve(apply.role().getRoleName()))).contains(Map.of("Effect", "Allow",
                "Action", List.of("iam:PassRole"), "Resource", List.of(s.resolve(channel.role().getRoleArn())),
                "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "medialive.amazonaws.com"))));
    }

    /**
     * The channel's log level (ERROR) turns on encoder logs, and as-run logs are always written: MediaLive puts both in
     * the log group ElementalMediaLive (https://docs.aws.amazon.com/medialive/latest/ug/working-with-logs.html) using the
     * trusted entity's CloudWatch Logs actions
     * (https://docs.aws.amazon.com/medialive/latest/ug/trusted-entity-requirements.html), here on that group only.
     */
    @Test
    void createdChannel_roleWritesItsArchiveAndItsLogs_nothingElse() {
        Synth s = Synth.createdChannel();
        LunoraStack stack = s.stack;
        CreatedChannel channel = (CreatedChannel) stack.getNode().findChild("Channel");
        Object group = s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("logs").resource("log-group")
                .resourceName("ElementalMediaLive").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build()));
        Object streams = s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("logs").resource("log-group")
                .resourceName("ElementalMediaLive:log-stream:*").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build()));
        Object anyGroup = s.resolve(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("logs").resource("log-group")
                .resourceName("*").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build()));

        List<Map<String, Object>> statements = statementsOfRole(s, s.resolve(channel.role().getRoleName()));

        assertThat(statements).map(st -> (List<?>) st.get("Action")).flatMap(a -> a).map(Object::toString)
                .as("no wildcard actions").noneMatch(a -> a.contains("*"));
        assertThat(statements).filteredOn(st -> list(st.get("Action")).toString().contains("logs:")).containsExactlyInAnyOrder(
                normalize(allow(List.of("logs:CreateLogGroup", "logs:DescribeLogStreams", "logs:PutMetricFilter", "logs:PutRetentionPolicy"), group)),
                normalize(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), streams)),
                normalize(allow(List.of("logs:DescribeLogGroups"), anyGroup)));
    }

    /**
     * RelayService: its channel's destinations, their delivery_* attributes, their keys and the ingest secret; and, to
     * have a push that turned live or failing recorded, a reconcile request (generation bump, start, describe on clash).
     */
    @Test
    void relayTaskRole_readsDestinationsKeysAndTheIngestSecret_writesOnlyDestinations_requestsReconciles() {
        Synth s = Synth.existingChannel();
        RelayMode relay = s.stack.relay();
        DataTables t = (DataTables) s.stack.getNode().findChild("Tables");
        Object params = s.resolve(s.stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName("lunora-player/streaming/destinations/*").arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build()));
        assertThat(statementsOfRole(s, s.resolve(relay.taskRole().getRoleName()))).containsExactlyInAnyOrderElementsOf(Stream.of(
                ddb(s, t.destinations(), "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem"),
                allow(List.of("ssm:GetParameter"), params),
                kms(s, "kms:Decrypt", params),
                allow(List.of("ssm:GetParameter"), s.resolve(relay.ingestSecretParameterArn())),
                allow(List.of("secretsmanager:GetSecretValue"), s.resolve(relay.ingestSecret().getSecretArn())),
                ddb(s, t.channels(), "dynamodb:GetItem", "dynamodb:UpdateItem"),
                allow(List.of("states:StartExecution"), s.resolve(s.stack.workflow().stateMachineArnByName())),
                allow(List.of("states:DescribeExecution"), s.resolve(s.stack.workflow().executionsArn())))
                .map(IamPolicyTest::normalize).toList());
        assertThat(render(s.resolve(relay.ingestSecretParameterArn())))
                .endsWith(":parameter/aws/reference/secretsmanager/lunora/relay/ingest");
        Map<String, Object> role = s.resources().get(((Map<?, ?>) s.resolve(relay.taskRole().getRoleName())).get("Ref").toString());
        assertThat(render(Synth.props(role).get("AssumeRolePolicyDocument"))).contains("ecs-tasks.amazonaws.com");
    }

    /** The execution role only pulls the image and writes the relay's log group (CDK-generated; GetAuthorizationToken on "*"). */
    @Test
    void relayExecutionRole_pullsTheImageAndWritesItsLogs_only() {
        Synth s = Synth.existingChannel();
        RelayMode relay = s.stack.relay();
        List<Map<String, Object>> statements = statementsOfRole(s, s.resolve(relay.task().obtainExecutionRole().getRoleName()));
        assertThat(statements).flatMap(st -> list(st.get("Action"))).map(Object::toString)
                .allMatch(a -> a.startsWith("ecr:") || a.startsWith("logs:"));
        assertThat(statements).filteredOn(st -> "*".equals(render(list(st.get("Resource")).get(0))))
                .allSatisfy(st -> assertThat(list(st.get("Action"))).containsExactly("ecr:GetAuthorizationToken"));
        assertThat(statements).filteredOn(st -> list(st.get("Action")).contains("logs:PutLogEvents"))
                .allSatisfy(st -> assertThat(list(st.get("Resource"))).containsExactly(s.resolve(relay.logs().getLogGroupArn())));
    }

    /** Nobody but the two relay tasks may change the relay service, and no ECS action is on "*". */
    @Test
    void ecsUpdateService_onlyForStartRelayAndStopRelay_onTheRelayService() {
        Synth s = Synth.existingChannel();
        Object service = s.resolve(s.stack.relay().service().getServiceArn());
        List<String> updaters = new ArrayList<>();
        s.resourcesOfType("AWS::IAM::Policy").forEach((id, p) -> statementsOf(Synth.props(p).get("PolicyDocument")).forEach(st -> {
            List<Object> actions = list(st.get("Action"));
            if (actions.stream().anyMatch(a -> a.toString().startsWith("ecs:"))) {
                assertThat(list(st.get("Resource"))).as(id).containsExactly(service);
            }
            if (actions.contains("ecs:UpdateService")) {
                updaters.add(render(list(Synth.props(p).get("Roles")).get(0)));
            }
        }));
        assertThat(updaters).containsExactlyInAnyOrder(render(s.resolve(s.stack.tasks().get("StartRelay").role().getRoleName())),
                render(s.resolve(s.stack.tasks().get("StopRelay").role().getRoleName())));
    }

    // ------------------------------------------------------------------ helpers

    private static void expect(Synth s, String function, Object... statements) {
        LunoraFunction fn = "Api".equals(function) ? s.stack.api()
                : s.stack.tasks().containsKey(function) ? s.stack.tasks().get(function) : s.stack.triggered().get(function);
        ILogGroup logs = (ILogGroup) fn.getNode().findChild("Logs");
        List<Object> expected = new ArrayList<>();
        expected.add(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), s.resolve(logs.getLogGroupArn())));
        expected.addAll(List.of(statements));
        assertThat(statementsOfRole(s, s.resolve(fn.role().getRoleName())))
                .as("statements of %s's role", function)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(o -> normalize(cast(o))).toList());
    }

    private static Map<String, Object> ddb(Synth s, ITable table, String... actions) {
        return allow(List.of(actions), s.resolve(table.getTableArn()));
    }

    private static Map<String, Object> kms(Synth s, String action, Object params) {
        Object key = s.resolve(s.stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("kms").resource("key")
                .resourceName("*").arnFormat(software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).build()));
        return Map.of("Effect", "Allow", "Action", List.of(action), "Resource", List.of(key),
                "Condition", Map.of("StringEquals", Map.of("kms:ViaService", "ssm.us-west-2.amazonaws.com"),
                        "StringLike", Map.of("kms:EncryptionContext:PARAMETER_ARN", params)));
    }

    private static Map<String, Object> allow(List<String> actions, Object resource) {
        return Map.of("Effect", "Allow", "Action", new ArrayList<>(new TreeSet<>(actions)), "Resource", List.of(resource));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /** Statements of the policies attached to the role {@code roleRef} ({@code {Ref: id}}), normalized. */
    private static List<Map<String, Object>> statementsOfRole(Synth s, Object roleRef) {
        List<Map<String, Object>> out = new ArrayList<>();
        s.resourcesOfType("AWS::IAM::Policy").values().forEach(p -> {
            if (list(Synth.props(p).get("Roles")).contains(roleRef)) {
                statementsOf(Synth.props(p).get("PolicyDocument")).forEach(st -> out.add(normalize(st)));
            }
        });
        return out;
    }

    private static List<Map.Entry<String, Map<String, Object>>> allStatements(Synth s) {
        List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
        s.resources().forEach((id, r) -> {
            if ("AWS::IAM::Policy".equals(r.get("Type")) || "AWS::IAM::ManagedPolicy".equals(r.get("Type"))) {
                statementsOf(Synth.props(r).get("PolicyDocument")).forEach(st -> out.add(Map.entry(id, st)));
            }
            if ("AWS::IAM::Role".equals(r.get("Type")) && Synth.props(r).get("Policies") != null) {
                for (Object p : list(Synth.props(r).get("Policies"))) {
                    statementsOf(((Map<?, ?>) p).get("PolicyDocument")).forEach(st -> out.add(Map.entry(id, st)));
                }
            }
        });
        assertThat(out).as("policy statements found").hasSizeGreaterThan(20);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement");
    }

    private static Map<String, Object> normalize(Map<String, Object> st) {
        Map<String, Object> n = new java.util.HashMap<>(st);
        n.put("Action", new ArrayList<>(new TreeSet<>(list(st.get("Action")).stream().map(Object::toString).toList())));
        n.put("Resource", list(st.get("Resource")));
        return n;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : o instanceof Collection<?> c ? new ArrayList<>((Collection<Object>) c) : List.of(o);
    }

    /** A resource as text: {@code Fn::Join} parts concatenated, other intrinsics as their JSON-ish form. */
    static String render(Object r) {
        if (r instanceof String str) {
            return str;
        }
        if (r instanceof Map<?, ?> m && m.containsKey("Fn::Join")) {
            List<?> join = (List<?>) m.get("Fn::Join");
            StringBuilder b = new StringBuilder();
            for (Object part : (List<?>) join.get(1)) {
                b.append(render(part));
            }
            return b.toString();
        }
        return String.valueOf(r);
    }
}
