package dev.lunora.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every scenario on Lunora and on the naive baseline, prints the side-by-side table and writes the JSON file
 * ({@code lunora.bench.out}, default {@code bench/target/bench-results.json}). See BENCHMARKS.md.
 */
public final class BenchMain {

    /**
     * Time scale of the comparison (default 60: a 90 s start takes 1.5 s). Every real millisecond the orchestration
     * spends (Lambda code, DynamoDB, HTTP) counts this many times in simulated seconds, so a higher scale runs
     * faster but inflates both sides' settle times, Lunora's (more calls per cycle) the most.
     */
    static final double FAST = Double.parseDouble(System.getProperty("lunora.bench.timeScale", "60"));
    /** Slower time for the overhead cycles, so the orchestration's real milliseconds weigh little in simulated s. */
    static final double OVERHEAD_SCALE = Double.parseDouble(System.getProperty("lunora.bench.overheadScale", "10"));

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> fast = Scenario.comparison();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Bench.Result> results = new ArrayList<>();
        for (Scenario s : fast) {
            results.addAll(Bench.both(s, FAST));
        }
        List<Bench.Result> cycles = new ArrayList<>();
        for (Scenario s : Scenario.overheadCycles()) {
            cycles.addAll(Bench.both(s, OVERHEAD_SCALE));
        }
        System.out.println();
        System.out.println("Lunora vs naive baseline, time scale " + (int) FAST + " (simulated seconds; MediaLive start 90 s, stop 30 s, update 2 s)");
        System.out.println(Bench.table(results));
        System.out.println("Orchestration overhead per cycle, time scale " + OVERHEAD_SCALE
                + " (settle time minus MediaLive's own STARTING/STOPPING/UPDATING time)");
        System.out.println(Bench.overheadTable(cycles));
        results.forEach(r -> rows.add(r.toJson()));
        List<Map<String, Object>> overhead = new ArrayList<>();
        cycles.forEach(r -> overhead.add(r.toJson()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Map.of("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "cpus", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version")));
        json.put("time_scale", FAST);
        json.put("overhead_time_scale", OVERHEAD_SCALE);
        json.put("scenarios", rows);
        json.put("overhead_cycles", overhead);
        Path out = Path.of(System.getProperty("lunora.bench.out", "bench/target/bench-results.json"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("JSON: " + out.toAbsolutePath());
        System.out.flush();
        Locale.setDefault(Locale.ROOT);
        System.exit(0);
    }
}
