package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lunora.local.clock.LocalClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Channels and inputs, and the channel state machine: which calls each state admits, and the timed
 * transitions (CREATING, STARTING, STOPPING, DELETING) that complete on the shared clock. One lock guards
 * everything, because transitions fire on the clock's thread while SDK calls poll from the server's threads;
 * events raised under the lock are delivered after it is released.
 */
final class ChannelStore {

    /** The members of a channel the caller configures (everything else is derived). */
    private static final List<String> CONFIG_MEMBERS = List.of("name", "channelClass", "roleArn", "logLevel",
            "inputAttachments", "inputSpecification", "destinations", "encoderSettings", "maintenance", "tags",
            "vpc", "cdiInputSpecification", "channelEngineVersion", "anywhereSettings");
    /** UpdateChannel members; the channel class has its own operation and tags their own API. */
    private static final List<String> UPDATE_MEMBERS = List.of("name", "roleArn", "logLevel", "inputAttachments",
            "inputSpecification", "destinations", "encoderSettings", "maintenance", "cdiInputSpecification",
            "channelEngineVersion", "anywhereSettings");
    private static final Set<String> INPUT_TYPES = Set.of("UDP_PUSH", "RTP_PUSH", "RTMP_PUSH", "RTMP_PULL",
            "URL_PULL", "MP4_FILE", "MEDIACONNECT", "INPUT_DEVICE", "AWS_CDI", "TS_FILE", "SRT_CALLER", "MULTICAST",
            "SMPTE_2110_RECEIVER_GROUP", "SDI", "MEDIACONNECT_ROUTER");
    private static final String PUSH_HOST = "127.0.0.1";

    private static final class Channel {
        final String id;
        ObjectNode config;
        ChannelState state;
        long generation;
        LocalClock.Scheduled pending;

        Channel(String id, ObjectNode config, ChannelState state) {
            this.id = id;
            this.config = config;
            this.state = state;
        }
    }

    private final Object lock = new Object();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, ObjectNode> inputs = new LinkedHashMap<>();
    private final Map<String, String> channelsByRequestId = new HashMap<>();
    private final Map<String, String> inputsByRequestId = new HashMap<>();
    private final LocalClock clock;
    private final SimulatorOptions options;
    private final EventPublisher events;
    private final AlertBook alerts;
    private final IngestModel ingest;
    private final FaultInjector faults;
    private final Random random;
    private final ChannelValidator validator;

    ChannelStore(LocalClock clock, SimulatorOptions options, EventPublisher events, IngestModel ingest,
            FaultInjector faults, Random random) {
        this.clock = clock;
        this.options = options;
        this.events = events;
        this.alerts = new AlertBook(options.clearedAlertRetention());
        this.ingest = ingest;
        this.faults = faults;
        this.random = random;
        this.validator = new ChannelValidator(inputs::containsKey);
    }

    // ---- channels

    ObjectNode createChannel(ObjectNode request) {
        return locked(() -> {
            String requestId = request.path("requestId").asText(null);
            if (requestId != null && channelsByRequestId.containsKey(requestId)) {
                return render(channels.get(channelsByRequestId.get(requestId)), false);
            }
            ObjectNode config = JsonNodeFactory.instance.objectNode();
            for (String member : CONFIG_MEMBERS) {
                if (request.has(member) && !request.get(member).isNull()) {
                    config.set(member, request.get(member).deepCopy());
                }
            }
            if (!config.has("channelClass")) {
                config.put("channelClass", "STANDARD");
            }
            validator.validate(config);
            Channel channel = new Channel(newId(channels.keySet()), config, ChannelState.CREATING);
            channels.put(channel.id, channel);
            if (requestId != null) {
                channelsByRequestId.put(requestId, channel.id);
            }
            after(channel, options.createDuration(), c -> {
                moveTo(c, ChannelState.IDLE);
                events.stateChanged(c.id, "CREATED", "Created channel", 0);
            });
            return render(channel, false);
        });
    }

    ObjectNode describeChannel(String id) {
        return locked(() -> render(existing(id), false));
    }

    List<ObjectNode> listChannels() {
        return locked(() -> {
            List<ObjectNode> out = new ArrayList<>();
            for (Channel c : channels.values()) {
                if (c.state != ChannelState.DELETED) {
                    out.add(render(c, true));
                }
            }
            return out;
        });
    }

