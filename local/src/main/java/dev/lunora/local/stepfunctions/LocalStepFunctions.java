package dev.lunora.local.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.lunora.local.clock.LocalClock;
import dev.lunora.local.clock.ScaledClock;
import dev.lunora.local.stepfunctions.asl.Definition;
import dev.lunora.local.stepfunctions.asl.DefinitionParser;
import dev.lunora.local.stepfunctions.asl.InvalidDefinitionException;
import dev.lunora.local.stepfunctions.exec.Engine;
import dev.lunora.local.stepfunctions.exec.Execution;
import dev.lunora.local.stepfunctions.exec.HistoryEvent;
import dev.lunora.local.stepfunctions.exec.Interpreter;
import dev.lunora.local.stepfunctions.exec.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The embedded Step Functions: state machines and executions in memory, JSONata ASL executed by the local runner,
 * and the Step Functions JSON API ({@link #httpHandler()}) for {@code SfnClient} and the AWS CLI.
 *
 * <p>Executions run concurrently on a fixed pool of {@code poolSize} threads (an execution waits in RUNNING when
 * the pool is busy); Parallel branches, Map iterations and function calls run on an unbounded worker pool so that
 * nesting never deadlocks. All time — Wait states, retry intervals, timeouts, history timestamps — is the
 * {@link LocalClock}'s.
 */
public final class LocalStepFunctions implements AutoCloseable {

    public static final String DEFAULT_REGION = "us-west-2";
    public static final String DEFAULT_ACCOUNT = "000000000000";
    /** AWS name rules for state machines and executions ("StartExecution": name). */
    private static final Pattern INVALID_NAME_CHARS =
            Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1f\\x7f-\\x9f]");

    private final LocalClock clock;
    private final String region;
    private final String account;
    private final Engine engine;
    private final ExecutorService executions;
    private final ExecutorService workers;
    private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
    private final Map<String, Execution> executionsByArn = new LinkedHashMap<>();

    /** A state machine as stored; replaced whole on update (running executions keep their definition). */
    record StateMachine(String arn, String name, String definitionJson, Definition definition, String roleArn,
                        String type, Instant creationDate, Instant updateDate) {
    }

    public LocalStepFunctions(LocalClock clock, LocalLambdas lambdas, String region, String account, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.region = Objects.requireNonNull(region, "region");
        this.account = Objects.requireNonNull(account, "account");
        this.executions = Executors.newFixedThreadPool(poolSize, daemon("sfn-execution-"));
        this.workers = Executors.newCachedThreadPool(daemon("sfn-worker-"));
        this.engine = new Engine(clock, Objects.requireNonNull(lambdas, "lambdas"), workers, region, account);
    }

    /** Defaults: us-west-2, account 000000000000, four concurrent executions. */
    public static LocalStepFunctions create(LocalClock clock, LocalLambdas lambdas) {
        return new LocalStepFunctions(clock, lambdas, DEFAULT_REGION, DEFAULT_ACCOUNT, 4);
    }

    // ---- Java API

    /** Creates a state machine (role ARN defaulted) and returns its ARN; see the role-taking overload. */
    public String createStateMachine(String name, String definition) {
        return createStateMachine(name, definition, "arn:aws:iam::" + account + ":role/local-step-functions");
    }

    /**
     * Creates a state machine and returns its ARN. Creating one again with the same definition and role returns
     * the same ARN, as AWS does; a different definition under the same name is {@code StateMachineAlreadyExists}.
     * An invalid definition is {@code InvalidDefinition}, naming the state at fault.
     */
    public synchronized String createStateMachine(String name, String definition, String roleArn) {
        checkName(name, "state machine");
        Definition parsed = parse(definition);
        String arn = "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
        StateMachine existing = stateMachines.get(arn);
        if (existing != null) {
            if (existing.definitionJson().equals(definition) && Objects.equals(existing.roleArn(), roleArn)) {
                return arn;
            }
            throw new StepFunctionsException("StateMachineAlreadyExists", "State Machine Already Exists: '"
                    + arn + "'");
        }
        Instant now = clock.now();
        stateMachines.put(arn, new StateMachine(arn, name, definition, parsed, roleArn, "STANDARD", now, now));
        return arn;
    }

    /** Replaces the definition and/or role; executions already running finish with the old definition. */
    public synchronized Instant updateStateMachine(String stateMachineArn, String definition, String roleArn) {
        StateMachine sm = stateMachine(stateMachineArn);
        if (definition == null && roleArn == null) {
            throw new StepFunctionsException("MissingRequiredParameter",
                    "Either the definition or the roleArn must be specified.");
        }
        Definition parsed = definition == null ? sm.definition() : parse(definition);
        Instant now = clock.now();
        stateMachines.put(sm.arn(), new StateMachine(sm.arn(), sm.name(),
                definition == null ? sm.definitionJson() : definition, parsed,
                roleArn == null ? sm.roleArn() : roleArn, sm.type(), sm.creationDate(), now));
        return now;
    }

    /**
     * Starts an execution and returns its ARN. {@code name} null means a generated UUID; {@code input} null means
     * {@code {}}. As AWS: the same name and input as a <em>running</em> execution returns that execution; otherwise
     * a reused name is {@code ExecutionAlreadyExists}.
     */
    public String startExecution(String stateMachineArn, String name, String input) {
        Execution execution;
        synchronized (this) {
            StateMachine sm = stateMachine(stateMachineArn);
            String execName = name == null ? UUID.randomUUID().toString() : name;
            checkName(execName, "execution");
            String inputJson = input == null ? "{}" : input;
            Object inputValue = parseInput(inputJson);
            String arn = "arn:aws:states:" + region + ":" + account + ":execution:" + sm.name() + ":" + execName;
            Execution existing = executionsByArn.get(arn);
            if (existing != null) {
                if (existing.status() == Execution.Status.RUNNING
                        && Objects.equals(parseInput(existing.inputJson()), inputValue)) {
                    return arn;
                }
                throw new StepFunctionsException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            execution = new Execution(arn, execName, sm.arn(), sm.name(), sm.roleArn(), sm.definition(), inputValue,
                    inputJson, clock.now());
            executionsByArn.put(arn, execution);
        }
        Interpreter interpreter = new Interpreter(engine, execution);
        interpreter.begin();
        executions.submit(interpreter::run);
        return execution.arn();
    }

    /** Blocks (real time) until the execution closes or {@code timeout} passes, and returns where it stands. */
    public ExecutionOutcome awaitExecution(String executionArn, Duration timeout) throws InterruptedException {
        Execution e = execution(executionArn);
        e.awaitClosed(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return outcome(e);
    }

    public ExecutionOutcome describeExecution(String executionArn) {
        return outcome(execution(executionArn));
    }

    /** The execution's history, oldest first. */
    public List<HistoryEvent> history(String executionArn) {
        return execution(executionArn).history();
    }

    /** Aborts a running execution, interrupting whatever it waits for; stopping a closed one changes nothing. */
    public Instant stopExecution(String executionArn, String error, String cause) {
        Execution e = execution(executionArn);
        e.stop(clock.now(), error, cause);
        return e.stopDate();
    }

    /** The Step Functions JSON API (awsJson1.0) over this instance, for the local AWS edge or a server. */
    public HttpHandler httpHandler() {
        return new StepFunctionsHttpApi(this);
    }

    @Override
    public void close() {
        List<Execution> all;
        synchronized (this) {
            all = new ArrayList<>(executionsByArn.values());
        }
        all.forEach(e -> e.stop(clock.now(), null, "The local Step Functions runner shut down."));
        executions.shutdownNow();
        workers.shutdownNow();
    }

    // ---- for the HTTP layer

    String region() {
        return region;
    }

    synchronized List<StateMachine> stateMachines() {
        return new ArrayList<>(stateMachines.values());
    }

    synchronized StateMachine stateMachine(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:states:") || !arn.contains(":stateMachine:")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
        StateMachine sm = stateMachines.get(arn);
        if (sm == null) {
            throw new StepFunctionsException("StateMachineDoesNotExist", "State Machine Does Not Exist: '"
                    + arn + "'");
        }
        return sm;
    }

    synchronized Execution execution(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:states:") || !arn.contains(":execution:")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
        Execution e = executionsByArn.get(arn);
        if (e == null) {
            throw new StepFunctionsException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return e;
    }

    /** Test seam: the execution only waits for simulated time (see {@code Execution.isQuiescent}). */
    boolean quiescent(String executionArn) {
        return execution(executionArn).isQuiescent();
    }

    /** Executions of one state machine, newest first (the order ListExecutions uses). */
    synchronized List<Execution> executionsOf(String stateMachineArn) {
        stateMachine(stateMachineArn);
        List<Execution> out = new ArrayList<>();
        for (Execution e : executionsByArn.values()) {
            if (e.stateMachineArn().equals(stateMachineArn)) {
                out.add(0, e);
            }
        }
        return out;
    }

    private static ExecutionOutcome outcome(Execution e) {
        return new ExecutionOutcome(e.arn(), e.status().name(), e.outputJson(), e.error(), e.cause());
    }

    private static Definition parse(String definition) {
        if (definition == null) {
            throw new StepFunctionsException("MissingRequiredParameter", "A definition must be specified.");
        }
        try {
            return DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsException("InvalidDefinition", e.getMessage());
        }
    }

    private static Object parseInput(String json) {
        if (Json.size(json) > Json.MAX_PAYLOAD_BYTES) {
            throw new StepFunctionsException("InvalidExecutionInput", "Execution input exceeds the maximum size of "
                    + Json.MAX_PAYLOAD_BYTES + " bytes.");
        }
        try {
            return Json.read(json);
        } catch (JsonProcessingException e) {
            throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getOriginalMessage() + "'");
        }
    }

    private static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 80 || INVALID_NAME_CHARS.matcher(name).find()) {
            throw new StepFunctionsException("InvalidName", "Invalid Name: '" + name + "' (a " + what + " name has "
                    + "1 to 80 characters without white space, brackets, wildcards, control characters or any of "
                    + "\" # % \\ ^ | ~ ` $ & , ; : /)");
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- standalone

    /**
     * Runs the API alone on 127.0.0.1 ({@code --port}, default 4568; {@code --time-scale N}). No functions are
     * registered unless {@code --demo-functions} adds {@code echo} (returns its payload) and {@code fail} (throws).
     */
    public static void main(String[] args) throws IOException {
        int port = 4568;
        double scale = 1;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--time-scale" -> scale = Double.parseDouble(args[++i]);
                case "--demo-functions" -> demo = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --port N, --time-scale N, --demo-functions");
            }
        }
        LocalLambdas lambdas = new LocalLambdas();
        if (demo) {
            lambdas.register("echo", payload -> payload);
            lambdas.register("fail", payload -> {
                throw new IllegalStateException("the demo function 'fail' always fails");
            });
        }
        LocalStepFunctions sfn = create(new ScaledClock(scale), lambdas);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", sfn.httpHandler());
        server.setExecutor(Executors.newFixedThreadPool(4, daemon("sfn-http-")));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            sfn.close();
        }, "sfn-shutdown"));
        System.out.println("Local Step Functions on http://127.0.0.1:" + port + " (time scale " + scale + ")");
    }
}
