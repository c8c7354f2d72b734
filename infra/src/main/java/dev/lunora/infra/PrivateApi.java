package dev.lunora.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The API behind sign-in: an HTTP API whose every route needs a Cognito user pool JWT. Nobody can sign up (an
 * administrator creates the producer's user), MFA by authenticator app is required, and the page signs in with the
 * authorization-code flow (PKCE, no client secret) on Cognito's hosted pages. CORS admits only the page's origin.
 */
public final class PrivateApi extends Construct {

    private final UserPool userPool;
    private final UserPoolClient client;
    private final UserPoolDomain domain;
    private final HttpApi api;

    public PrivateApi(Construct scope, String id, IFunction handler, String siteUrl, String domainPrefix) {
        super(scope, id);
        userPool = UserPool.Builder.create(this, "Users")
                .userPoolName("lunora")
                .featurePlan(FeaturePlan.ESSENTIALS)
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true).requireUppercase(true)
                        .requireDigits(true).requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        domain = userPool.addDomain("SignInDomain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(domainPrefix).build())
                .build());
        client = userPool.addClient("Page", UserPoolClientOptions.builder()
                .userPoolClientName("lunora-page")
                .generateSecret(false)
                .preventUserExistenceErrors(true)
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
                        .scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL))
                        .callbackUrls(List.of(siteUrl + "/"))
                        .logoutUrls(List.of(siteUrl + "/"))
                        .build())
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.hours(12))
                .build());

        api = HttpApi.Builder.create(this, "Api")
                .apiName("lunora")
                .description("Lunora API; every route requires a signed-in user")
                .createDefaultStage(false)
                .defaultAuthorizer(HttpUserPoolAuthorizer.Builder.create("SignedInUser", userPool)
                        .userPoolClients(List.of(client)).build())
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of(siteUrl))
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE))
                        .allowHeaders(List.of("authorization", "content-type"))
                        .maxAge(Duration.hours(1))
                        .build())
                .build();
        // Explicit methods, not ANY: an ANY route would also catch the CORS preflight and demand a token for it.
        api.addRoutes(AddRoutesOptions.builder()
                .path("/api/{proxy+}")
                .methods(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
                .integration(new HttpLambdaIntegration("ApiHandler", handler))
                .build());

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(LunoraFunction.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        IAccessLogDestination destination = new LogGroupLogDestination(accessLogs);
        HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                // One producer clicks a few times a minute; this bounds what a stolen token could cost.
                .throttle(ThrottleSettings.builder().rateLimit(20).burstLimit(40).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                                + "\"requestTime\":\"$context.requestTime\",\"method\":\"$context.httpMethod\","
                                + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                                + "\"user\":\"$context.authorizer.claims.sub\",\"error\":\"$context.authorizer.error\","
                                + "\"integrationError\":\"$context.integrationErrorMessage\",\"latency\":\"$context.responseLatency\"}");
                    }
                })
                .build();
    }

    /** What the page needs to sign in; written into config.json. */
    public Map<String, Object> authConfig(String region, String siteUrl) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("required", true);
        auth.put("provider", "cognito");
        auth.put("region", region);
        auth.put("userPoolId", userPool.getUserPoolId());
        auth.put("clientId", client.getUserPoolClientId());
        auth.put("domain", domain.baseUrl());
        auth.put("redirectUri", siteUrl + "/");
        auth.put("scopes", List.of("openid", "email"));
        return auth;
    }

    public String url() {
        return api.getApiEndpoint();
    }

    public HttpApi api() {
        return api;
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient client() {
        return client;
    }
}
