package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON against AWS's MediaLive model ({@link ModelRules}, generated from botocore's
 * {@code data/medialive/2017-10-14/service-2.json.gz}): required members, JSON types, enum values, and the
 * min/max the shape names carry (numbers by value, strings by length, lists and maps by size), with element
 * paths in MediaLive's style ({@code encoderSettings.outputGroups[0].outputs[0].outputSettings}, see
 * medialive-api.md §1.5 [ISSUE-1525][UG-ISSUE-4]). Works both ways: a request against the operation's input
 * shape (body, path and query members) and a response against its output shape.
 *
 * <p>Messages never quote string values, except enum values: a {@code streamName}, {@code passwordParam} or
 * {@code url} can hold a stream key, so a problem names the member and never what it held.
 *
 * <p>Members the shape does not have are not refused but reported as {@link Report#unknownMembers()}: no
 * source documents how MediaLive treats them (the SDK ignores unknown members in responses, [JAR]); refusing
 * them would be a guess, and so is accepting them, the milder one.
 */
final class ModelValidator {

    /** Violations refuse a request (422); unknown members are only warnings. */
    record Report(List<ValidationError> violations, List<String> unknownMembers) {
        boolean clean() {
            return violations.isEmpty() && unknownMembers.isEmpty();
        }
    }

    private static final ModelValidator BUNDLED = new ModelValidator(ModelRules.bundled());

    private final ModelRules rules;

    ModelValidator(ModelRules rules) {
        this.rules = rules;
    }

    static ModelValidator bundled() {
        return BUNDLED;
    }

    ModelRules rules() {
        return rules;
    }

    /**
     * A request: {@code body} against the input shape's body members, {@code parameters} (path labels and query
     * parameters by wire name, as strings) against its uri and querystring members.
     */
    Report checkRequest(Operation operation, JsonNode body, Map<String, String> parameters) {
        ModelRules.Shape input = rules.shape(rules.operation(operation).input());
        Walk walk = new Walk();
        input.members().forEach((wire, member) -> {
            if (member.inBody()) {
                return;
            }
            String raw = parameters.get(wire);
            if (raw == null) {
                if (input.required().contains(wire)) {
                    walk.violation(wire, "Required " + member.location() + " parameter is missing.");
                }
                return;
            }
            walk.value(parameter(raw, rules.shape(member.shape())), member.shape(), wire);
        });
        walk.structure(body == null ? JsonNodeFactory.instance.objectNode() : body, input, "", true);
        return walk.report();
    }

    /** A response body against the operation's output shape. */
    Report checkResponse(Operation operation, JsonNode body) {
        return check(rules.operation(operation).output(), body);
    }

    /** Any JSON value against a named shape (element paths start at its members). */
    Report check(String shapeName, JsonNode value) {
        Walk walk = new Walk();
        walk.value(value, shapeName, "");
        return walk.report();
    }

    /** Path and query parameters are text on the wire; the shape says what they must parse as. */
    private static JsonNode parameter(String raw, ModelRules.Shape shape) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (shape.type()) {
            case "integer", "long" -> {
                try {
                    yield json.numberNode(Long.parseLong(raw.trim()));
                } catch (NumberFormatException e) {
                    yield json.textNode(raw);
                }
            }
            case "double" -> {
                try {
                    yield json.numberNode(Double.parseDouble(raw.trim()));
                } catch (NumberFormatException e) {
                    yield json.textNode(raw);
                }
            }
            case "boolean" -> raw.equals("true") || raw.equals("false") ? json.booleanNode(raw.equals("true"))
                    : json.textNode(raw);
            default -> json.textNode(raw);
        };
    }

    private final class Walk {
        private final List<ValidationError> violations = new ArrayList<>();
        private final List<String> unknown = new ArrayList<>();

        Report report() {
            return new Report(List.copyOf(violations), List.copyOf(unknown));
        }

        void violation(String path, String message) {
            violations.add(new ValidationError(path, message));
        }

        void value(JsonNode node, String shapeName, String path) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return;
            }
            ModelRules.Shape shape = rules.shape(shapeName);
            switch (shape.type()) {
                case "structure" -> {
                    if (expect(node.isObject(), "a JSON object", node, shape, path)) {
                        structure(node, shape, path, false);
                    }
                }
                case "list" -> {
                    if (expect(node.isArray(), "a JSON array", node, shape, path)) {
                        size(node.size(), shape, path, "items");
                        for (int i = 0; i < node.size(); i++) {
                            value(node.get(i), shape.member(), path + "[" + i + "]");
                        }
                    }
                }
                case "map" -> {
                    if (expect(node.isObject(), "a JSON object", node, shape, path)) {
                        size(node.size(), shape, path, "entries");
                        node.properties().forEach(e -> {
                            String entryPath = join(path, e.getKey());
                            value(JsonNodeFactory.instance.textNode(e.getKey()), shape.key(), entryPath);
                            value(e.getValue(), shape.value(), entryPath);
                        });
                    }
                }
                case "string" -> {
                    if (expect(node.isTextual(), "a string", node, shape, path)) {
                        string(node.asText(), shape, path);
                    }
                }
                case "integer" -> {
                    if (expect(node.canConvertToInt() && node.isIntegralNumber(), "an integer (32-bit)", node,
                            shape, path)) {
                        range(node.asLong(), shape, path);
                    }
                }
                case "long" -> {
                    if (expect(node.canConvertToLong() && node.isIntegralNumber(), "an integer (64-bit)", node,
                            shape, path)) {
                        range(node.asLong(), shape, path);
                    }
                }
                case "double" -> {
                    if (expect(node.isNumber(), "a number", node, shape, path)) {
                        range(node.asDouble(), shape, path);
                    }
                }
                case "boolean" -> expect(node.isBoolean(), "true or false", node, shape, path);
                case "timestamp" -> timestamp(node, shape, path);
                case "blob" -> expect(node.isTextual(), "a base64 string", node, shape, path);
                default -> throw new IllegalStateException("shape " + shapeName + " has unknown type " + shape.type());
            }
        }

        void structure(JsonNode node, ModelRules.Shape shape, String path, boolean bodyOnly) {
            for (String required : shape.required()) {
                ModelRules.Member member = shape.members().get(required);
                boolean inBody = member == null || member.inBody();
                if (bodyOnly && !inBody) {
                    continue;
                }
                JsonNode present = node.get(required);
                if (present == null || present.isNull()) {
                    violation(join(path, required), "Required member is missing (" + shape.name() + " requires "
                            + required + ").");
                }
            }
            node.properties().forEach(e -> {
                ModelRules.Member member = shape.members().get(e.getKey());
                String memberPath = join(path, e.getKey());
                if (member == null || (bodyOnly && !member.inBody())) {
                    unknown.add(memberPath + ": not a member of " + shape.name() + " in the MediaLive model");
                    return;
                }
                value(e.getValue(), member.shape(), memberPath);
            });
        }

        private boolean expect(boolean ok, String what, JsonNode node, ModelRules.Shape shape, String path) {
            if (!ok) {
                violation(path, "Must be " + what + " (" + shape.name() + "), was " + kind(node) + ".");
            }
            return ok;
        }

        private void string(String text, ModelRules.Shape shape, String path) {
            if (!shape.enumValues().isEmpty()) {
                if (!shape.enumValues().contains(text)) {
                    // An enum value is never a secret: it is one of the model's words or a typo of one.
                    violation(path, "Value \"" + text + "\" is not one of " + shape.enumValues() + " ("
                            + shape.name() + ").");
                }
                return;
            }
            int length = text.codePointCount(0, text.length());
            if (shape.min() != null && length < shape.min()) {
                violation(path, "Must be at least " + shape.min() + " characters long, was " + length + " ("
                        + shape.name() + ").");
            }
            if (shape.max() != null && length > shape.max()) {
                violation(path, "Must be at most " + shape.max() + " characters long, was " + length + " ("
                        + shape.name() + ").");
            }
        }

        private void range(double value, ModelRules.Shape shape, String path) {
            String shown = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
            if (shape.min() != null && value < shape.min()) {
                violation(path, "Must be at least " + shape.min() + ", was " + shown + " (" + shape.name() + ").");
            }
            if (shape.max() != null && value > shape.max()) {
                violation(path, "Must be at most " + shape.max() + ", was " + shown + " (" + shape.name() + ").");
            }
        }

        private void size(int size, ModelRules.Shape shape, String path, String unit) {
            if (shape.min() != null && size < shape.min()) {
                violation(path, "Must have at least " + shape.min() + " " + unit + ", had " + size + ".");
            }
            if (shape.max() != null && size > shape.max()) {
                violation(path, "Must have at most " + shape.max() + " " + unit + ", had " + size + ".");
            }
        }

        /** rest-json: ISO-8601 strings where the model says iso8601, epoch seconds otherwise. */
        private void timestamp(JsonNode node, ModelRules.Shape shape, String path) {
            if ("iso8601".equals(shape.timestampFormat())) {
                if (expect(node.isTextual(), "an ISO-8601 timestamp string", node, shape, path)) {
                    try {
                        OffsetDateTime.parse(node.asText());
                    } catch (DateTimeParseException e) {
                        violation(path, "Must be an ISO-8601 timestamp such as 2024-05-01T10:00:00.000Z ("
                                + shape.name() + ").");
                    }
                }
                return;
            }
            expect(node.isNumber(), "a timestamp in epoch seconds", node, shape, path);
        }
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
