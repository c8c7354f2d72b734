package dev.lunora.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.medialive.MediaLiveEventSink;
import dev.lunora.local.web.LocalLambdaContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for EventBridge rules: each event the simulator publishes goes, as the JSON EventBridge
 * would hand a Lambda, to the handlers of the function catalog whose trigger matches it. Delivery is
 * asynchronous on one thread — the simulator is never blocked and events of one channel stay in order — and,
 * like EventBridge's asynchronous invocation, a failing handler is tried up to three times, then the event is
 * dropped with a warning.
 */
public final class LocalEventBus implements MediaLiveEventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final List<LocalFunctions.EventTarget> targets;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lunora-local-event-bus");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();

    LocalEventBus(List<LocalFunctions.EventTarget> targets) {
        this.targets = List.copyOf(targets);
    }

    /** While disabled, events are dropped, as when EventBridge loses one; for tests of what does not rely on them. */
    public void setEnabled(boolean value) {
        enabled.set(value);
    }

    /** Handler invocations that completed, for tests that wait for delivery. */
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void publish(Map<String, Object> event) {
        if (!enabled.get()) {
            LOG.debug("event bus disabled, dropped a {} event", event.get("detail-type"));
            return;
        }
        Map<String, Object> wire = asDelivered(event);
        for (LocalFunctions.EventTarget target : targets) {
            if (target.matches(wire)) {
                executor.execute(() -> invoke(target, wire));
            }
        }
    }

    private void invoke(LocalFunctions.EventTarget target, Map<String, Object> event) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                target.handler().handleRequest(event, LocalLambdaContext.forInvocation(target.name()));
                delivered.incrementAndGet();
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.warn("{} failed on a {} event {} times; the event is dropped", target.name(), event.get("detail-type"), ATTEMPTS, e);
                }
            }
        }
    }

    /** A fresh copy through JSON, so a handler sees exactly what it would get from EventBridge and shares nothing. */
    private static Map<String, Object> asDelivered(Map<String, Object> event) {
        try {
            return JSON.readValue(JSON.writeValueAsString(event), new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
