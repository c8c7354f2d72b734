package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lunora.local.clock.LocalClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
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
 * transitions (CREATING, STARTING, STOPPING, DELETING) that complete on the shared clock. UpdateChannel
 * leaves an IDLE channel IDLE: the user guide's channel states page [UG-STATES] shows Updating only while the
 * channel class is changed (UpdateChannelClass, which the simulator does not serve), not after UpdateChannel.
 * One lock guards everything, because transitions fire on the clock's thread while SDK calls poll from the
 * server's threads; events raised under the lock are delivered after it is released.
 */
final class ChannelStore {

    /** Controls of the request itself (idempotency token, dry run), not channel configuration. */
    private static final Set<String> REQUEST_CONTROLS = Set.of("requestId", "dryRun");
    /** What CreateChannel keeps: every body member of CreateChannelRequest in AWS's model (ModelRules). */
    private static final List<String> CREATE_MEMBERS = configMembers(Operation.CreateChannel);
    /**
     * What UpdateChannel replaces: the body members of UpdateChannelRequest. The model has no channelClass
     * (UpdateChannelClass changes it) and no tags (their own API) there, so those stay as created.
     */
    private static final List<String> UPDATE_MEMBERS = configMembers(Operation.UpdateChannel);

    private static List<String> configMembers(Operation operation) {
        ModelRules rules = ModelRules.bundled();
        return rules.bodyMembers(rules.operation(operation).input()).stream()
                .filter(member -> !REQUEST_CONTROLS.contains(member))
                .toList();
    }

    private static final class Channel {
        final String id;
        ObjectNode config;
        ChannelState state;
        long generation;
        LocalClock.Scheduled pending;
        /** When {@link #pending} falls due on the shared clock; kept so a restart can resume the transition. */
        Instant pendingDue;
        /** The injected failure the pending start ends in, if any. */
        FaultInjector.FailStart failing;

        Channel(String id, ObjectNode config, ChannelState state) {
            this.id = id;
            this.config = config;
            this.state = state;
        }
    }

    static final String INPUT_LOSS_RTMP = "RTMP Has No Audio/Video";
    static final String INPUT_LOSS_VIDEO = "Video Not Detected";
    static final String INPUT_KEY_PREFIX = "input|";

    private final Object lock = new Object();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final InputCatalog inputs;
    private final Map<String, String> channelsByRequestId = new HashMap<>();
    private final LocalClock clock;
    private final SimulatorOptions options;
    private final EventPublisher events;
    private final AlertBook alerts;
    private final IngestModel ingest;
    private final FaultInjector faults;
    private final Random random;
    private final ChannelValidator validator;
    /** Channels whose input is lost now (the encoder stopped sending); their running pipelines raise an input alert. */
    private final Set<String> inputLost = new HashSet<>();
    /** Where channels are kept across restarts (null: in memory only), and whether they changed since the last save. */
    private Path file;
    private boolean dirty;

    ChannelStore(LocalClock clock, SimulatorOptions options, EventPublisher events, IngestModel ingest,
            FaultInjector faults, Random random) {
        this.clock = clock;
        this.options = options;
        this.events = events;
        this.alerts = new AlertBook(options.clearedAlertRetention());
        this.ingest = ingest;
        this.faults = faults;
        this.random = random;
        this.inputs = new InputCatalog(options);
        this.validator = new ChannelValidator(inputs::exists);
    }

    // ---- channels

