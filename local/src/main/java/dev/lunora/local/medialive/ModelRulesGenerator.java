package dev.lunora.local.medialive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Writes {@code medialive/model-rules.json} from AWS's published MediaLive model as botocore ships it
 * ({@code botocore/data/medialive/2017-10-14/service-2.json.gz}): for each {@link Operation} the simulator
 * serves, its HTTP binding and shapes, and every shape reachable from them, reduced to the facts a validator
 * needs. Documentation text is left out on purpose: the simulator uses AWS's facts, not its prose.
 *
 * <p>botocore drops Smithy's length/range traits, but MediaLive's shape names carry them
 * ({@code __integerMin30}, {@code __stringMin1Max35}, {@code __integerMinNegative60Max60}); the generator
 * reads min/max from those names for string, integer, long and double shapes only (a
 * {@code __listOf__stringMin7Max11...} constrains its strings, which have a shape of their own).
 *
 * <p>Run: {@code ModelRulesGenerator <service-2.json.gz> <botocore version> <output file>}; the test
 * {@code ModelRulesAreCurrentTest} regenerates from the installed botocore and compares.
 */
public final class ModelRulesGenerator {

    static final String MODEL_PATH = "data/medialive/2017-10-14/service-2.json.gz";
    private static final Pattern NAMED_RANGE =
            Pattern.compile("^__(string|integer|long|double)(?:Min(Negative)?(\\d+))?(?:Max(\\d+))?(?:Pattern.*)?$");

    private ModelRulesGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ModelRulesGenerator <service-2.json.gz> <botocore version> <output>");
        }
        Files.writeString(Path.of(args[2]), generate(Path.of(args[0]), args[1]), StandardCharsets.UTF_8);
    }

    /** The rules file's text for the model at {@code serviceModel} (gzip JSON). */
    static String generate(Path serviceModel, String botocoreVersion) throws IOException {
        JsonNode model;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(serviceModel))) {
            model = HttpExchanges.JSON.readTree(in);
        }
        return render(rules(model, botocoreVersion));
    }

    private record Rules(String botocoreVersion, String apiVersion, Map<String, ObjectNode> operations,
            Map<String, ObjectNode> shapes) {
    }

    private static Rules rules(JsonNode model, String botocoreVersion) {
        Map<String, ObjectNode> operations = new TreeMap<>();
        Map<String, ObjectNode> shapes = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>();
        for (Operation op : Operation.values()) {
            JsonNode source = model.path("operations").path(op.name());
            if (source.isMissingNode()) {
                throw new IllegalStateException("the model has no operation " + op.name());
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("method", source.path("http").path("method").asText());
            out.put("uri", source.path("http").path("requestUri").asText());
            out.put("responseCode", source.path("http").path("responseCode").asInt(200));
            out.put("input", source.path("input").path("shape").asText());
            out.put("output", source.path("output").path("shape").asText());
            operations.put(op.name(), out);
            pending.add(out.get("input").asText());
            pending.add(out.get("output").asText());
        }
        JsonNode allShapes = model.path("shapes");
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (shapes.containsKey(name)) {
                continue;
            }
            JsonNode shape = allShapes.path(name);
            if (shape.isMissingNode()) {
                throw new IllegalStateException("the model references a missing shape " + name);
            }
            shapes.put(name, reduce(name, shape, pending));
        }
        return new Rules(botocoreVersion, model.path("metadata").path("apiVersion").asText(), operations, shapes);
    }

    /** The shape with only type, members (by wire name), required (wire names), enum, min, max, member, key, value. */
    private static ObjectNode reduce(String name, JsonNode shape, Deque<String> pending) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String type = shape.path("type").asText();
        out.put("type", type);
        if (shape.has("timestampFormat")) {
            // Not in the brief's list, but a timestamp's JSON type (ISO string or epoch number) depends on it.
            out.put("timestampFormat", shape.get("timestampFormat").asText());
        }
        if (shape.has("enum")) {
            out.set("enum", shape.get("enum").deepCopy());
        }
        Matcher range = NAMED_RANGE.matcher(name);
        if (range.matches() && range.group(1).equals(type)) {
            if (range.group(3) != null) {
                out.put("min", Long.parseLong(range.group(3)) * (range.group(2) != null ? -1 : 1));
            }
            if (range.group(4) != null) {
                out.put("max", Long.parseLong(range.group(4)));
            }
        }
        for (String field : new String[] {"min", "max"}) {
            // Should botocore ever keep the traits, they win over the name.
            if (shape.has(field)) {
                out.put(field, shape.get(field).asLong());
            }
        }
        if (shape.has("members")) {
            ObjectNode members = out.putObject("members");
            ArrayNode required = JsonNodeFactory.instance.arrayNode();
            Map<String, String> wireNames = new TreeMap<>();
            shape.get("members").properties().forEach(entry -> {
                JsonNode member = entry.getValue();
                String wire = member.path("locationName").asText(entry.getKey());
                wireNames.put(entry.getKey(), wire);
                ObjectNode m = members.putObject(wire);
                m.put("shape", member.path("shape").asText());
                if (member.has("location")) {
                    m.put("location", member.get("location").asText());
                }
                pending.add(member.path("shape").asText());
            });
            for (JsonNode r : shape.path("required")) {
                required.add(wireNames.getOrDefault(r.asText(), r.asText()));
            }
            if (!required.isEmpty()) {
                out.set("required", required);
            }
        }
        for (String ref : new String[] {"member", "key", "value"}) {
            if (shape.has(ref)) {
                out.put(ref, shape.get(ref).path("shape").asText());
                pending.add(shape.get(ref).path("shape").asText());
            }
        }
        return out;
    }

    /** One operation or shape per line: compact, and a model update shows as a readable diff. */
    private static String render(Rules rules) throws JsonProcessingException {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"source\": ").append(quote("botocore " + rules.botocoreVersion() + ", botocore/" + MODEL_PATH
                + " (AWS's published MediaLive model); generated by ModelRulesGenerator; min/max read from shape names"))
                .append(",\n");
        out.append("  \"botocoreVersion\": ").append(quote(rules.botocoreVersion())).append(",\n");
        out.append("  \"apiVersion\": ").append(quote(rules.apiVersion())).append(",\n");
        appendMap(out, "operations", rules.operations());
        out.append(",\n");
        appendMap(out, "shapes", rules.shapes());
        out.append("\n}\n");
        return out.toString();
    }

    private static void appendMap(StringBuilder out, String field, Map<String, ObjectNode> entries)
            throws JsonProcessingException {
        out.append("  ").append(quote(field)).append(": {\n");
        int i = 0;
        for (Map.Entry<String, ObjectNode> e : entries.entrySet()) {
            out.append("    ").append(quote(e.getKey())).append(": ")
                    .append(HttpExchanges.JSON.writeValueAsString(e.getValue()));
            out.append(++i < entries.size() ? ",\n" : "\n");
        }
        out.append("  }");
    }

    private static String quote(String text) throws JsonProcessingException {
        return HttpExchanges.JSON.writeValueAsString(text);
    }
}
