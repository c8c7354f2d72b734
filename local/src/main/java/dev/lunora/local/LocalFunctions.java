package dev.lunora.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.handlers.wiring.Wiring;
import dev.lunora.local.stepfunctions.LocalLambdas;
import dev.lunora.local.web.LocalLambdaContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function catalog ({@code statemachines/functions.json}, shared with the CDK app): each entry's handler
 * class is built with local mode's wiring and registered as a local Lambda function under the name the state
 * machine's placeholders (task functions) or the local scheduler's targets (entries with a {@code trigger}) resolve to.
 */
final class LocalFunctions {

    static final String NAME_PREFIX = "lunora-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalFunctions() {
    }

    /** @return placeholder → local function ARN, for the definition's substitutions */
    static Map<String, String> registerAll(Path catalog, Wiring wiring, LocalLambdas lambdas, String region, String account) throws IOException {
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (JsonNode fn : JSON.readTree(catalog.toFile()).path("functions")) {
            // Every entry is a Lambda function, as in AWS: tasks are invoked by the runner, schedule targets by the
            // local scheduler; event targets are also reachable by name, though the event bus calls them directly.
            String name = NAME_PREFIX + fn.path("name").asText();
            String handlerClass = fn.path("handler").asText().split("::")[0];
            RequestHandler<Object, Object> handler = instantiate(handlerClass, wiring);
            lambdas.register(name, payload -> handler.handleRequest(payload, LocalLambdaContext.forInvocation(name)));
            if (fn.hasNonNull("placeholder")) {
                substitutions.put(fn.path("placeholder").asText(), functionArn(fn.path("name").asText(), region, account));
            }
        }
        return substitutions;
    }

    /**
     * The catalog's event rule targets: each entry whose {@code trigger} names a {@code source} and {@code detail-type}, with
     * its handler built with local mode's wiring.
     */
    static java.util.List<EventTarget> eventTargets(Path catalog, Wiring wiring) throws IOException {
        java.util.List<EventTarget> targets = new java.util.ArrayList<>();
        for (JsonNode fn : JSON.readTree(catalog.toFile()).path("functions")) {
            JsonNode trigger = fn.path("trigger");
            if (fn.has("placeholder") || !trigger.has("source")) {
                continue;
            }
            String name = NAME_PREFIX + fn.path("name").asText();
            targets.add(new EventTarget(name, trigger.path("source").asText(null), trigger.path("detail-type").asText(null),
                    instantiate(fn.path("handler").asText().split("::")[0], wiring)));
        }
        return targets;
    }

    /** One rule: events with this source and detail-type go to {@code handler}. */
    record EventTarget(String name, String source, String detailType, RequestHandler<Object, Object> handler) {
        boolean matches(java.util.Map<String, Object> event) {
            return (source == null || source.equals(event.get("source"))) && (detailType == null || detailType.equals(event.get("detail-type")));
        }
    }

    /** The local ARN of a catalogued function, as state machines and schedules name it. */
    static String functionArn(String catalogName, String region, String account) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + NAME_PREFIX + catalogName;
    }

    /** Handlers have a constructor taking the wiring (tests and local mode) beside Lambda's no-arg one. */
    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> instantiate(String className, Wiring wiring) {
        try {
            return (RequestHandler<Object, Object>) Class.forName(className).getConstructor(Wiring.class).newInstance(wiring);
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("function catalog names " + className + ", which has no public (Wiring) constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("could not build " + className + ": " + e.getCause(), e.getCause());
        }
    }

    /** Replaces {@code ${Name}} placeholders as CloudFormation's DefinitionSubstitutions does. */
    static String substitute(String definition, Map<String, String> substitutions) {
        String out = definition;
        for (Map.Entry<String, String> e : substitutions.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        int unbound = out.indexOf("${");
        if (unbound >= 0) {
            throw new IllegalStateException("state machine placeholder left unbound near: " + out.substring(unbound, Math.min(out.length(), unbound + 60)));
        }
        return out;
    }
}