    ObjectNode createChannel(ObjectNode request) {
        return locked(() -> {
            String requestId = request.path("requestId").asText(null);
            if (requestId != null && channelsByRequestId.containsKey(requestId)) {
                return render(channels.get(channelsByRequestId.get(requestId)), Operation.CreateChannel);
            }
            ObjectNode config = JsonNodeFactory.instance.objectNode();
            for (String member : CREATE_MEMBERS) {
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
            after(channel, options.createDuration(), this::becomeCreated);
            return render(channel, Operation.CreateChannel);
        });
    }

    ObjectNode describeChannel(String id) {
        return locked(() -> render(existing(id), Operation.DescribeChannel));
    }

    List<ObjectNode> listChannels() {
        return locked(() -> {
            List<ObjectNode> out = new ArrayList<>();
            for (Channel c : channels.values()) {
                if (c.state != ChannelState.DELETED) {
                    out.add(render(c, Operation.ListChannels));
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
                    // MediaLive drops the role when an update leaves it out: the model's own documentation of
                    // UpdateChannelRequest's RoleArn member says so [CLI-UPDATE].
                    merged.remove(member);
                }
            }
            validator.validate(merged);
            if (request.path("dryRun").asBoolean(false)) {
                Channel preview = new Channel(id, merged, channel.state);
                return render(preview, Operation.UpdateChannel);
            }
            if (faults.takeUpdateFault(id)) {
                // Which configuration a failed update leaves is not documented; the simulator keeps the old one
                // (a guess), so only the state tells the caller the update did not take.
                moveTo(channel, ChannelState.UPDATE_FAILED);
                return render(channel, Operation.UpdateChannel);
            }
            channel.config = merged;
            dirty = true;
            // No UPDATING: [UG-STATES] shows it only while the channel class changes. An update that succeeds
            // leaves the channel IDLE, also after an UPDATE_FAILED one.
            if (channel.state != ChannelState.IDLE) {
                moveTo(channel, ChannelState.IDLE);
            }
            return render(channel, Operation.UpdateChannel);
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
                channel.failing = failure;
            }
            return render(channel, Operation.StartChannel);
        });
    }

    ObjectNode stopChannel(String id) {
        return locked(() -> {
            Channel channel = existing(id);
            channel.state.require(Operation.StopChannel, id);
            moveTo(channel, ChannelState.STOPPING);
            events.stateChanged(id, "STOPPING", "Stopping channel", 0);
            after(channel, options.stopDuration(), this::becomeStopped);
            return render(channel, Operation.StopChannel);
        });
    }

