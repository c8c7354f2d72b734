package dev.lunora.local.medialive;

import java.util.Map;

/**
 * Receives the simulator's EventBridge-shaped events ({@code source}, {@code detail-type}, {@code resources},
 * {@code detail}, ...), the way MediaLive delivers them to the default event bus. Called outside the
 * simulator's lock, so a sink may call back into the simulator.
 */
@FunctionalInterface
public interface MediaLiveEventSink {
    void publish(Map<String, Object> event);
}
