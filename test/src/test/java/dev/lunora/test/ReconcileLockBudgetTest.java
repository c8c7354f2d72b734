package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Runs no longer wait for the channel lock (they hand their click to the holder), so the old budget — a waiter must
 * outlast the lease — no longer applies. What replaces it: nothing retries ChannelLockedException (a retrier would
 * bring the pile of waiting runs back), a run that finds the lock held ends as a success, and both releases compare
 * the generation so a holder cannot release past a click handed to it.
 */
class ReconcileLockBudgetTest {

    @Test
    void lockIsHandedOver_neverWaitedFor_andReleasedOnlyByCompare() throws Exception {
        JsonNode states = new ObjectMapper().readTree(Files.readString(ReconcileWorld.statemachinesDir().resolve("channel-reconcile.asl.json")))
                .path("States");
        assertThat(states.path("AcquireChannelLock").path("Retry").toString()).doesNotContain("ChannelLockedException");
        assertThat(states.path("AcquireChannelLock").path("Next").asText()).isEqualTo("IsAnotherRunOnIt");
        assertThat(states.path("IsAnotherRunOnIt").path("Choices").get(0).path("Next").asText()).isEqualTo("HandedToTheRunningReconcile");
        assertThat(states.path("HandedToTheRunningReconcile").path("Type").asText()).isEqualTo("Succeed");
        for (String release : new String[] {"ReleaseChannelLock", "ReleaseChannelLockAfterFailure"}) {
            assertThat(states.path(release).path("Arguments").path("Payload").path("generation").asText())
                    .as("%s says which generation it planned for", release).isEqualTo("{% $generation %}");
            String choice = states.path(release).path("Next").asText();
            assertThat(states.path(choice).path("Choices").get(0).path("Next").asText())
                    .as("a refused release (%s) plans again", release).isEqualTo("PlanNextChange");
        }
    }
}
