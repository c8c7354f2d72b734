package dev.lunora.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Supervision with the dry runner and scripted stand-ins: no media tools needed. */
class SupervisedPushTest {

    private static final String KEY = "live_1234567890_abcd";
    private static final String WRONG_KEY = "wrong-key-0000-9999";
    private static final Duration FAST = Duration.ofMillis(20);

    static PushTarget target(String key) {
        return new PushTarget("dest_test", "rtmp://127.0.0.1:1935/relay/ingest-secret-777",
                PushTarget.withKey("rtmp://platform.example/app", key), List.of(key, "ingest-secret-777"));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static SupervisedPush push(PushTarget target, ProcessRunner runner, RetryPolicy policy, Duration staleAfter,
            List<DeliveryStatus> heard) {
        return new SupervisedPush(target, runner, policy, staleAfter, Clock.systemUTC(), heard::add).start();
    }

    @Test
    void dryRunner_acceptedKey_goesLiveWithABitrate() throws Exception {
        List<DeliveryStatus> heard = new CopyOnWriteArrayList<>();
        try (SupervisedPush push = push(target(KEY), new DryRunner(FAST), RetryPolicy.Backoff.DEFAULT, Duration.ofSeconds(5), heard)) {
            await(() -> push.status().state() == DeliveryState.LIVE, "live");
            assertThat(heard.get(0).state()).isEqualTo(DeliveryState.CONNECTING);
            assertThat(push.status().bitrateKbps()).isEqualTo(DryRunner.BITRATE_KBPS);
            assertThat(push.status().liveSince()).isNotNull();
        }
    }

    @Test
    void dryRunner_wrongKey_failsWithTheRefusedKeyReason_andKeepsTrying() throws Exception {
        List<DeliveryStatus> heard = new CopyOnWriteArrayList<>();
        try (SupervisedPush push = push(target(WRONG_KEY), new DryRunner(FAST), new RetryPolicy.Backoff(FAST, FAST), Duration.ofSeconds(5), heard)) {
            await(() -> heard.stream().filter(s -> s.state() == DeliveryState.FAILING).count() >= 3, "three failed attempts");
            assertThat(push.status()).isEqualTo(DeliveryStatus.failing("the platform refused the stream key"));
            assertThat(push.supervising()).as("the relay's policy never gives up").isTrue();
        }
        assertThat(heard).noneMatch(s -> s.state() == DeliveryState.LIVE)
                .allSatisfy(s -> assertThat(String.valueOf(s)).doesNotContain(WRONG_KEY).doesNotContain("9999"));
    }

    @Test
    void mediaLivePolicy_firstAttemptPlusNumRetries_thenGivesUpWhenRestartDelayIsZero() throws Exception {
        List<DeliveryStatus> heard = new CopyOnWriteArrayList<>();
        SupervisedPush push = push(target(WRONG_KEY), new DryRunner(FAST), new RetryPolicy.MediaLiveOutput(FAST, 2, Duration.ZERO),
                Duration.ofSeconds(5), heard);
        await(() -> !push.supervising(), "gave up");
        assertThat(heard.stream().filter(s -> s.state() == DeliveryState.FAILING)).hasSize(3);
        push.close();
    }

    @Test
    void mediaLivePolicy_pausesRetryIntervalWithinARound_andRestartDelayBetweenRounds() {
        RetryPolicy policy = new RetryPolicy.MediaLiveOutput(Duration.ofSeconds(2), 2, Duration.ofSeconds(15));
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(policy::afterFailure).map(Optional::orElseThrow).map(Duration::toSeconds))
                .containsExactly(2L, 2L, 15L, 2L, 2L, 15L);
        assertThat(new RetryPolicy.MediaLiveOutput(Duration.ofSeconds(2), 0, Duration.ZERO).afterFailure(1)).isEmpty();
    }

