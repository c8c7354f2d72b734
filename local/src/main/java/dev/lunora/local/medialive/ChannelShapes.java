package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The channel shapes MediaLive returns, member by member as AWS's model lists them for the operation
 * (Channel for Create/Update, DescribeChannelResponse, ChannelSummary for ListChannels, ...): what MediaLive
 * derives (ARN, id, state, pipelines, egress endpoints) plus what the caller configured, projected onto the
 * response shape. Request and response shapes differ (MaintenanceCreateSettings becomes MaintenanceStatus,
 * ChannelEngineVersionRequest becomes ChannelEngineVersionResponse, VpcOutputSettings becomes
 * VpcOutputSettingsDescription), so only the members the response shape has are returned; response-only
 * members the simulator never sets ({@code maintenanceDeadline}, {@code expirationDate}) stay absent.
 * Members MediaLive always returns (channelClass, destinations, inputAttachments, logLevel, name, tags) are
 * present even when the caller left them out.
 */
final class ChannelShapes {

    private static final ModelRules RULES = ModelRules.bundled();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** What MediaLive answers for a member the caller never set, for the members it always returns. */
    private static final Map<String, JsonNode> ALWAYS_PRESENT = Map.of(
            "channelClass", JSON.textNode("STANDARD"),
            "destinations", JSON.arrayNode(),
            "inputAttachments", JSON.arrayNode(),
            "logLevel", JSON.textNode("DISABLED"),
            "name", JSON.textNode(""),
            "tags", JSON.objectNode());

    private ChannelShapes() {
    }

    static int pipelines(JsonNode config) {
        return ChannelValidator.pipelines(config.path("channelClass").asText("STANDARD"));
    }

    /**
     * The shape a channel takes in {@code operation}'s response: the output shape itself, its {@code channel}
     * member (Create/Update wrap the channel), or the items of its {@code channels} list (ListChannels).
     */
    static String channelShape(Operation operation) {
        ModelRules.Shape output = RULES.shape(RULES.operation(operation).output());
        if (output.members().containsKey("channel")) {
            return output.members().get("channel").shape();
        }
        if (output.members().containsKey("channels")) {
            return RULES.shape(output.members().get("channels").shape()).member();
        }
        return output.name();
    }

    /** The channel as {@code operation} returns it. */
    static ObjectNode render(String id, ObjectNode config, ChannelState state, SimulatorOptions options,
            Operation operation) {
        ObjectNode out = JSON.objectNode();
        int pipelines = pipelines(config);
        int running = state.runningPipelines(pipelines);
        RULES.shape(channelShape(operation)).members().forEach((wire, member) -> {
            JsonNode value = switch (wire) {
                case "arn" -> JSON.textNode(options.channelArn(id));
                case "id" -> JSON.textNode(id);
                case "state" -> JSON.textNode(state.name());
                case "pipelinesRunningCount" -> JSON.numberNode(running);
                case "egressEndpoints" -> egressEndpoints(pipelines);
                case "pipelineDetails" -> pipelineDetails(config, running);
                default -> configured(config, wire, member.shape());
            };
            if (value != null) {
                out.set(wire, value);
            }
        });
        return out;
    }

    private static JsonNode configured(ObjectNode config, String wire, String shape) {
        JsonNode value = config.get(wire);
        if (value == null || value.isNull()) {
            JsonNode fallback = ALWAYS_PRESENT.get(wire);
            return fallback == null ? null : fallback.deepCopy();
        }
        return project(value, shape);
    }

    /** {@code value} (as a request shaped it) reduced to the members {@code shapeName} has, recursively. */
    static JsonNode project(JsonNode value, String shapeName) {
        ModelRules.Shape shape = RULES.shape(shapeName);
        switch (shape.type()) {
            case "structure" -> {
                if (!value.isObject()) {
                    return null;
                }
                ObjectNode out = JSON.objectNode();
                shape.members().forEach((wire, member) -> {
                    JsonNode child = value.get(wire);
                    JsonNode projected = child == null || child.isNull() ? null : project(child, member.shape());
                    if (projected != null) {
                        out.set(wire, projected);
                    }
                });
                return out;
            }
            case "list" -> {
                if (!value.isArray()) {
                    return null;
                }
                ArrayNode out = JSON.arrayNode();
                value.forEach(item -> {
                    JsonNode projected = project(item, shape.member());
                    if (projected != null) {
                        out.add(projected);
                    }
                });
                return out;
            }
            case "map" -> {
                if (!value.isObject()) {
                    return null;
                }
                ObjectNode out = JSON.objectNode();
                value.properties().forEach(e -> {
                    JsonNode projected = project(e.getValue(), shape.value());
                    if (projected != null) {
                        out.set(e.getKey(), projected);
                    }
                });
                return out;
            }
            default -> {
                return value.isContainerNode() ? null : value.deepCopy();
            }
        }
    }

    private static ArrayNode egressEndpoints(int pipelines) {
        ArrayNode egress = JSON.arrayNode();
        for (int p = 0; p < pipelines; p++) {
            egress.addObject().put("sourceIp", "127.0.0." + (p + 1));
        }
        return egress;
    }

    private static ArrayNode pipelineDetails(ObjectNode config, int running) {
        ArrayNode details = JSON.arrayNode();
        String attachment = config.path("inputAttachments").path(0).path("inputAttachmentName").asText(null);
        for (int p = 0; p < running; p++) {
            ObjectNode detail = details.addObject().put("pipelineId", String.valueOf(p));
            if (attachment != null) {
                detail.put("activeInputAttachmentName", attachment);
            }
        }
        return details;
    }
}
