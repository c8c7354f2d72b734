package dev.lunora.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.QueryLanguage;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The reconcile state machine from {@code statemachines/channel-reconcile.asl.json}, each {@code ${...FunctionArn}}
 * bound to the task function's alias from the catalog. STANDARD because a run waits minutes for MediaLive and must be
 * exactly-once; X-Ray and ALL-level logging so an operator can follow a run. The definition is read as a string (not
 * {@code DefinitionBody.fromFile}, which makes it an S3 asset) so the template carries the states and tests can see them.
 */
public final class ReconcileWorkflow extends Construct {

    static final String NAME = "lunora-channel-reconcile";

    private final StateMachine stateMachine;

    public ReconcileWorkflow(Construct scope, String id, Path aslFile, FunctionCatalog catalog, Map<String, LunoraFunction> tasks) {
        super(scope, id);
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (FunctionCatalog.Entry e : catalog.tasks()) {
            substitutions.put(e.placeholder(), tasks.get(e.name()).alias().getFunctionArn());
        }
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(LunoraFunction.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(NAME)
                .stateMachineType(StateMachineType.STANDARD)
                .queryLanguage(QueryLanguage.JSONATA)
                .definitionBody(DefinitionBody.fromString(read(aslFile)))
                .definitionSubstitutions(substitutions)
                .tracingEnabled(true)
                // Inputs and outputs stay out of CloudWatch: a failed UpdateChannel's message can echo a stream URL.
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
                .build();
        tasks.values().forEach(t -> t.alias().grantInvoke(stateMachine));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the state machine definition " + file, e);
        }
    }

    /**
     * Every execution of the workflow: SfnReconcileRequests checks an execution it finds under a name it wants
     * (DescribeExecution), and names are made at request time, so this is the narrowest scope IAM offers.
     */
    /**
     * The state machine's ARN built from its fixed name, not taken from the resource: the relay's task role may then
     * name it without a dependency cycle (the functions the state machine invokes already depend on the relay service).
     */
    public String stateMachineArnByName() {
        return software.amazon.awscdk.Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("states")
                .resource("stateMachine").resourceName(NAME).arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build());
    }

    public String executionsArn() {
        return software.amazon.awscdk.Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("states")
                .resource("execution").resourceName(NAME + ":*").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build());
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }
}
