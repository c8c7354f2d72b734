package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.InMemoryPresetStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hand-over instead of waiting, checked in every order the steps of concurrent clicks can take. Each click is a
 * small machine with the workflow's shape (bump the generation, try the lock, hand over or plan, record, compare-and-
 * release, plan again if refused); each step is one atomic write or read of the coordination item, as in DynamoDB. A
 * scheduler replays every interleaving against the in-memory coordination fake and checks that every click's
 * generation was planned for by a lock holder after the click bumped it, and that the lock ends free.
 */
class ReconcileHandOverInterleavingsTest {

    private static final String CHANNEL = "ch-1";
    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");

    @Test
    void twoClicks_everyInterleaving_noClickLost_andEveryOrderOfTheFourCriticalStepsOccurs() {
        Exploration result = explore(2);

        // A = the click whose run took the lock first, B = the other. T = A takes the lock, b = B bumps the generation,
        // y = B tries the lock, c = A's first compare-and-release. Possible orders: b < y, T < c, T < y.
        assertThat(result.criticalOrders).containsExactlyInAnyOrder("Tbyc", "Tbcy", "Tcby", "bTyc", "bTcy");
        assertThat(result.schedules).as("interleavings explored").isGreaterThanOrEqualTo(10);
        assertThat(result.handOvers).as("some runs handed over instead of waiting").isPositive();
        assertThat(result.refusedReleases).as("some holders were refused the release and planned again").isPositive();
    }

    @Test
    void threeClicks_everyInterleaving_noClickLost() {
        Exploration result = explore(3);
        assertThat(result.schedules).isGreaterThan(1000);
    }

    /**
     * The request side (SfnReconcileRequests) reads the lock right after the bump and starts no run for a live holder:
     * one more atomic step, so every interleaving again, with that read in it.
     */
    @Test
    void requestSideHandOver_everyInterleavingOfTwoAndThreeClicks_noClickLost() {
        Exploration two = explore(2, true);
        Exploration three = explore(3, true);
        assertThat(two.handOvers + three.handOvers).isPositive();
        assertThat(three.schedules).isGreaterThan(1000);
    }

    @Test
    void holderDiedWithTheLock_nextClickTakesTheExpiredLeaseOver() {
        MutableClock clock = new MutableClock(NOW);
        World world = new World(clock);
        Click dead = world.click("dead");
        dead.step(); // bump
        dead.step(); // takes the lock, then the execution is lost (timed out, aborted): it never releases
        Click hopeful = world.click("hopeful");
        hopeful.step();
        hopeful.step();
        assertThat(hopeful.handedTo).as("a live holder: hand over").isEqualTo("run-dead");

        clock.now = NOW.plus(ReconcileService.LEASE).plusSeconds(1);
        Click next = world.click("next");
        while (!next.finished()) {
            next.step();
        }
        assertThat(next.handedTo).as("an expired lease is taken over").isNull();
        assertThat(next.plannedFor).contains(3L);
        assertThat(world.coordination.owner).isNull();
    }

    /** Depth-first over scheduling choices; each schedule replays from a fresh world. */
    private static Exploration explore(int clicks) {
        return explore(clicks, false);
    }

    private static Exploration explore(int clicks, boolean requestSideCheck) {
        Exploration result = new Exploration();
        List<List<Integer>> pending = new ArrayList<>();
        pending.add(List.of());
        while (!pending.isEmpty()) {
            List<Integer> prefix = pending.remove(pending.size() - 1);
            // (each schedule is replayed from scratch: the fake has no undo)
            World world = new World(Clock.fixed(NOW, ZoneOffset.UTC));
            List<Click> runs = new ArrayList<>();
            for (int i = 0; i < clicks; i++) {
                Click click = world.click(String.valueOf((char) ('a' + i)));
                click.requestSideCheck = requestSideCheck;
                runs.add(click);
            }
            for (int choice : prefix) {
                runs.get(choice).step();
            }
            List<Integer> runnable = new ArrayList<>();
            for (int i = 0; i < clicks; i++) {
                if (!runs.get(i).finished()) {
                    runnable.add(i);
                }
            }
            if (runnable.isEmpty()) {
                result.check(world, runs, prefix);
                continue;
            }
            for (int choice : runnable) {
                List<Integer> longer = new ArrayList<>(prefix);
                longer.add(choice);
                pending.add(longer);
            }
        }
        System.out.printf("%d click(s)%s: %d interleavings, %d hand-overs, %d refused releases%n", clicks,
                requestSideCheck ? " with the request-side check" : "", result.schedules, result.handOvers, result.refusedReleases);
        return result;
    }

    private static final class Exploration {
        int schedules;
        int handOvers;
        int refusedReleases;
        final Set<String> criticalOrders = new HashSet<>();

        void check(World world, List<Click> runs, List<Integer> schedule) {
            schedules++;
            assertThat(world.coordination.owner).as("lock free at the end of %s", world.log).isNull();
            for (Click click : runs) {
                long planAfterBump = world.plans.stream()
                        .filter(p -> p.step > click.bumpedAtStep && p.generation >= click.generation).count();
                assertThat(planAfterBump).as("click %s (generation %d) planned for after its bump in %s", click.name, click.generation, world.log)
                        .isPositive();
                handOvers += click.handedTo != null ? 1 : 0;
                refusedReleases += click.refusedReleases;
            }
            if (runs.size() == 2 && !runs.get(0).requestSideCheck) {
                criticalOrders.add(criticalOrder(world.log));
            }
        }

