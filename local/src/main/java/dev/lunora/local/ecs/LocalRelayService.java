package dev.lunora.local.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lunora.local.edge.HttpExchanges;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECS stand-in of local mode: one Fargate-like service, the relay, answering the ECS JSON API calls the workflow
 * makes (DescribeServices, UpdateService; ListServices for the AWS CLI) behind the edge. Its tasks are relay
 * processes run in this JVM on the shared clock: desiredCount 1 starts one, 0 stops it, and a task that dies is
 * replaced, as ECS does — so a killed relay comes back and resumes every destination by itself.
 */
public final class LocalRelayService implements HttpHandler, AutoCloseable {

    public static final String SIGNING_NAME = "ecs";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRelayService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    /** ECS replaces a stopped task within seconds; a second here keeps tests quick. */
    private static final long REPLACE_AFTER_MILLIS = 1_000;

    /** Starts one relay task; what it returns is stopped (gracefully) or killed. */
    public interface TaskLauncher {
        Task launch() throws Exception;
    }

    /** A running relay task. */
    public interface Task {
        void stop();

        void kill();
    }

    private final String cluster;
    private final String service;
    private final String region;
    private final String account;
    private final TaskLauncher launcher;
    private final ScheduledExecutorService tasks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-ecs-relay");
        t.setDaemon(true);
        return t;
    });
    private int desired;
    private Task running;
    private int failedTasks;
    private long deploymentCreatedAt = System.currentTimeMillis() / 1000;
    private boolean closed;

    public LocalRelayService(String cluster, String service, String region, String account, TaskLauncher launcher) {
        this.cluster = cluster;
        this.service = service;
        this.region = region;
        this.account = account;
        this.launcher = launcher;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    public synchronized int desiredCount() {
        return desired;
    }

    public synchronized int runningCount() {
        return running == null ? 0 : 1;
    }

    /** Kills the running task (as SIGKILL would); the service replaces it, since it still wants one. */
    public void killTask() {
        Task victim;
        synchronized (this) {
            victim = running;
            running = null;
        }
        if (victim != null) {
            LOG.atInfo().addKeyValue("service", service).log("relay task killed");
            victim.kill();
            tasks.schedule(this::converge, REPLACE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sets the desired count, as UpdateService does, and converges in the background. */
    public synchronized void scale(int count) {
        if (count != desired) {
            deploymentCreatedAt = System.currentTimeMillis() / 1000;
            failedTasks = 0;
        }
        desired = count;
        tasks.execute(this::converge);
    }

    private void converge() {
        Task toStop = null;
        boolean launch;
        synchronized (this) {
            if (closed) {
                return;
            }
            launch = desired > 0 && running == null;
            if (desired == 0 && running != null) {
                toStop = running;
                running = null;
            }
        }
        if (toStop != null) {
            toStop.stop();
            LOG.atInfo().addKeyValue("service", service).log("relay task stopped");
        }
        if (launch) {
            try {
                Task started = launcher.launch();
                boolean keep;
                synchronized (this) {
                    keep = !closed && desired > 0 && running == null;
                    if (keep) {
                        running = started;
                    }
                }
                if (!keep) {
                    started.stop();
                }
                LOG.atInfo().addKeyValue("service", service).log("relay task running");
            } catch (Exception e) {
                // The launcher boundary: any failure of a task is ECS's "task stopped", counted and retried.
                synchronized (this) {
                    failedTasks++;
                }
                LOG.atWarn().addKeyValue("service", service).log("relay task failed to start, retrying: {}", e.toString());
                tasks.schedule(this::converge, REPLACE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null || !target.startsWith(TARGET_PREFIX) ? "" : target.substring(TARGET_PREFIX.length());
            JsonNode request;
            try {
                request = JSON.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                error(exchange, 400, "InvalidParameterException", "The request body is not valid JSON.");
                return;
            }
            switch (operation) {
                case "DescribeServices" -> describeServices(exchange, request);
                case "UpdateService" -> updateService(exchange, request);
                case "ListServices" -> listServices(exchange);
                default -> error(exchange, 400, "InvalidParameterException", "The local ECS stand-in serves DescribeServices,"
                        + " UpdateService and ListServices for the relay service only; not '" + operation + "'.");
            }
        }
    }

    private void describeServices(HttpExchange exchange, JsonNode request) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode services = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode name : request.path("services")) {
            if (names(name.asText())) {
                services.add(serviceJson());
            } else {
                failures.addObject().put("arn", name.asText()).put("reason", "MISSING");
            }
        }
        send(exchange, out);
    }

    private void updateService(HttpExchange exchange, JsonNode request) throws IOException {
        if (!names(request.path("service").asText())) {
            error(exchange, 400, "ServiceNotFoundException", "Service not found: " + request.path("service").asText());
            return;
        }
        JsonNode count = request.path("desiredCount");
        if (!count.isMissingNode()) {
            if (!count.canConvertToInt() || count.asInt() < 0 || count.asInt() > 1) {
                error(exchange, 400, "InvalidParameterException", "The relay service runs 0 or 1 tasks; desiredCount was " + count + ".");
                return;
            }
            scale(count.asInt());
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("service", serviceJson());
        send(exchange, out);
    }

    private void listServices(HttpExchange exchange) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.putArray("serviceArns").add(serviceArn());
        send(exchange, out);
    }

    private boolean names(String nameOrArn) {
        return nameOrArn.equals(service) || nameOrArn.equals(serviceArn());
    }

    private String serviceArn() {
        return "arn:aws:ecs:" + region + ":" + account + ":service/" + cluster + "/" + service;
    }

    private synchronized ObjectNode serviceJson() {
        int runningCount = running == null ? 0 : 1;
        ObjectNode s = JSON.createObjectNode()
                .put("serviceArn", serviceArn())
                .put("serviceName", service)
                .put("clusterArn", "arn:aws:ecs:" + region + ":" + account + ":cluster/" + cluster)
                .put("status", "ACTIVE")
                .put("desiredCount", desired)
                .put("runningCount", runningCount)
                .put("pendingCount", Math.max(0, desired - runningCount))
                .put("launchType", "FARGATE");
        s.putArray("deployments").addObject()
                .put("id", "ecs-svc/local")
                .put("status", "PRIMARY")
                .put("desiredCount", desired)
                .put("runningCount", runningCount)
                .put("pendingCount", Math.max(0, desired - runningCount))
                .put("failedTasks", failedTasks)
                .put("rolloutState", runningCount >= desired ? "COMPLETED" : "IN_PROGRESS")
                .put("createdAt", deploymentCreatedAt);
        return s;
    }

    private static void send(HttpExchange exchange, ObjectNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        HttpExchanges.send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
        HttpExchanges.send(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(body));
    }

    /** Lets a launch under way finish (so its nginx and pushes are known), then stops the running task. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        tasks.shutdown();
        try {
            if (!tasks.awaitTermination(20, TimeUnit.SECONDS)) {
                tasks.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Task toStop;
        synchronized (this) {
            toStop = running;
            running = null;
        }
        if (toStop != null) {
            toStop.stop();
        }
    }
}