    @Test
    void backoff_doublesFromTheFirstPauseToTheCap() {
        RetryPolicy policy = RetryPolicy.Backoff.DEFAULT;
        assertThat(List.of(1, 2, 3, 4, 5, 50).stream().map(policy::afterFailure).map(Optional::orElseThrow).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
        assertThat(policy.afterDrop()).contains(Duration.ofSeconds(1));
    }

    @Test
    void backoff_spacesFailedAttemptsFurtherApart() throws Exception {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        ProcessRunner failing = (target, output) -> {
            startedAt.add(System.nanoTime());
            output.error("rtmp://platform.example/app: Connection refused");
            return Scripted.ended();
        };
        try (SupervisedPush push = push(target(KEY), failing, new RetryPolicy.Backoff(Duration.ofMillis(50), Duration.ofMillis(400)),
                Duration.ofSeconds(5), new CopyOnWriteArrayList<>())) {
            await(() -> startedAt.size() >= 4, "four attempts");
            assertThat(push.status().error()).isEqualTo("could not reach the server (connection refused)");
        }
        long first = startedAt.get(1) - startedAt.get(0);
        long third = startedAt.get(3) - startedAt.get(2);
        assertThat(third).as("200 ms after the third failure vs 50 ms after the first").isGreaterThan(first * 2);
    }

    @Test
    void stale_noProgressForStaleAfter_killsAndRestartsTheProcess() throws Exception {
        AtomicInteger started = new AtomicInteger();
        List<Scripted> processes = new CopyOnWriteArrayList<>();
        ProcessRunner stalling = (target, output) -> {
            started.incrementAndGet();
            // one block (the output opened), then silence, as ffmpeg when its input stops sending
            output.progress("total_size=1000");
            output.progress("bitrate=800.0kbits/s");
            output.progress("progress=continue");
            Scripted p = Scripted.running();
            processes.add(p);
            return p;
        };
        List<DeliveryStatus> heard = new CopyOnWriteArrayList<>();
        try (SupervisedPush push = push(target(KEY), stalling, new RetryPolicy.Backoff(FAST, FAST), Duration.ofMillis(300), heard)) {
            await(() -> started.get() >= 2, "restarted");
            assertThat(processes.get(0).stopped()).as("the stale process was killed").isTrue();
            assertThat(heard).extracting(DeliveryStatus::state).containsSubsequence(DeliveryState.LIVE, DeliveryState.CONNECTING, DeliveryState.LIVE);
        }
        assertThat(processes).allMatch(Scripted::stopped);
    }

    @Test
    void lastProgressBlock_asFfmpegExits_doesNotMakeAFailedAttemptLive() throws Exception {
        ProcessRunner goodbyeOnly = (target, output) -> {
            output.error(target.targetUrl() + ": Input/output error");
            output.progress("total_size=0");
            output.progress("progress=end");
            return Scripted.ended();
        };
        List<DeliveryStatus> heard = new CopyOnWriteArrayList<>();
        try (SupervisedPush push = push(target(KEY), goodbyeOnly, new RetryPolicy.Backoff(FAST, FAST), Duration.ofSeconds(5), heard)) {
            await(() -> heard.stream().filter(s -> s.state() == DeliveryState.FAILING).count() >= 2, "two failed attempts");
        }
        assertThat(heard).noneMatch(s -> s.state() == DeliveryState.LIVE);
    }

    @Test
    void close_stopsTheProcessAndTheSupervision() throws Exception {
        List<Scripted> processes = new CopyOnWriteArrayList<>();
        ProcessRunner running = (target, output) -> {
            Scripted p = Scripted.running();
            processes.add(p);
            return p;
        };
        SupervisedPush push = push(target(KEY), running, RetryPolicy.Backoff.DEFAULT, Duration.ofSeconds(30), new CopyOnWriteArrayList<>());
        await(() -> processes.size() == 1, "started");
        push.close();
        assertThat(push.supervising()).isFalse();
        assertThat(processes).singleElement().matches(Scripted::stopped);
    }

    @Test
    void masked_replacesEverySecretWithItsHint() {
        PushTarget target = target(KEY);
        assertThat(target.masked(target.targetUrl() + " from " + target.sourceUrl()))
                .isEqualTo("rtmp://platform.example/app/••••abcd from rtmp://127.0.0.1:1935/relay/••••-777");
        assertThat(target.toString()).doesNotContain(KEY).doesNotContain("ingest-secret-777");
    }

    /** A stand-in process that ends when told to (or has already ended). */
    static final class Scripted implements PushProcess {
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean stopped;

        static Scripted running() {
            return new Scripted();
        }

        static Scripted ended() {
            Scripted p = new Scripted();
            p.ended.countDown();
            return p;
        }

        boolean stopped() {
            return stopped || ended.getCount() == 0;
        }

        @Override
        public boolean waitFor(Duration patience) throws InterruptedException {
            return ended.await(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            stopped = true;
            ended.countDown();
        }

        @Override
        public Optional<ProcessHandle> handle() {
            return Optional.empty();
        }
    }
}
