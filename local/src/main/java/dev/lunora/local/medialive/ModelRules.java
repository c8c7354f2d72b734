package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS's MediaLive model as the bundled {@code medialive/model-rules.json} carries it (generated from botocore by
 * {@link ModelRulesGenerator}): operations and shapes, members by their wire names. Loaded once per JVM; it
 * ships as a resource so local mode works where botocore is not installed.
 */
final class ModelRules {

    static final String RESOURCE = "/medialive/model-rules.json";

    record OperationRule(String method, String uri, int responseCode, String input, String output) {
    }

    /** {@code location} is null for a body member, else {@code uri}, {@code querystring} or {@code header}. */
    record Member(String shape, String location) {
        boolean inBody() {
            return location == null;
        }
    }

    /** One shape; members, enum values and range are empty/null where the model has none. */
    record Shape(String name, String type, Map<String, Member> members, Set<String> required, Set<String> enumValues,
            Long min, Long max, String member, String key, String value, String timestampFormat) {
    }

    private static final ModelRules BUNDLED = load();

    private final String botocoreVersion;
    private final Map<String, OperationRule> operations;
    private final Map<String, Shape> shapes;

    private ModelRules(String botocoreVersion, Map<String, OperationRule> operations, Map<String, Shape> shapes) {
        this.botocoreVersion = botocoreVersion;
        this.operations = operations;
        this.shapes = shapes;
    }

    static ModelRules bundled() {
        return BUNDLED;
    }

    String botocoreVersion() {
        return botocoreVersion;
    }

    OperationRule operation(Operation op) {
        OperationRule rule = operations.get(op.name());
        if (rule == null) {
            throw new IllegalStateException("the model rules have no operation " + op + "; regenerate them");
        }
        return rule;
    }

    Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("the model rules have no shape " + name + "; regenerate them");
        }
        return shape;
    }

    /** The wire names of a structure's members that travel in the JSON body, in model order. */
    List<String> bodyMembers(String structure) {
        List<String> out = new ArrayList<>();
        shape(structure).members().forEach((wire, member) -> {
            if (member.inBody()) {
                out.add(wire);
            }
        });
        return out;
    }

    private static ModelRules load() {
        try (InputStream in = ModelRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + RESOURCE + " is missing from the classpath");
            }
            return parse(HttpExchanges.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled " + RESOURCE + " could not be read", e);
        }
    }

    static ModelRules parse(JsonNode root) {
        Map<String, OperationRule> operations = new LinkedHashMap<>();
        root.path("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            operations.put(e.getKey(), new OperationRule(op.path("method").asText(), op.path("uri").asText(),
                    op.path("responseCode").asInt(), op.path("input").asText(), op.path("output").asText()));
        });
        Map<String, Shape> shapes = new LinkedHashMap<>();
        root.path("shapes").properties().forEach(e -> {
            JsonNode s = e.getValue();
            Map<String, Member> members = new LinkedHashMap<>();
            s.path("members").properties().forEach(m -> members.put(m.getKey(),
                    new Member(m.getValue().path("shape").asText(), m.getValue().path("location").asText(null))));
            shapes.put(e.getKey(), new Shape(e.getKey(), s.path("type").asText(), members, texts(s.path("required")),
                    texts(s.path("enum")), s.has("min") ? s.get("min").asLong() : null,
                    s.has("max") ? s.get("max").asLong() : null, s.path("member").asText(null),
                    s.path("key").asText(null), s.path("value").asText(null), s.path("timestampFormat").asText(null)));
        });
        return new ModelRules(root.path("botocoreVersion").asText(), operations, shapes);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
