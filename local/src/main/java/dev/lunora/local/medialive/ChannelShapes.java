package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Channel shape MediaLive returns, built from what the caller configured plus what MediaLive derives
 * (ARN, state, pipelines, egress endpoints). Members MediaLive always returns (logLevel, tags, destinations,
 * inputAttachments) are present even when the caller left them out.
 */
final class ChannelShapes {

    private ChannelShapes() {
    }

    static int pipelines(JsonNode config) {
        return ChannelValidator.pipelines(config.path("channelClass").asText("STANDARD"));
    }

    /** The Channel shape; a summary (ListChannels) leaves out encoder settings and pipeline details. */
    static ObjectNode render(String id, ObjectNode config, ChannelState state, SimulatorOptions options,
            boolean summary) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int pipelines = pipelines(config);
        int running = state.runningPipelines(pipelines);
        out.put("arn", options.channelArn(id));
        out.put("channelClass", config.path("channelClass").asText("STANDARD"));
        out.set("destinations", config.has("destinations")
                ? config.get("destinations").deepCopy() : JsonNodeFactory.instance.arrayNode());
        ArrayNode egress = out.putArray("egressEndpoints");
        for (int p = 0; p < pipelines; p++) {
            egress.addObject().put("sourceIp", "127.0.0." + (p + 1));
        }
        if (!summary && config.has("encoderSettings")) {
            out.set("encoderSettings", config.get("encoderSettings").deepCopy());
        }
        out.put("id", id);
        out.set("inputAttachments", config.has("inputAttachments")
                ? config.get("inputAttachments").deepCopy() : JsonNodeFactory.instance.arrayNode());
        for (String member : List.of("inputSpecification", "maintenance", "vpc", "cdiInputSpecification",
                "anywhereSettings", "channelEngineVersion")) {
            if (config.has(member)) {
                out.set(member, config.get(member).deepCopy());
            }
        }
        out.put("logLevel", config.path("logLevel").asText("DISABLED"));
        out.put("name", config.path("name").asText(""));
        if (!summary) {
            ArrayNode details = out.putArray("pipelineDetails");
            String attachment = config.path("inputAttachments").path(0).path("inputAttachmentName")
                    .asText(null);
            for (int p = 0; p < running; p++) {
                ObjectNode detail = details.addObject().put("pipelineId", String.valueOf(p));
                if (attachment != null) {
                    detail.put("activeInputAttachmentName", attachment);
                }
            }
        }
        out.put("pipelinesRunningCount", running);
        if (config.has("roleArn")) {
            out.put("roleArn", config.get("roleArn").asText());
        }
        out.put("state", state.name());
        out.set("tags", config.has("tags") ? config.get("tags").deepCopy()
                : JsonNodeFactory.instance.objectNode());
        return out;
    }
}
