package dev.lunora.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Resources and their properties in the documented deployment (existing channel 3714710, us-west-2). */
class LunoraStackTest {

    private final Synth s = Synth.existingChannel();
    private final Template t = s.template;

    @Test
    void tables_seedNames_onDemand_pitr_dataRetained() {
        t.resourceCountIs("AWS::DynamoDB::Table", 4);
        table("lunora-destinations", List.of(key("destination_id", "HASH")), "Retain");
        table("lunora-presets", List.of(key("preset_id", "HASH")), "Retain");
        table("lunora-sessions", List.of(key("subject", "HASH"), key("started_at", "RANGE")), "Retain");
        table("lunora-channels", List.of(key("channel_id", "HASH")), "Delete");
    }

    private void table(String name, List<Map<String, String>> keys, String deletionPolicy) {
        t.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", deletionPolicy,
                "Properties", Map.of(
                        "TableName", name,
                        "KeySchema", keys,
                        "BillingMode", "PAY_PER_REQUEST",
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));
    }

    private static Map<String, String> key(String name, String type) {
        return Map.of("AttributeName", name, "KeyType", type);
    }

    @Test
    void functions_onePerHandler_java21_arm64_snapStart_powertools_env() throws Exception {
        FunctionCatalog catalog = FunctionCatalog.read(s.stack.settings().functionCatalogFile());
        List<String> handlers = new ArrayList<>(catalog.functions().stream().map(FunctionCatalog.Entry::handler).toList());
        handlers.add(LunoraStack.API_HANDLER);

        var functions = s.resourcesOfType("AWS::Lambda::Function").values().stream()
                .map(Synth::props).filter(p -> !"python3.13".equals(p.get("Runtime")) && p.get("Runtime") != null
                        && p.get("Runtime").toString().startsWith("java")).toList();
        assertThat(functions).extracting(p -> p.get("Handler")).containsExactlyInAnyOrderElementsOf(handlers);
        for (Map<String, Object> p : functions) {
            assertThat(p.get("Runtime")).isEqualTo("java21");
            assertThat(p.get("Architectures")).isEqualTo(List.of("arm64"));
            assertThat(p.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(p.get("MemorySize")).isEqualTo(LunoraStack.API_HANDLER.equals(p.get("Handler")) ? 1024 : 512);
            @SuppressWarnings("unchecked") Map<String, Object> env = (Map<String, Object>) ((Map<?, ?>) p.get("Environment")).get("Variables");
            assertThat(env.keySet()).contains("MEDIALIVE_CHANNEL_ID", "MEDIALIVE_REGION", "DESTINATIONS_TABLE", "PRESETS_TABLE",
                    "CHANNELS_TABLE", "SESSIONS_TABLE", "STREAM_KEY_PARAMETER_PREFIX", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL");
            assertThat(env.get("MEDIALIVE_CHANNEL_ID")).isEqualTo("3714710");
            assertThat(env.get("MEDIALIVE_REGION")).isEqualTo("us-west-2");
            assertThat(env.get("POWERTOOLS_SERVICE_NAME")).isEqualTo("lunora");
            assertThat(env.get("STREAM_KEY_PARAMETER_PREFIX")).isEqualTo("/lunora-player/streaming/destinations");
            // Only what asks for a reconcile gets the state machine; only the API gets the schedule settings.
            String handler = p.get("Handler").toString();
            assertThat(env.containsKey("STATE_MACHINE_ARN")).as(handler).isEqualTo(LunoraStack.API_HANDLER.equals(handler)
                    || handler.contains("ChannelStateChangeHandler") || handler.contains("ScheduledActionHandler") || handler.contains("CostGuardHandler"));
            assertThat(env.containsKey("SCHEDULER_ROLE_ARN")).as(handler).isEqualTo(LunoraStack.API_HANDLER.equals(handler));
            assertThat(env).doesNotContainKeys("MAX_CHANNEL_RUNNING_MINUTES", "INPUT_LOSS_STOP_MINUTES", "CHANNEL_HOURLY_RATE_USD");
            assertThat(p.get("LoggingConfig")).isNotNull();
        }
        // Each function: a published version and the "live" alias on it; callers use the alias.
        // 12 reconcile tasks, 2 event handlers, 2 schedule targets, the API; log groups also for the state machine, API
        // access and the relay.
        t.resourceCountIs("AWS::Lambda::Version", 17);
        t.resourcePropertiesCountIs("AWS::Lambda::Alias", Map.of("Name", "live"), 17);
        t.resourcePropertiesCountIs("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30), 20);
    }

    @Test
    void functions_everyHandlerClassExistsInTheHandlersModule() {
        // infra must not depend on the handlers module, so the check is on the sources: a renamed class fails here, not in AWS.
        var root = s.stack.settings().repoRoot();
        s.resourcesOfType("AWS::Lambda::Function").values().stream().map(Synth::props)
                .map(p -> String.valueOf(p.get("Handler"))).filter(h -> h.startsWith("dev.lunora."))
                .forEach(h -> assertThat(root.resolve("functions/handlers/src/main/java/"
                        + h.substring(0, h.indexOf("::")).replace('.', '/') + ".java")).as(h).exists());
    }

    @Test
    void functions_haveNoManagedPolicies() {
        s.resourcesOfType("AWS::IAM::Role").forEach((id, r) -> {
            if (!id.startsWith("CustomCDKBucketDeployment") && !id.startsWith("CustomS3AutoDeleteObjects")) {
                assertThat(Synth.props(r).get("ManagedPolicyArns")).as(id).isNull();
            }
        });
    }

    @Test
    void api_httpApi_everyRouteNeedsCognitoJwt_corsOnlyForThePage() {
        t.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "JWT",
                "IdentitySource", List.of("$request.header.Authorization")));
        var routes = s.resourcesOfType("AWS::ApiGatewayV2::Route").values();
        assertThat(routes).extracting(r -> Synth.props(r).get("RouteKey"))
                .containsExactlyInAnyOrder("GET /api/{proxy+}", "POST /api/{proxy+}", "PUT /api/{proxy+}", "DELETE /api/{proxy+}");
        assertThat(routes).allSatisfy(r -> assertThat(Synth.props(r).get("AuthorizationType")).isEqualTo("JWT"));
        Map<?, ?> cors = (Map<?, ?>) Synth.props(s.resourcesOfType("AWS::ApiGatewayV2::Api").values().iterator().next()).get("CorsConfiguration");
        assertThat((List<?>) cors.get("AllowOrigins")).hasSize(1);
        assertThat(IamPolicyTest.render(((List<?>) cors.get("AllowOrigins")).get(0))).startsWith("https://");
        t.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "$default", "AutoDeploy", true,
                "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40)));
    }

    @Test
    void signIn_adminCreatedUsersOnly_mfaRequired_codeFlowWithoutSecret() {
        t.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
                "MfaConfiguration", "ON",
                "EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"))));
        t.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of(
                "GenerateSecret", false,
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthScopes", List.of("openid", "email"))));
        t.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }

    @Test
    void site_privateBucket_cloudFrontWithOac_httpsOnly_securityHeaders() {
        t.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("PublicAccessBlockConfiguration", Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
        t.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        t.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultRootObject", "index.html",
                "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https")),
                "CacheBehaviors", List.of(Match.objectLike(Map.of("PathPattern", "/config.json", "ViewerProtocolPolicy", "redirect-to-https"))),
                "Logging", Match.objectLike(Map.of("Prefix", "cloudfront/"))))));
        t.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Map.of("ResponseHeadersPolicyConfig", Match.objectLike(Map.of(
                "SecurityHeadersConfig", Match.objectLike(Map.of(
                        "StrictTransportSecurity", Match.objectLike(Map.of("AccessControlMaxAgeSec", 63072000, "IncludeSubdomains", true)),
                        "ContentSecurityPolicy", Match.objectLike(Map.of("ContentSecurityPolicy",
                                Match.stringLikeRegexp(".*frame-ancestors 'none'.*"))),
                        "FrameOptions", Match.objectLike(Map.of("FrameOption", "DENY")),
                        "ContentTypeOptions", Match.objectLike(Map.of("Override", true))))))));
        // The page and the generated config.json (its deploy-time values: API endpoint, user pool, client, sign-in domain, page URL).
        t.resourceCountIs("Custom::CDKBucketDeployment", 1);
        var deployment = Synth.props(s.resourcesOfType("Custom::CDKBucketDeployment").values().iterator().next());
        String markers = IamPolicyTest.render(deployment.get("SourceMarkers"));
        assertThat(markers).contains(IamPolicyTest.render(s.resolve(s.stack.privateApi().url())))
                .contains(IamPolicyTest.render(s.resolve(s.stack.privateApi().userPool().getUserPoolId())))
                .contains(IamPolicyTest.render(s.resolve(s.stack.privateApi().client().getUserPoolClientId())))
                .contains("amazoncognito.com");
        assertThat(deployment.get("DistributionPaths")).isEqualTo(List.of("/*"));
    }

    @Test
    void channelEvents_alertAndStateChange_ofThisChannelOnly_eachToItsHandlersAlias() {
        Object channelArn = s.resolve(s.stack.channelArn());
        Map<String, String> handlerOf = Map.of(ChannelEvents.ALERT, "ChannelAlert", ChannelEvents.STATE_CHANGE, "ChannelStateChange");
        handlerOf.forEach((detailType, function) -> {
            t.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                    "source", List.of("aws.medialive"),
                    "detail-type", List.of(detailType),
                    "resources", List.of(channelArn)),
                    "State", "ENABLED",
                    "Description", Match.anyValue(),
                    "Targets", List.of(Match.objectLike(Map.of(
                            "Arn", s.resolve(s.stack.triggered().get(function).alias().getFunctionArn()),
                            "RetryPolicy", Map.of("MaximumRetryAttempts", 4, "MaximumEventAgeInSeconds", 3600))))));
            // EventBridge may invoke the alias, and only from this rule.
            t.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Action", "lambda:InvokeFunction",
                    "Principal", "events.amazonaws.com",
                    "FunctionName", s.resolve(s.stack.triggered().get(function).alias().getFunctionArn()),
                    "SourceArn", Match.anyValue()));
        });
        t.resourceCountIs("AWS::Events::Rule", 2);
    }

    @Test
    void schedules_groupAndCostGuardEveryFiveMinutes_noOtherSchedule() {
        t.hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", "lunora"));
        t.resourceCountIs("AWS::Scheduler::Schedule", 1);
        t.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "Name", "lunora-cost-guard",
                "GroupName", s.resolve(s.stack.schedules().group().getRef()),
                "ScheduleExpression", "rate(5 minutes)",
                "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                "State", "ENABLED",
                "Description", Match.anyValue(),
                "Target", Map.of(
                        "Arn", s.resolve(s.stack.triggered().get("CostGuard").alias().getFunctionArn()),
                        "RoleArn", s.resolve(s.stack.schedules().costGuardRole().getRoleArn()),
                        "Input", "{}",
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 120))));
    }

    @Test
    void api_environment_pointsProducerSchedulesAtTheScheduledActionAlias_withItsRole() {
        Map<String, Object> env = environmentOf(LunoraStack.API_HANDLER);
        assertThat(env.get("SCHEDULE_GROUP")).isEqualTo("lunora");
        assertThat(env.get("SCHEDULE_TARGET_ARN")).isEqualTo(s.resolve(s.stack.triggered().get("ScheduledAction").alias().getFunctionArn()));
        assertThat(env.get("SCHEDULER_ROLE_ARN")).isEqualTo(s.resolve(s.stack.schedules().actionRole().getRoleArn()));
        assertThat(env.get("STATE_MACHINE_ARN")).isEqualTo(s.resolve(s.stack.workflow().stateMachine().getStateMachineArn()));
        assertThat(env.get("LUNORA_ALLOWED_ORIGINS")).as("the page's own CloudFront origin may write and gets CORS")
                .isEqualTo(s.resolve(s.stack.site().url()));
    }

    @Test
    void tunables_fromContext_reachTheFunctionsThatReadThem() {
        Synth c = Synth.of(Map.of("channelId", "3714710", "costGuardRate", "rate(10 minutes)", "maxChannelRunningMinutes", "360",
                "channelHourlyRateUsd", "1.25", "inputLossStopMinutes", "10"));
        c.template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of("ScheduleExpression", "rate(10 minutes)")));
        c.template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.lunora.handlers.schedule.CostGuardHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("MAX_CHANNEL_RUNNING_MINUTES", "360",
                        "INPUT_LOSS_STOP_MINUTES", "10"))))));
        c.template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", LunoraStack.API_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CHANNEL_HOURLY_RATE_USD", "1.25"))))));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environmentOf(String handler) {
        return s.resourcesOfType("AWS::Lambda::Function").values().stream().map(Synth::props)
                .filter(p -> handler.equals(p.get("Handler"))).findFirst()
                .map(p -> (Map<String, Object>) ((Map<?, ?>) p.get("Environment")).get("Variables")).orElseThrow();
    }

    @Test
    void existingTables_areReferencedByName_notCreated_andStillGrantedByArn() {
        Synth e = Synth.existingTables();
        e.template.resourceCountIs("AWS::DynamoDB::Table", 0);
        DataTables tables = (DataTables) e.stack.getNode().findChild("Tables");
        assertThat(IamPolicyTest.render(e.resolve(tables.destinations().getTableArn()))).endsWith(":table/lunora-destinations");
        assertThat(IamPolicyTest.render(e.template.toJSON().get("Resources"))).contains(":table/lunora-sessions");
    }

    @Test
    void existingChannel_createsNoMediaLiveResources() {
        t.resourceCountIs("AWS::MediaLive::Channel", 0);
        t.resourceCountIs("AWS::MediaLive::Input", 0);
    }

    @Test
    void createChannel_rtmpPushInput_singlePipelineH264Aac() {
        Template c = Synth.createdChannel().template;
        c.hasResourceProperties("AWS::MediaLive::Input", Match.objectLike(Map.of("Type", "RTMP_PUSH")));
        c.hasResourceProperties("AWS::MediaLive::Channel", Match.objectLike(Map.of(
                "ChannelClass", "SINGLE_PIPELINE",
                "EncoderSettings", Match.objectLike(Map.of(
                        "VideoDescriptions", List.of(Match.objectLike(Map.of("Width", 1280, "Height", 720,
                                "CodecSettings", Map.of("H264Settings", Match.objectLike(Map.of("Bitrate", 4_500_000, "RateControlMode", "CBR")))))),
                        "AudioDescriptions", List.of(Match.objectLike(Map.of(
                                "CodecSettings", Map.of("AacSettings", Match.objectLike(Map.of("Bitrate", 128_000)))))))))));
    }
}
