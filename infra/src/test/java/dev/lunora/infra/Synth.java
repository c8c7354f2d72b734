package dev.lunora.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack once per variant and JVM (the first synth costs seconds, later ones milliseconds), with a
 * dummy functions jar so the tests need no prior {@code mvn package} of the handlers.
 */
final class Synth {

    private static final Map<String, Synth> CACHE = new HashMap<>();

    final App app;
    final LunoraStack stack;
    final Template template;
    final Map<String, Object> json;
    private Annotations annotations;

    private Synth(Map<String, Object> context) {
        try {
            Path dir = Files.createTempDirectory("lunora-infra-test");
            Path jar = Files.writeString(dir.resolve("lunora-functions.jar"), "not a real jar: tests only look at the template");
            Map<String, Object> ctx = new HashMap<>(context);
            ctx.put("functionsJar", jar.toString());
            ctx.put("region", "us-west-2");
            // Assets stay where they are instead of being copied into cdk.out: the tests only read the template.
            ctx.put("aws:cdk:disable-asset-staging", true);
            app = App.Builder.create().context(ctx).outdir(dir.resolve("cdk.out").toString()).build();
            stack = LunoraApp.build(app, LunoraSettings.fromContext(app.getNode()));
            template = Template.fromStack(stack);
            json = template.toJSON();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented deployment: the producer's existing channel 3714710. */
    static synchronized Synth existingChannel() {
        return CACHE.computeIfAbsent("existing", k -> new Synth(Map.of("channelId", "3714710")));
    }

    static synchronized Synth existingTables() {
        return CACHE.computeIfAbsent("tables", k -> new Synth(Map.of("channelId", "3714710", "existingTables", "true")));
    }

    /** Relay mode left out ({@code -c relay=false}). */
    static synchronized Synth withoutRelay() {
        return CACHE.computeIfAbsent("norelay", k -> new Synth(Map.of("channelId", "3714710", "relay", "false")));
    }

    /** A one-off variant (not cached). */
    static Synth of(Map<String, Object> context) {
        return new Synth(context);
    }

    static synchronized Synth createdChannel() {
        return CACHE.computeIfAbsent("created", k -> new Synth(Map.of("createChannel", "true")));
    }

    /** Synth messages (cdk-nag findings among them), read once: each fromStack walks the whole assembly. */
    synchronized Annotations annotations() {
        if (annotations == null) {
            annotations = Annotations.fromStack(stack);
        }
        return annotations;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) json.get("Resources");
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** What a token renders as in the template ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join}), for comparisons. */
    Object resolve(Object token) {
        return stack.resolve(token);
    }
}
