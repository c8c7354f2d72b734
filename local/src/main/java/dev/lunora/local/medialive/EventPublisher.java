package dev.lunora.local.medialive;

import dev.lunora.local.clock.LocalClock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds MediaLive's EventBridge events and hands them to the sinks. Events are queued while the channel
 * store holds its lock (so their order is the order of the transitions) and delivered after it is released
 * (so a sink that calls the simulator, or blocks on a thread that does, cannot deadlock it).
 */
final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    static final String STATE_CHANGE = "MediaLive Channel State Change";
    static final String ALERT = "MediaLive Channel Alert";

    private final LocalClock clock;
    private final SimulatorOptions options;
    private final List<MediaLiveEventSink> sinks = new CopyOnWriteArrayList<>();
    private final Queue<Map<String, Object>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    EventPublisher(LocalClock clock, SimulatorOptions options) {
        this.clock = clock;
        this.options = options;
    }

    void addSink(MediaLiveEventSink sink) {
        sinks.add(sink);
    }

    void removeSink(MediaLiveEventSink sink) {
        sinks.remove(sink);
    }

    /** Queues a state change; {@code eventState} is the event vocabulary (CREATED, STOPPED...), not the API enum. */
    void stateChanged(String channelId, String eventState, String message, int pipelinesRunning) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("channel_arn", options.channelArn(channelId));
        detail.put("state", eventState);
        detail.put("message", message);
        detail.put("pipelines_running_count", pipelinesRunning);
        queue.add(envelope(STATE_CHANGE, channelId, clock.now(), detail));
    }

    void alert(String channelId, ChannelAlertRecord alert) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alarm_state", alert.state());
        detail.put("alarm_id", alert.id());
        detail.put("alert_type", alert.alertType());
        detail.put("pipeline", alert.pipelineId());
        detail.put("channel_arn", options.channelArn(channelId));
        detail.put("message", alert.message());
        Instant at = alert.clearedTimestamp() != null ? alert.clearedTimestamp() : alert.setTimestamp();
        queue.add(envelope(ALERT, channelId, at, detail));
    }

    private Map<String, Object> envelope(String detailType, String channelId, Instant at, Map<String, Object> detail) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", "aws.medialive");
        event.put("account", options.account());
        // EventBridge envelopes carry whole seconds.
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", options.region());
        event.put("resources", List.of(options.channelArn(channelId)));
        event.put("detail", detail);
        return event;
    }

    /**
     * Delivers queued events. If another thread is already delivering it takes ours too; the re-check after
     * unlocking covers an event queued just as that thread finished.
     */
    void deliver() {
        while (!queue.isEmpty()) {
            if (!delivering.tryLock()) {
                return;
            }
            try {
                Map<String, Object> event;
                while ((event = queue.poll()) != null) {
                    for (MediaLiveEventSink sink : sinks) {
                        publish(sink, event);
                    }
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    /**
     * A sink is someone else's code (a local bus, a test): its failure must neither undo a transition that
     * already happened nor starve the other sinks, like EventBridge's own best-effort delivery.
     */
    private static void publish(MediaLiveEventSink sink, Map<String, Object> event) {
        try {
            sink.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("A MediaLive event sink failed on a {} event; the event is dropped for that sink",
                    event.get("detail-type"), e);
        }
    }

    /** ISO-8601 with milliseconds, as MediaLive writes alert timestamps ("2024-05-01T10:00:00.000Z"). */
    static String isoTime(Instant instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(java.time.ZoneOffset.UTC)
                .format(instant);
    }
}
