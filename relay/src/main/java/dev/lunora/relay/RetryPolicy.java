package dev.lunora.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** When a push tries again: after a failed connection, and after a stream that flowed then ended. */
public sealed interface RetryPolicy {

    /** The pause before the next attempt after {@code consecutiveFailures} failed ones (from 1); empty: give up. */
    Optional<Duration> afterFailure(int consecutiveFailures);

    /** The pause before reconnecting a stream that flowed and then ended or stalled; empty: give up. */
    Optional<Duration> afterDrop();

    /** The relay's own: 1 s doubling to a cap, forever, since the destination still wants to stream. */
    record Backoff(Duration first, Duration cap) implements RetryPolicy {

        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

        public Backoff {
            if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < first <= cap, got " + first + " and " + cap);
            }
        }

        @Override
        public Optional<Duration> afterFailure(int consecutiveFailures) {
            int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 20);
            Duration pause = first.multipliedBy(1L << doublings);
            return Optional.of(pause.compareTo(cap) > 0 ? cap : pause);
        }

        @Override
        public Optional<Duration> afterDrop() {
            return Optional.of(first);
        }
    }

    /**
     * A MediaLive RTMP output's settings: a failed connection is tried again every {@code retryInterval}, up to
     * {@code numRetries} times, then again after {@code restartDelay} (zero: never); a stream that drops after
     * flowing restarts after {@code restartDelay}.
     */
    record MediaLiveOutput(Duration retryInterval, int numRetries, Duration restartDelay) implements RetryPolicy {

        public MediaLiveOutput {
            Objects.requireNonNull(retryInterval, "retryInterval");
            Objects.requireNonNull(restartDelay, "restartDelay");
            if (numRetries < 0) {
                throw new IllegalArgumentException("numRetries must be 0 or more, got " + numRetries);
            }
        }

        @Override
        public Optional<Duration> afterFailure(int consecutiveFailures) {
            // The first attempt plus numRetries retries make a round; a full round waits restartDelay.
            if (consecutiveFailures % (numRetries + 1) != 0) {
                return Optional.of(retryInterval);
            }
            return afterDrop();
        }

        @Override
        public Optional<Duration> afterDrop() {
            return restartDelay.isZero() ? Optional.empty() : Optional.of(restartDelay);
        }
    }
}