    ObjectNode updateChannel(String id, ObjectNode request) {
        return locked(() -> {
            Channel channel = existing(id);
            channel.state.require(Operation.UpdateChannel, id);
            ObjectNode merged = channel.config.deepCopy();
            for (String member : UPDATE_MEMBERS) {
                if (request.has(member) && !request.get(member).isNull()) {
                    merged.set(member, request.get(member).deepCopy());
                } else if (member.equals("roleArn")) {
                    // MediaLive drops the role when an update leaves it out.
                    merged.remove(member);
                }
            }
            validator.validate(merged);
            if (request.path("dryRun").asBoolean(false)) {
                Channel preview = new Channel(id, merged, channel.state);
                return render(preview, false);
            }
            channel.config = merged;
            if (!options.updateDuration().isZero()) {
                moveTo(channel, ChannelState.UPDATING);
                after(channel, options.updateDuration(), c -> moveTo(c, ChannelState.IDLE));
            }
            return render(channel, false);
        });
    }

    ObjectNode startChannel(String id) {
        return locked(() -> {
            Channel channel = existing(id);
            channel.state.require(Operation.StartChannel, id);
            alerts.restart(id);
            moveTo(channel, ChannelState.STARTING);
            events.stateChanged(id, "STARTING", "Starting channel", 0);
            FaultInjector.StartFault fault = faults.takeStartFault(id).orElse(null);
            if (fault == null) {
                after(channel, options.startDuration(), this::becomeRunning);
            } else if (fault instanceof FaultInjector.FailStart failure) {
                after(channel, options.startDuration(), c -> failStart(c, failure));
            }
            return render(channel, false);
        });
    }

    ObjectNode stopChannel(String id) {
        return locked(() -> {
            Channel channel = existing(id);
            channel.state.require(Operation.StopChannel, id);
            moveTo(channel, ChannelState.STOPPING);
            events.stateChanged(id, "STOPPING", "Stopping channel", 0);
            after(channel, options.stopDuration(), c -> {
                moveTo(c, ChannelState.IDLE);
                publishAlerts(c.id, alerts.clearAll(c.id, clock.now()));
                events.stateChanged(c.id, "STOPPED", "Stopped channel", 0);
            });
            return render(channel, false);
        });
    }

    ObjectNode deleteChannel(String id) {
        return locked(() -> {
            Channel channel = existing(id);
            channel.state.require(Operation.DeleteChannel, id);
            moveTo(channel, ChannelState.DELETING);
            after(channel, options.deleteDuration(), c -> {
                moveTo(c, ChannelState.DELETED);
                alerts.restart(c.id);
                events.stateChanged(c.id, "DELETED", "Deleted channel", 0);
            });
            return render(channel, false);
        });
    }

    List<ChannelAlertRecord> listAlerts(String id) {
        return locked(() -> {
            existing(id);
            return alerts.list(id, clock.now());
        });
    }

    ChannelState state(String id) {
        return locked(() -> existing(id).state);
    }

    /** Ingest rules changed: running channels raise or clear their output alerts now. */
    void reevaluateIngest() {
        locked(() -> {
            channels.values().forEach(this::judgeOutputs);
            return null;
        });
    }

    /** Puts a channel as the seed describes it, IDLE, under its own id. */
    void seedChannel(JsonNode described) {
        locked(() -> {
            String id = described.path("id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("a seeded channel needs an id");
            }
            ObjectNode config = JsonNodeFactory.instance.objectNode();
            for (String member : CONFIG_MEMBERS) {
                if (described.has(member)) {
                    config.set(member, described.get(member).deepCopy());
                }
            }
            try {
                validator.validate(config);
            } catch (MediaLiveApiException e) {
                throw new IllegalArgumentException("seeded channel " + id + " is invalid: " + e.getMessage()
                        + " " + e.validationErrors(), e);
            }
            channels.put(id, new Channel(id, config, ChannelState.IDLE));
            return null;
        });
    }

    void seedInput(JsonNode described) {
        locked(() -> {
            String id = described.path("id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("a seeded input needs an id");
            }
            ObjectNode input = ((ObjectNode) described).deepCopy();
            input.put("arn", options.inputArn(id));
            input.remove(List.of("attachedChannels", "state"));
            inputs.put(id, input);
            return null;
        });
    }

    // ---- inputs

