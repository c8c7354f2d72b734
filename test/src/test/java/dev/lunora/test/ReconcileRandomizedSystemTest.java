package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.local.medialive.ErrorType;
import dev.lunora.local.medialive.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many clicks over four destinations while MediaLive throttles, refuses a start and rejects an update: whatever
 * the interleaving, once every reconcile has finished the channel, the table and the lock agree with the clicks.
 * The seed is printed in every assertion; rerun one with {@code -Dlunora.reconcile.seed=N}.
 */
class ReconcileRandomizedSystemTest {

    private static final int CLICKS = 36;
    private static final Map<String, String> KEYS = Map.of(
            "youtube", "rnd-yt-key-3141-5926", "twitch", "live_rnd_twitch_2718", "custom", "rnd-custom-key-1618");

    private static ReconcileWorld world;

    @BeforeAll
    static void startLocalMode() throws Exception {
        world = ReconcileWorld.start();
    }

    @AfterAll
    static void stopLocalMode() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void randomClicks_withInjectedFaults_everyInvariantHoldsAtRest() {
        long seed = Long.getLong("lunora.reconcile.seed", System.nanoTime());
        String why = "seed " + seed + " (rerun with -Dlunora.reconcile.seed=" + seed + ")";
        Random random = new Random(seed);
        world.reset();

        Map<String, String> platformOf = new LinkedHashMap<>();
        platformOf.put(world.create("R YouTube", "youtube", null, KEYS.get("youtube")), "youtube");
        platformOf.put(world.create("R Twitch", "twitch", null, KEYS.get("twitch")), "twitch");
        platformOf.put(world.create("R Restream", "custom", "rtmp://live.restream.io/live", KEYS.get("custom")), "custom");
        platformOf.put(world.create("R HLS", "hls", null, null), "hls");
        List<String> ids = new ArrayList<>(platformOf.keySet());
        Map<String, String> lastClick = new LinkedHashMap<>();
        ids.forEach(id -> lastClick.put(id, "stopped"));

        var sim = world.local.mediaLive();
        sim.setThrottleRate(0.05);
        List<String> script = new ArrayList<>();
        for (int i = 0; i < CLICKS; i++) {
            int fault = random.nextInt(12);
            if (fault == 0) {
                sim.failNextStart(ReconcileWorld.CHANNEL, null, "Injected start failure");
                script.add("failNextStart");
            } else if (fault == 1) {
                sim.failNextCalls(Operation.UpdateChannel, 1, ErrorType.UNPROCESSABLE_ENTITY, "Injected rejection of the outputs");
                script.add("rejectNextUpdate");
            } else if (fault == 2) {
                sim.failNextCalls(Operation.DescribeChannel, 1, ErrorType.INTERNAL_SERVER_ERROR);
                script.add("fail500NextDescribe");
            }
            String id = ids.get(random.nextInt(ids.size()));
            boolean start = random.nextInt(10) < 6;
            if (start) {
                world.start(id);
            } else {
                world.stop(id);
            }
            lastClick.put(id, start ? "streaming" : "stopped");
            script.add((start ? "start " : "stop ") + platformOf.get(id));
            int pause = random.nextInt(10);
            if (pause == 0) {
                // Sometimes let everything settle, so later clicks meet a channel at rest as well as one in motion.
                world.awaitRest();
                script.add("rest");
            } else if (pause < 4) {
                // Jitter between clicks, not a wait for an outcome: spreads clicks over the phases of a run.
                LockSupport.parkNanos(random.nextInt(150) * 1_000_000L);
            }
        }
        why = why + "; script " + script;

        world.awaitRest();
        sim.clearFaults();
        assertInvariants(ids, platformOf, lastClick, why);
        world.assertNoKeyLeaked();
        assertThat(world.executionNames()).as(why).allMatch(n -> n.matches("reconcile-3714710-[0-9a-z_]+-g\\d+"));
        assertThat(ReconcileWorld.aslStateNames()).as(why).containsAll(world.enteredStates());

        // Whatever state the run left, one more round of clicks converges from it.
        ids.forEach(world::stop);
        world.awaitRest();
        assertThat(world.channelState()).as(why).isEqualTo("IDLE");
        assertThat(world.hasRtmpGroup()).as(why).isFalse();
        assertThat(world.lockHeld()).as(why).isFalse();
    }

    private static void assertInvariants(List<String> ids, Map<String, String> platformOf, Map<String, String> lastClick, String why) {
        String state = world.channelState();
        Map<String, ?> outputs = world.rtmpOutputs();
        boolean anyWanted = false;
        for (String id : ids) {
            JsonNode d = world.destination(id);
            String status = d.path("streaming_status").asText();
            String desired = d.path("desired_state").asText();
            boolean hls = platformOf.get(id).equals("hls");
            String what = id + " (" + platformOf.get(id) + ") " + d.path("streaming_status") + "/" + desired + " channel " + state
                    + " outputs " + outputs.keySet() + " last_error " + d.path("last_error") + "; " + why;

            boolean onChannel = hls || outputs.containsKey(id);
            assertThat(world.sessionOpen(id)).as("a session is open exactly while streaming: " + what).isEqualTo(status.equals("streaming"));
            assertThat(status.equals("streaming")).as("streaming <=> output present and channel RUNNING: " + what)
                    .isEqualTo(onChannel && state.equals("RUNNING") && desired.equals("streaming"));
            if (!desired.equals(lastClick.get(id))) {
                assertThat(status).as("desired state differs from the last click only after a compensation: " + what).isEqualTo("error");
                assertThat(lastClick.get(id)).as(what).isEqualTo("streaming");
                assertThat(d.path("last_error").asText()).as(what).isNotBlank();
            }
            if (desired.equals("streaming")) {
                anyWanted = true;
                assertThat(status).as("a wanted destination streams at rest: " + what).isEqualTo("streaming");
                if (!hls) {
                    assertThat(world.pushesKey(id, KEYS.get(platformOf.get(id)))).as("pushes with its own key: " + what).isTrue();
                }
            } else {
                assertThat(status).as("an unwanted destination is not live: " + what).isIn("ready", "error");
                assertThat(outputs.containsKey(id)).as("no output for an unwanted destination: " + what).isFalse();
            }
        }
        assertThat(state).as("channel runs exactly when something is wanted; " + why).isEqualTo(anyWanted ? "RUNNING" : "IDLE");
        assertThat(world.lockHeld()).as("no lock held at rest; " + why).isFalse();
        assertThat(world.sessionOpen("channel#" + ReconcileWorld.CHANNEL)).as("channel session open exactly while RUNNING; " + why)
                .isEqualTo(state.equals("RUNNING"));
        assertThat(ReconcileWorld.foreignConfiguration(world.channel())).as(why).isEqualTo(world.foreignBaseline);
    }
}
