package dev.lunora.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lunora handler as a Lambda function: java21 on arm64 (Graviton, about 20% cheaper per GB-second), SnapStart
 * on published versions, invoked only through the {@value #ALIAS} alias so callers always hit a snapshotted
 * version. Each function has its own role with nothing but writing to its own log group; {@link #allow} adds what
 * its handler calls and nothing else.
 */
public final class LunoraFunction extends Construct {

    public static final String ALIAS = "live";
    public static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    private final Function function;
    private final Alias alias;
    private final Role role;

    /**
     * @param memoryMb see {@link LunoraStack}: CPU scales with memory, so the user-facing API gets more than the tasks
     */
    public LunoraFunction(Construct scope, String id, String handler, Path jar, int memoryMb, Duration timeout,
                          Map<String, String> environment, String description) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Lunora " + id + ": only the calls its handler makes")
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        function = Function.Builder.create(this, "Function")
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(Code.fromAsset(jar.toString()))
                .memorySize(memoryMb)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment)
                .role(role)
                .logGroup(logs)
                .build();
        // Instead of the AWSLambdaBasicExecutionRole managed policy (logs on every log group): its own group only.
        role.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        alias = Alias.Builder.create(this, "Alias").aliasName(ALIAS).version(function.getCurrentVersion()).build();
    }

    /** Grants {@code actions} on exactly {@code resources}. */
    public LunoraFunction allow(List<String> actions, List<String> resources) {
        return allow(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources).build());
    }

    public LunoraFunction allow(PolicyStatement statement) {
        role.addToPolicy(statement);
        return this;
    }

    public Function function() {
        return function;
    }

    /** What callers invoke: the published, snapshotted version. */
    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }
}
