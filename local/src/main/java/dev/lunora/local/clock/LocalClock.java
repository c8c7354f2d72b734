package dev.lunora.local.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The one clock of the local world. Every stand-in (MediaLive simulator transitions, the Step Functions
 * runner's Wait states and retry intervals, schedules, the cost guard) asks it for the time and for delays,
 * so {@code --time-scale N} speeds the whole world up and tests can drive time by hand.
 */
public interface LocalClock {

    /** Simulated now. */
    Instant now();

    /** Runs {@code task} once {@code delay} of simulated time has passed. */
    Scheduled schedule(Duration delay, Runnable task);

    /** Blocks the caller until {@code delay} of simulated time has passed. */
    void sleep(Duration delay) throws InterruptedException;

    /** How many simulated seconds pass per real second (1 in production-like timing). */
    double scale();

    /** A {@link Clock} view for code that takes a java.time clock. */
    default Clock asJavaClock() {
        LocalClock self = this;
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException("the local clock is UTC only");
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }

    /** A task handed to {@link #schedule}; cancelling a task that already ran does nothing. */
    interface Scheduled {
        void cancel();
    }
}
