package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Issue 16 "done when": two clicks per real second for a minute at time scale 60, spread over three destinations, end
 * with every destination as last clicked and no execution TIMED_OUT or FAILED (before the hand-over, waiting runs
 * piled up behind the lock and timed out; BENCHMARKS.md had 105 TIMED_OUT and 5 FAILED for a comparable schedule).
 */
class ClickStormSystemTest {

    /** Two a second for a minute, plus one so the storm ends with A streaming and B, C stopped. */
    private static final int CLICKS = 121;
    private static final long CLICK_EVERY_MILLIS = 500;
    private static ReconcileWorld world;

    @BeforeAll
    static void startLocalMode() throws Exception {
        world = ReconcileWorld.start(TestLocalModes.options().timeScale(60).build());
    }

    @AfterAll
    static void stopLocalMode() {
        if (world != null) {
            world.closeAfterCheckingEveryRun();
        }
    }

    @Test
    void twoClicksASecondForAMinute_everyDestinationAsLastClicked_noRunTimedOutOrFailed() throws InterruptedException {
        world.reset();
        List<String> ids = List.of(
                world.create("Storm A", "custom", "rtmp://ingest.example.com/a", "storm-a-key-0001"),
                world.create("Storm B", "custom", "rtmp://ingest.example.com/b", "storm-b-key-0002"),
                world.create("Storm C", "custom", "rtmp://ingest.example.com/c", "storm-c-key-0003"));
        Map<String, Boolean> lastClickStarts = new LinkedHashMap<>();
        long next = System.nanoTime();
        for (int i = 0; i < CLICKS; i++) {
            String id = ids.get(i % ids.size());
            // Each destination alternates start and stop.
            boolean start = !lastClickStarts.getOrDefault(id, false);
            if (start) {
                world.start(id);
            } else {
                world.stop(id);
            }
            lastClickStarts.put(id, start);
            next += CLICK_EVERY_MILLIS * 1_000_000;
            long sleep = (next - System.nanoTime()) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        world.awaitRest();

        for (String id : ids) {
            var d = world.destination(id);
            boolean wanted = lastClickStarts.get(id);
            assertThat(d.path("desired_state").asText()).as(id).isEqualTo(wanted ? "streaming" : "stopped");
            assertThat(d.path("streaming_status").asText()).as(id).isEqualTo(wanted ? "streaming" : "ready");
        }
        assertThat(world.executions()).as("no run timed out or failed")
                .noneMatch(e -> e.status() == ExecutionStatus.TIMED_OUT || e.status() == ExecutionStatus.FAILED);
        assertThat(world.lockHeld()).isFalse();
        System.out.printf("storm: %d clicks, %d executions%n", CLICKS, world.executions().size());
    }
}