        /** The order of T, b, y, c (see the two-click test) in one schedule's log. */
        private static String criticalOrder(List<String> log) {
            String a = log.stream().filter(e -> e.endsWith(":took")).findFirst().orElseThrow().split(":")[0];
            String b = a.equals("a") ? "b" : "a";
            List<String> order = new ArrayList<>();
            boolean releaseSeen = false;
            for (String e : log) {
                if (e.equals(a + ":took")) {
                    order.add("T");
                } else if (e.equals(b + ":bump")) {
                    order.add("b");
                } else if (e.startsWith(b + ":try") || e.equals(b + ":took")) {
                    order.add("y");
                } else if (e.startsWith(a + ":release") && !releaseSeen) {
                    order.add("c");
                    releaseSeen = true;
                }
            }
            return order.stream().distinct().collect(Collectors.joining());
        }
    }

    private record Plan(int step, long generation) {
    }

    /** The coordination item and the service the workflow's Lambdas share. */
    private static final class World {
        final ReconcileServiceTest.Coordination coordination = new ReconcileServiceTest.Coordination();
        final ReconcileService service;
        final List<String> log = new ArrayList<>();
        final List<Plan> plans = new ArrayList<>();

        World(Clock clock) {
            service = new ReconcileService(new InMemoryDestinationStore(), new InMemoryPresetStore(), new FakeChannel(),
                    name -> "unused", coordination, new ReconcileServiceTest.Sessions(), clock,
                    dev.lunora.core.ports.RelayFleet.notConfigured(), null,
                    dev.lunora.core.destination.AddressPolicy.of(null, host -> List.of()),
                    dev.lunora.core.destination.TestFingerprints.FINGERPRINTS);
        }

        Click click(String name) {
            return new Click(this, name);
        }
    }

    /** One click and the execution it starts, one atomic step per {@link #step()}. */
    private static final class Click {
        private enum Next { BUMP, READ_HOLDER, TRY_LOCK, PLAN, RECORD, RELEASE, DONE }

        boolean requestSideCheck;

        final World world;
        final String name;
        final String execution;
        Next next = Next.BUMP;
        long generation;
        int bumpedAtStep;
        long seen;
        String handedTo;
        int refusedReleases;
        final List<Long> plannedFor = new ArrayList<>();

        Click(World world, String name) {
            this.world = world;
            this.name = name;
            this.execution = "run-" + name;
        }

        boolean finished() {
            return next == Next.DONE;
        }

        void step() {
            ReconcileService service = world.service;
            switch (next) {
                case BUMP -> {
                    generation = world.coordination.bumpGeneration(CHANNEL).generation();
                    bumpedAtStep = world.log.size();
                    world.log.add(name + ":bump");
                    next = requestSideCheck ? Next.READ_HOLDER : Next.TRY_LOCK;
                }
                case READ_HOLDER -> {
                    // As SfnReconcileRequests does after the bump: a live holder gets the click, no run is started.
                    if (world.coordination.reconcileInFlight(CHANNEL, NOW)) {
                        handedTo = world.coordination.status(CHANNEL).orElseThrow().lockOwner();
                        world.log.add(name + ":request-handed");
                        next = Next.DONE;
                    } else {
                        world.log.add(name + ":request-starts-run");
                        next = Next.TRY_LOCK;
                    }
                }
                case TRY_LOCK -> {
                    ReconcileService.LockOutcome lock = service.acquireLock(CHANNEL, execution);
                    if (lock.acquired()) {
                        seen = lock.generation();
                        world.log.add(name + ":took");
                        next = Next.PLAN;
                    } else {
                        handedTo = lock.holder();
                        world.log.add(name + ":try-handed");
                        next = Next.DONE;
                    }
                }
                case PLAN -> {
                    // Planning reads the destinations written before generation `seen` was counted.
                    world.plans.add(new Plan(world.log.size(), seen));
                    plannedFor.add(seen);
                    world.log.add(name + ":plan@" + seen);
                    next = Next.RECORD;
                }
                case RECORD -> {
                    long now = service.recordStatus(CHANNEL, execution, seen);
                    world.log.add(name + ":record@" + now);
                    if (now != seen) {
                        seen = now;
                        next = Next.PLAN;
                    } else {
                        next = Next.RELEASE;
                    }
                }
                case RELEASE -> {
                    ReconcileService.ReleaseOutcome release = service.releaseLock(CHANNEL, execution, seen);
                    if (release.released()) {
                        world.log.add(name + ":release");
                        next = Next.DONE;
                    } else {
                        refusedReleases++;
                        seen = release.generation();
                        world.log.add(name + ":release-refused@" + seen);
                        next = Next.PLAN;
                    }
                }
                case DONE -> throw new IllegalStateException(name + " already finished");
            }
        }
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
