package dev.lunora.local.medialive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The last events published, so the admin endpoint can show what a local EventBridge bus would have seen. */
final class RecentEvents implements MediaLiveEventSink {

    private static final int CAPACITY = 1_000;

    private final Deque<Map<String, Object>> events = new ArrayDeque<>();

    @Override
    public synchronized void publish(Map<String, Object> event) {
        if (events.size() == CAPACITY) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    synchronized List<Map<String, Object>> list() {
        return new ArrayList<>(events);
    }

    synchronized void clear() {
        events.clear();
    }
}