    ObjectNode deleteChannel(String id) {
        return locked(() -> {
            Channel channel = existing(id);
            channel.state.require(Operation.DeleteChannel, id);
            moveTo(channel, ChannelState.DELETING);
            after(channel, options.deleteDuration(), this::becomeDeleted);
            return render(channel, Operation.DeleteChannel);
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

    /**
     * The channel's input stopped ({@code lost}) or resumes: a running channel raises or clears its input-loss alert
     * now, and a channel started later raises it once running. Returns whether anything changed.
     */
    boolean inputLost(String id, boolean lost) {
        return locked(() -> {
            Channel channel = existing(id);
            boolean changed = lost ? inputLost.add(id) : inputLost.remove(id);
            judgeInput(channel);
            return changed;
        });
    }

    /** What DescribeThumbnails needs to know: the state, and whether the channel's thumbnails are on. */
    record ThumbnailSubject(ChannelState state, boolean thumbnailsOn, int pipelines) {
    }

    ThumbnailSubject thumbnailSubject(String id) {
        return locked(() -> {
            Channel channel = existing(id);
            boolean on = "AUTO".equals(channel.config.path("encoderSettings").path("thumbnailConfiguration").path("state").asText());
            return new ThumbnailSubject(channel.state, on, pipelines(channel));
        });
    }

    /** Puts a channel as the seed describes it, IDLE, under its own id. */
    void seedChannel(JsonNode described) {
        locked(() -> {
            String id = described.path("id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("a seeded channel needs an id");
            }
            // The seed is shaped like DescribeChannel; what a CreateChannel could have sent must pass the model.
            ObjectNode config = JsonNodeFactory.instance.objectNode();
            for (String member : CREATE_MEMBERS) {
                if (described.has(member)) {
                    config.set(member, described.get(member).deepCopy());
                }
            }
            List<ValidationError> violations = ModelValidator.bundled()
                    .check(ModelRules.bundled().operation(Operation.CreateChannel).input(), config).violations();
            if (!violations.isEmpty()) {
                throw new IllegalArgumentException("seeded channel " + id + " does not pass the MediaLive model: "
                        + violations);
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
            inputs.seed(described);
            return null;
        });
    }

    // ---- inputs

    ObjectNode createInput(ObjectNode request) {
        return locked(() -> renderInput(inputs.create(request, this::newId)));
    }

    void rtmpPushPort(int port) {
        locked(() -> {
            inputs.pushPort(port);
            return null;
        });
    }

    ObjectNode describeInput(String id) {
        return locked(() -> renderInput(inputs.get(id)));
    }

    List<ObjectNode> listInputs() {
        return locked(() -> inputs.all().stream().map(this::renderInput).toList());
    }

    // ---- persistence

    /**
     * Keeps channels (configuration, state, and the due time of a transition in flight on the shared clock) in
     * {@code file} from now on, first loading what a previous run left there. MediaLive is a service that keeps
     * running while the control plane is down: a restarted local mode finds the channel as the last run left it,
     * and a start that was under way completes when it would have. Inputs, alerts and faults are not kept.
     */
    void persistTo(Path file) {
        locked(() -> {
            this.file = file;
            if (Files.exists(file)) {
                restore(file);
            }
            dirty = true;
            return null;
        });
    }

    private void restore(Path from) {
        JsonNode saved;
        try {
            saved = HttpExchanges.JSON.readTree(from.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's channel file " + from + " could not be read; delete it to start from the seed", e);
        }
        for (JsonNode item : saved.path("channels")) {
            Channel c = new Channel(item.path("id").asText(), (ObjectNode) item.path("config").deepCopy(),
                    ChannelState.valueOf(item.path("state").asText()));
            channels.put(c.id, c);
            if (!item.hasNonNull("pendingDue")) {
                continue;
            }
            Duration left = Duration.between(clock.now(), Instant.parse(item.path("pendingDue").asText()));
            Duration delay = left.isNegative() ? Duration.ZERO : left;
            JsonNode failing = item.path("failing");
            switch (c.state) {
                case STARTING -> {
                    if (failing.isObject()) {
                        var failure = new FaultInjector.FailStart(failing.path("alertType").asText(null), failing.path("message").asText(null));
                        after(c, delay, x -> failStart(x, failure));
                        c.failing = failure;
                    } else {
                        after(c, delay, this::becomeRunning);
                    }
                }
                case STOPPING -> after(c, delay, this::becomeStopped);
                case CREATING -> after(c, delay, this::becomeCreated);
                case DELETING -> after(c, delay, this::becomeDeleted);
                // Files written before UpdateChannel stopped passing through UPDATING.
                case UPDATING -> after(c, delay, x -> moveTo(x, ChannelState.IDLE));
                default -> { }
            }
        }
    }

    /** Writes the channels if anything changed; called under the lock, so the file is one consistent snapshot. */
    private void saveIfChanged() {
        if (file == null || !dirty) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("savedAt", clock.now().toString());
        var list = root.putArray("channels");
        for (Channel c : channels.values()) {
            ObjectNode item = list.addObject();
            item.put("id", c.id);
            item.put("state", c.state.name());
            item.set("config", c.config.deepCopy());
            if (c.pendingDue != null) {
                item.put("pendingDue", c.pendingDue.toString());
            }
            if (c.failing != null) {
                item.putObject("failing").put("alertType", c.failing.alertType()).put("message", c.failing.message());
            }
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            HttpExchanges.JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator could not save its channels to " + file, e);
        }
    }

    // ---- transitions

    private void becomeCreated(Channel channel) {
        moveTo(channel, ChannelState.IDLE);
        events.stateChanged(channel.id, "CREATED", "Created channel", 0);
    }

    private void becomeStopped(Channel channel) {
        moveTo(channel, ChannelState.IDLE);
        publishAlerts(channel.id, alerts.clearAll(channel.id, clock.now()));
        events.stateChanged(channel.id, "STOPPED", "Stopped channel", 0);
    }

    private void becomeDeleted(Channel channel) {
        moveTo(channel, ChannelState.DELETED);
        alerts.restart(channel.id);
        events.stateChanged(channel.id, "DELETED", "Deleted channel", 0);
    }

    private void becomeRunning(Channel channel) {
        moveTo(channel, ChannelState.RUNNING);
        events.stateChanged(channel.id, "RUNNING", "Channel is running", pipelines(channel));
        judgeOutputs(channel);
        judgeInput(channel);
    }

    /**
     * The input-loss alert of each pipeline of a running channel whose input is lost, cleared once it resumes. An
     * RTMP_PUSH input raises 5307 "RTMP Has No Audio/Video" ("the specified RTMP stream is no longer present"); other
     * inputs raise 5201 "Video Not Detected" ("the active input is unavailable"), both from MediaLive's list of alerts
     * for channels
     * (docs.aws.amazon.com/medialive/latest/ug/monitor-activity-types-alerts-channels.html). Which of them AWS raises for an SRT input is not documented: 5201 is a guess.
     */
    private void judgeInput(Channel channel) {
        if (channel.state != ChannelState.RUNNING) {
            return;
        }
        Set<String> lost = new HashSet<>();
        if (inputLost.contains(channel.id)) {
            String type = inputType(channel);
            boolean rtmp = "RTMP_PUSH".equals(type) || "RTMP_PULL".equals(type);
            String alertType = rtmp ? INPUT_LOSS_RTMP : INPUT_LOSS_VIDEO;
            for (int pipeline = 0; pipeline < pipelines(channel); pipeline++) {
                String key = INPUT_KEY_PREFIX + pipeline;
                lost.add(key);
                String message = rtmp ? "RTMP input [" + inputName(channel) + "] has no audio or video: the stream is no longer present."
                        : "Video not detected on input [" + inputName(channel) + "]: the active input is unavailable.";
                alerts.set(channel.id, key, alertType, message, String.valueOf(pipeline), clock.now())
                        .ifPresent(a -> events.alert(channel.id, a));
            }
        }
        publishAlerts(channel.id, alerts.clearExcept(channel.id, lost, INPUT_KEY_PREFIX, clock.now()));
    }

    private JsonNode firstInput(Channel channel) {
        for (JsonNode attachment : channel.config.path("inputAttachments")) {
            String inputId = attachment.path("inputId").asText("");
            if (inputs.exists(inputId)) {
                return inputs.get(inputId);
            }
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private String inputType(Channel channel) {
        return firstInput(channel).path("type").asText("");
    }

    private String inputName(Channel channel) {
        JsonNode input = firstInput(channel);
        return input.path("name").asText(input.path("id").asText("input"));
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
        channel.pendingDue = null;
        channel.failing = null;
        dirty = true;
        if (channel.pending != null) {
            channel.pending.cancel();
            channel.pending = null;
        }
    }

    private void after(Channel channel, Duration delay, Consumer<Channel> step) {
        long generation = channel.generation;
        channel.pendingDue = clock.now().plus(delay);
        dirty = true;
        channel.pending = clock.schedule(delay, () -> locked(() -> {
            if (channel.generation == generation) {
                channel.pending = null;
                channel.pendingDue = null;
                step.accept(channel);
            }
            return null;
        }));
    }

    private <T> T locked(Supplier<T> action) {
        try {
            synchronized (lock) {
                try {
                    return action.get();
                } finally {
                    saveIfChanged();
                }
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
        return ChannelShapes.pipelines(channel.config);
    }

    private ObjectNode render(Channel channel, Operation operation) {
        return ChannelShapes.render(channel.id, channel.config, channel.state, options, operation);
    }

    private ObjectNode renderInput(ObjectNode input) {
        String id = input.path("id").asText();
        List<String> attached = new ArrayList<>();
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
        return InputCatalog.render(input, attached);
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
