package dev.lunora.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the bench harness's arithmetic (milliseconds, no local mode): the scenarios run only with
 * -Pbench, so this is what keeps the measuring code honest in the default build.
 */
class BenchHarnessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void stateLog_restartOfLiveChannel_darkBilledAndTransitionSeconds() {
        AtomicReference<Instant> now = new AtomicReference<>();
        Bench.StateLog log = new Bench.StateLog(now::get);
        for (Object[] e : new Object[][] {{-500, "RUNNING"}, {10, "STOPPING"}, {40, "STOPPED"}, {44, "STARTING"}, {134, "RUNNING"}}) {
            now.set(T0.plusSeconds((int) e[0]));
            log.publish(Map.of("detail-type", "MediaLive Channel State Change", "detail", Map.of("state", e[1])));
        }
        now.set(T0.plusSeconds(200));
        log.publish(Map.of("detail-type", "MediaLive Channel Alert", "detail", Map.of("state", "ignored")));

        Bench.StateLog.Totals t = log.totals(T0, "RUNNING", T0.plusSeconds(150));

        assertThat(t.notRunningSeconds()).as("dark: 10..134").isEqualTo(124.0);
        assertThat(t.billedSeconds()).as("billed: all but STOPPED 40..44").isEqualTo(146.0);
        assertThat(t.transitionSeconds()).as("STOPPING 30 + STARTING 90").isEqualTo(120.0);
        assertThat(t.billedAtEnd()).isTrue();
        assertThat(log.lastAt()).isEqualTo(T0.plusSeconds(134));
    }

    @Test
    void planBenchmark_fiftyDestinationsOnARunningChannel_planRestartsForTheNewlyWanted() {
        var bench = new dev.lunora.bench.jmh.PlanBenchmark();
        bench.setUp();
        assertThat(bench.planFiftyDestinations().next()).isEqualTo(dev.lunora.core.channel.NextStep.STOP_FOR_UPDATE);
        assertThat(bench.planFiftyDestinations().outputs()).as("the 30 wanted ones").hasSize(30);
    }

    @Test
    void overhead_isSettleTimeBeyondMediaLivesOwn_asAShareOfIt() {
        Bench.Result r = new Bench.Result();
        r.settleFromFirstClick = 100;
        r.mediaLiveTransitionSeconds = 92;

        assertThat(r.overheadSeconds()).isEqualTo(8.0);
        assertThat(r.overheadFraction()).isCloseTo(0.087, org.assertj.core.api.Assertions.within(0.001));
        assertThat(new Bench.Result().overheadFraction()).as("no MediaLive time, no share").isZero();
    }

    @Test
    void stateLog_stopEndingExactlyAtSteady_notBilledAfterwards() {
        AtomicReference<Instant> now = new AtomicReference<>();
        Bench.StateLog log = new Bench.StateLog(now::get);
        now.set(T0.plusSeconds(5));
        log.publish(Map.of("detail-type", "MediaLive Channel State Change", "detail", Map.of("state", "STOPPING")));
        now.set(T0.plusSeconds(35));
        log.publish(Map.of("detail-type", "MediaLive Channel State Change", "detail", Map.of("state", "STOPPED")));

        Bench.StateLog.Totals t = log.totals(T0, "RUNNING", T0.plusSeconds(35));

        assertThat(t.billedSeconds()).isEqualTo(35.0);
        assertThat(t.billedAtEnd()).as("idle at steady state").isFalse();
    }

    @Test
    void scenarios_finalWishFollowsClickOrder_burstIsSeededAndTwentyLong() {
        Scenario s = new Scenario("x", 3, List.of(0), List.of(new Scenario.Click(6, 1, false), new Scenario.Click(0, 1, true),
                new Scenario.Click(3, 0, false), new Scenario.Click(9, 2, true)));
        assertThat(s.finalWish()).containsExactly(false, false, true);
        assertThat(s.lastClickOffset()).isEqualTo(9.0);
        assertThat(Scenario.burst()).hasSize(20).isEqualTo(Scenario.burst())
                .allMatch(c -> c.destination() >= 2 && c.destination() <= 5);
        assertThat(Scenario.comparison()).extracting(Scenario::name).hasSize(6);
    }
}
