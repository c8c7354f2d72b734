package dev.lunora.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A bench scenario: how many destinations exist, which already stream before the clicks, and the clicks
 * (simulated seconds after the first, destination index, start or stop). Clicks at the same offset are concurrent.
 */
record Scenario(String name, int destinations, List<Integer> preLive, List<Click> clicks) {

    record Click(double offsetSeconds, int destination, boolean start) {
    }

    static List<Scenario> comparison() {
        List<Scenario> all = new ArrayList<>();
        for (int n : new int[] {1, 3, 10}) {
            all.add(new Scenario(n + " concurrent starts, idle", n, List.of(), starts(0, n)));
        }
        all.add(new Scenario("3 starts, 2 live", 5, List.of(0, 1), starts(2, 3)));
        List<Click> stops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stops.add(new Click(0, i, false));
        }
        all.add(new Scenario("stop all 3 live", 3, List.of(0, 1, 2), stops));
        all.add(new Scenario("burst 20 mixed, 2 live", 6, List.of(0, 1), burst()));
        return all;
    }

    /** One start on an idle channel, and one destination added while another streams: Lunora's two cycle kinds. */
    static List<Scenario> overheadCycles() {
        return List.of(new Scenario("cycle: start", 1, List.of(), starts(0, 1)),
                new Scenario("cycle: stop-update-start", 2, List.of(0), starts(1, 1)));
    }

    static List<Click> starts(int first, int n) {
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clicks.add(new Click(0, first + i, true));
        }
        return clicks;
    }

    /** 20 seeded clicks, one every 3 simulated s, on destinations 2..5 (0 and 1 stream throughout). */
    static List<Click> burst() {
        Random random = new Random(8);
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clicks.add(new Click(i * 3.0, 2 + random.nextInt(4), random.nextInt(3) > 0));
        }
        return clicks;
    }

    /** The last wish per destination, for destinations clicked or pre-live. */
    boolean[] finalWish() {
        boolean[] want = new boolean[destinations];
        preLive.forEach(i -> want[i] = true);
        clicks.stream().sorted(java.util.Comparator.comparingDouble(Click::offsetSeconds))
                .forEach(c -> want[c.destination()] = c.start());
        return want;
    }

    double lastClickOffset() {
        return clicks.stream().mapToDouble(Click::offsetSeconds).max().orElse(0);
    }
}
