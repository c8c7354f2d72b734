package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.core.channel.ReconcileService;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A run that dies holding the channel lock blocks the next one until the lease expires; the next one must still
 * be waiting then, or the click that started it is never carried out. System tests cannot show this on a fast
 * clock (each real millisecond of a lock attempt counts 300 times), so this checks the numbers themselves.
 */
class ReconcileLockBudgetTest {

    @Test
    void lockRetry_waitsLongerThanTheLease_evenWithFullJitter() throws Exception {
        JsonNode asl = new ObjectMapper().readTree(Files.readString(ReconcileWorld.statemachinesDir().resolve("channel-reconcile.asl.json")));
        JsonNode retrier = null;
        for (JsonNode r : asl.path("States").path("AcquireChannelLock").path("Retry")) {
            if (r.path("ErrorEquals").toString().contains("dev.lunora.core.exceptions.ChannelLockedException")) {
                retrier = r;
            }
        }
        assertThat(retrier).as("AcquireChannelLock retries ChannelLockedException").isNotNull();
        double interval = retrier.path("IntervalSeconds").asDouble();
        double rate = retrier.path("BackoffRate").asDouble();
        double cap = retrier.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE);
        int attempts = retrier.path("MaxAttempts").asInt();
        assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");

        // With FULL jitter each delay is uniform on [0, d]: mean d/2, variance d^2/12; the sum is close to normal.
        double mean = 0;
        double variance = 0;
        for (int n = 0; n < attempts; n++) {
            double d = Math.min(interval * Math.pow(rate, n), cap);
            mean += d / 2;
            variance += d * d / 12;
        }
        double unlucky = mean - 3 * Math.sqrt(variance);
        assertThat(unlucky).as("seconds a waiter waits in the unlucky case (mean %.0f s) vs the %s lease", mean, ReconcileService.LEASE)
                .isGreaterThan(ReconcileService.LEASE.toSeconds());
    }
}