    ObjectNode createInput(ObjectNode request) {
        return locked(() -> {
            String requestId = request.path("requestId").asText(null);
            if (requestId != null && inputsByRequestId.containsKey(requestId)) {
                return renderInput(inputs.get(inputsByRequestId.get(requestId)));
            }
            String type = request.path("type").asText("");
            if (!INPUT_TYPES.contains(type)) {
                throw MediaLiveApiException.badRequest("Input type \"" + type + "\" is invalid; use one of "
                        + new java.util.TreeSet<>(INPUT_TYPES) + ".");
            }
            String id = newId(inputs.keySet());
            ObjectNode input = JsonNodeFactory.instance.objectNode();
            input.put("arn", options.inputArn(id));
            input.put("id", id);
            input.put("name", request.path("name").asText(""));
            input.put("type", type);
            ArrayNode destinations = input.putArray("destinations");
            int pipelines = 1;
            if (type.equals("RTMP_PUSH")) {
                JsonNode requested = request.path("destinations");
                if (requested.size() < 1 || requested.size() > 2) {
                    throw MediaLiveApiException.badRequest(
                            "An RTMP_PUSH input needs one or two destinations, each with a streamName"
                                    + " such as \"live/stream\".");
                }
                for (JsonNode d : requested) {
                    String streamName = d.path("streamName").asText("");
                    if (!streamName.matches("[^/]+/[^/]+")) {
                        throw MediaLiveApiException.badRequest("Destination streamName \"" + streamName
                                + "\" must be of the form application/instance, e.g. \"live/stream\".");
                    }
                    destinations.addObject().put("ip", PUSH_HOST).put("port", "1935")
                            .put("url", "rtmp://" + PUSH_HOST + ":1935/" + streamName);
                }
                pipelines = requested.size();
            }
            for (String copied : List.of("sources", "srtSettings", "mediaConnectFlows", "roleArn", "tags")) {
                if (request.has(copied)) {
                    input.set(copied, request.get(copied).deepCopy());
                }
            }
            pipelines = Math.max(pipelines, Math.max(request.path("sources").size(),
                    request.path("srtSettings").path("srtCallerSources").size()));
            input.put("inputClass", pipelines >= 2 ? "STANDARD" : "SINGLE_PIPELINE");
            ArrayNode groups = input.putArray("securityGroups");
            request.path("inputSecurityGroups").forEach(g -> groups.add(g.asText()));
            if (!input.has("tags")) {
                input.putObject("tags");
            }
            inputs.put(id, input);
            if (requestId != null) {
                inputsByRequestId.put(requestId, id);
            }
            return renderInput(input);
        });
    }

    ObjectNode describeInput(String id) {
        return locked(() -> {
            ObjectNode input = inputs.get(id);
            if (input == null) {
                throw MediaLiveApiException.notFound("Input " + id + " does not exist.");
            }
            return renderInput(input);
        });
    }

    List<ObjectNode> listInputs() {
        return locked(() -> inputs.values().stream().map(this::renderInput).toList());
    }

    // ---- transitions

    private void becomeRunning(Channel channel) {
        moveTo(channel, ChannelState.RUNNING);
        events.stateChanged(channel.id, "RUNNING", "Channel is running", pipelines(channel));
        judgeOutputs(channel);
    }

    private void failStart(Channel channel, FaultInjector.FailStart failure) {
        moveTo(channel, ChannelState.IDLE);
        alerts.set(channel.id, "start|0", failure.alertType(), failure.message(), "0", clock.now())
                .ifPresent(a -> events.alert(channel.id, a));
        events.stateChanged(channel.id, "STOPPED", "Channel failed to start and was stopped", 0);
    }

    private void judgeOutputs(Channel channel) {
        if (channel.state != ChannelState.RUNNING) {
            return;
        }
        Set<String> failing = new HashSet<>();
        for (IngestModel.Failure failure : ingest.failures(channel.config)) {
            failing.add(failure.key());
            alerts.set(channel.id, failure.key(), IngestModel.ALERT_TYPE, failure.message(), failure.pipelineId(),
                    clock.now()).ifPresent(a -> events.alert(channel.id, a));
        }
        publishAlerts(channel.id, alerts.clearExcept(channel.id, failing, IngestModel.KEY_PREFIX, clock.now()));
    }

