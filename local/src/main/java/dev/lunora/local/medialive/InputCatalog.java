package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * MediaLive inputs as CreateInput leaves them. Whether an input is attached is derived from the channels,
 * so this class keeps only what the caller configured. Not thread-safe: the channel store's lock guards it,
 * because attachment and validation read channels and inputs together.
 */
final class InputCatalog {

    /** Push inputs listen on the machine local mode runs on, at RTMP's usual port unless media mode says another. */
    private static final String PUSH_HOST = "127.0.0.1";
    private String pushPort = "1935";

    private final Map<String, ObjectNode> inputs = new LinkedHashMap<>();
    private final Map<String, String> byRequestId = new HashMap<>();
    private final SimulatorOptions options;

    InputCatalog(SimulatorOptions options) {
        this.options = options;
    }

    boolean exists(String id) {
        return inputs.containsKey(id);
    }

    ObjectNode get(String id) {
        ObjectNode input = inputs.get(id);
        if (input == null) {
            throw MediaLiveApiException.notFound("Input " + id + " does not exist.");
        }
        return input;
    }

    Collection<ObjectNode> all() {
        return inputs.values();
    }

    /** Puts an input as the seed describes it, under its own id. */
    void seed(JsonNode described) {
        String id = described.path("id").asText("");
        if (id.isEmpty() || !described.isObject()) {
            throw new IllegalArgumentException("a seeded input needs to be an object with an id");
        }
        ObjectNode input = ((ObjectNode) described).deepCopy();
        input.put("arn", options.inputArn(id));
        input.remove(List.of("attachedChannels", "state"));
        inputs.put(id, input);
    }

    /** Creates an input, or returns the one an earlier call with the same {@code requestId} created. */
    ObjectNode create(ObjectNode request, Function<Set<String>, String> newId) {
        String requestId = request.path("requestId").asText(null);
        if (requestId != null && byRequestId.containsKey(requestId)) {
            return inputs.get(byRequestId.get(requestId));
        }
        // The model checks the value (InputType); it does not make the member required, but an input needs one.
        String type = request.path("type").asText("");
        if (type.isEmpty()) {
            throw MediaLiveApiException.badRequest("Input type is required.");
        }
        String id = newId.apply(inputs.keySet());
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("arn", options.inputArn(id));
        input.put("id", id);
        input.put("name", request.path("name").asText(""));
        input.put("type", type);
        ArrayNode destinations = input.putArray("destinations");
        if (type.equals("RTMP_PUSH")) {
            addPushDestinations(request.path("destinations"), destinations);
        }
        for (String copied : List.of("sources", "srtSettings", "mediaConnectFlows", "roleArn", "tags")) {
            if (request.has(copied)) {
                input.set(copied, request.get(copied).deepCopy());
            }
        }
        int pipelines = Math.max(destinations.size(), Math.max(request.path("sources").size(),
                request.path("srtSettings").path("srtCallerSources").size()));
        input.put("inputClass", pipelines >= 2 ? "STANDARD" : "SINGLE_PIPELINE");
        ArrayNode groups = input.putArray("securityGroups");
        request.path("inputSecurityGroups").forEach(g -> groups.add(g.asText()));
        if (!input.has("tags")) {
            input.putObject("tags");
        }
        inputs.put(id, input);
        if (requestId != null) {
            byRequestId.put(requestId, id);
        }
        return input;
    }

    /** Media mode's RTMP server listens here: every RTMP_PUSH input, seeded or created, names this port. */
    void pushPort(int port) {
        pushPort = String.valueOf(port);
        for (ObjectNode input : inputs.values()) {
            if (!"RTMP_PUSH".equals(input.path("type").asText())) {
                continue;
            }
            for (JsonNode d : input.path("destinations")) {
                String path = java.net.URI.create(d.path("url").asText("rtmp://x/live/input")).getPath();
                ((ObjectNode) d).put("port", pushPort).put("url", "rtmp://" + d.path("ip").asText(PUSH_HOST) + ":" + pushPort + path);
            }
        }
    }

    private void addPushDestinations(JsonNode requested, ArrayNode destinations) {
        if (requested.size() < 1 || requested.size() > 2) {
            throw MediaLiveApiException.badRequest("An RTMP_PUSH input needs one or two destinations, each with a"
                    + " streamName such as \"live/stream\".");
        }
        for (JsonNode d : requested) {
            String streamName = d.path("streamName").asText("");
            if (!streamName.matches("[^/]+/[^/]+")) {
                throw MediaLiveApiException.badRequest("Destination streamName \"" + streamName
                        + "\" must be of the form application/instance, e.g. \"live/stream\".");
            }
            destinations.addObject().put("ip", PUSH_HOST).put("port", pushPort)
                    .put("url", "rtmp://" + PUSH_HOST + ":" + pushPort + "/" + streamName);
        }
    }

    /** The Input shape: the stored input plus the channels it is attached to and the state that follows. */
    static ObjectNode render(ObjectNode input, List<String> attachedChannels) {
        ObjectNode out = input.deepCopy();
        ArrayNode attached = out.putArray("attachedChannels");
        attachedChannels.forEach(attached::add);
        out.put("state", attachedChannels.isEmpty() ? "DETACHED" : "ATTACHED");
        return out;
    }
}
