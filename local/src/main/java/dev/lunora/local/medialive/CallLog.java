package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulator served, for tests and benchmarks: a bounded call log, per-operation counters, and the
 * warnings about request members the MediaLive model does not have.
 */
final class CallLog {

    private static final int CAPACITY = 10_000;

    private final Deque<CallRecord> records = new ArrayDeque<>();
    private final Map<Operation, Long> counters = new EnumMap<>(Operation.class);
    private final Deque<ModelWarning> warnings = new ArrayDeque<>();

    synchronized void record(CallRecord call) {
        if (records.size() == CAPACITY) {
            records.removeFirst();
        }
        records.addLast(call);
        counters.merge(call.operation(), 1L, Long::sum);
    }

    synchronized void warn(ModelWarning warning) {
        if (warnings.size() == CAPACITY) {
            warnings.removeFirst();
        }
        warnings.addLast(warning);
    }

    synchronized List<ModelWarning> warnings() {
        return new ArrayList<>(warnings);
    }

    synchronized void clearWarnings() {
        warnings.clear();
    }

    synchronized List<CallRecord> records() {
        return new ArrayList<>(records);
    }

    synchronized long count(Operation operation) {
        return counters.getOrDefault(operation, 0L);
    }

    synchronized Map<Operation, Long> counters() {
        return new EnumMap<>(counters);
    }

    synchronized void reset() {
        records.clear();
        counters.clear();
    }

    /** "yt1 rtmp://a.rtmp.youtube.com/live2 ••••1234; hls mediaPackage" - enough to tell calls apart. */
    static String describeDestinations(JsonNode request) {
        JsonNode destinations = request.path("destinations");
        if (!destinations.isArray()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode d : destinations) {
            StringBuilder part = new StringBuilder(d.path("id").asText("?"));
            for (JsonNode s : d.path("settings")) {
                part.append(' ').append(s.path("url").asText(""));
                if (s.hasNonNull("streamName")) {
                    part.append(' ').append(dev.lunora.core.destination.StreamKeys.hint(s.path("streamName").asText()));
                }
            }
            if (d.path("mediaPackageSettings").size() > 0) {
                part.append(" mediaPackage");
            }
            parts.add(part.toString());
        }
        return String.join("; ", parts);
    }
}