    private void publishAlerts(String channelId, List<ChannelAlertRecord> changed) {
        changed.forEach(a -> events.alert(channelId, a));
    }

    /** Every state change invalidates whatever transition was pending for the old state. */
    private void moveTo(Channel channel, ChannelState state) {
        channel.state = state;
        channel.generation++;
        if (channel.pending != null) {
            channel.pending.cancel();
            channel.pending = null;
        }
    }

    private void after(Channel channel, Duration delay, Consumer<Channel> step) {
        long generation = channel.generation;
        channel.pending = clock.schedule(delay, () -> locked(() -> {
            if (channel.generation == generation) {
                channel.pending = null;
                step.accept(channel);
            }
            return null;
        }));
    }

    private <T> T locked(Supplier<T> action) {
        try {
            synchronized (lock) {
                return action.get();
            }
        } finally {
            events.deliver();
        }
    }

    // ---- shapes

    private Channel existing(String id) {
        Channel channel = channels.get(id);
        if (channel == null) {
            throw MediaLiveApiException.notFound("Channel " + id + " does not exist.");
        }
        return channel;
    }

    private static int pipelines(Channel channel) {
        return ChannelValidator.pipelines(channel.config.path("channelClass").asText("STANDARD"));
    }

    /** The Channel shape; a summary (ListChannels) leaves out encoder settings and pipeline details. */
    private ObjectNode render(Channel channel, boolean summary) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int pipelines = pipelines(channel);
        int running = channel.state.runningPipelines(pipelines);
        out.put("arn", options.channelArn(channel.id));
        out.put("channelClass", channel.config.path("channelClass").asText("STANDARD"));
        out.set("destinations", channel.config.has("destinations")
                ? channel.config.get("destinations").deepCopy() : JsonNodeFactory.instance.arrayNode());
        ArrayNode egress = out.putArray("egressEndpoints");
        for (int p = 0; p < pipelines; p++) {
            egress.addObject().put("sourceIp", "127.0.0." + (p + 1));
        }
        if (!summary && channel.config.has("encoderSettings")) {
            out.set("encoderSettings", channel.config.get("encoderSettings").deepCopy());
        }
        out.put("id", channel.id);
        out.set("inputAttachments", channel.config.has("inputAttachments")
                ? channel.config.get("inputAttachments").deepCopy() : JsonNodeFactory.instance.arrayNode());
        for (String member : List.of("inputSpecification", "maintenance", "vpc", "cdiInputSpecification",
                "anywhereSettings", "channelEngineVersion")) {
            if (channel.config.has(member)) {
                out.set(member, channel.config.get(member).deepCopy());
            }
        }
        out.put("logLevel", channel.config.path("logLevel").asText("DISABLED"));
        out.put("name", channel.config.path("name").asText(""));
        if (!summary) {
            ArrayNode details = out.putArray("pipelineDetails");
            String attachment = channel.config.path("inputAttachments").path(0).path("inputAttachmentName")
                    .asText(null);
            for (int p = 0; p < running; p++) {
                ObjectNode detail = details.addObject().put("pipelineId", String.valueOf(p));
                if (attachment != null) {
                    detail.put("activeInputAttachmentName", attachment);
                }
            }
        }
        out.put("pipelinesRunningCount", running);
        if (channel.config.has("roleArn")) {
            out.put("roleArn", channel.config.get("roleArn").asText());
        }
        out.put("state", channel.state.name());
        out.set("tags", channel.config.has("tags") ? channel.config.get("tags").deepCopy()
                : JsonNodeFactory.instance.objectNode());
        return out;
    }

    private ObjectNode renderInput(ObjectNode input) {
        ObjectNode out = input.deepCopy();
        String id = input.path("id").asText();
        ArrayNode attached = out.putArray("attachedChannels");
        for (Channel c : channels.values()) {
            if (c.state == ChannelState.DELETED) {
                continue;
            }
            for (JsonNode attachment : c.config.path("inputAttachments")) {
                if (id.equals(attachment.path("inputId").asText())) {
                    attached.add(c.id);
                }
            }
        }
        out.put("state", attached.isEmpty() ? "DETACHED" : "ATTACHED");
        return out;
    }

    private String newId(Set<String> taken) {
        while (true) {
            String id = String.valueOf(1_000_000 + random.nextInt(9_000_000));
            if (!taken.contains(id)) {
                return id;
            }
        }
    }
}
