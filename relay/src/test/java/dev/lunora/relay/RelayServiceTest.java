package dev.lunora.relay;

import static dev.lunora.relay.RelayFakes.CHANNEL;
import static dev.lunora.relay.RelayFakes.streaming;
import static dev.lunora.relay.SupervisedPushTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.AddressPolicy;
import dev.lunora.core.destination.DeliveryState;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The converger against in-memory ports and the dry runner. */
class RelayServiceTest {

    private static final String SECRET = "ingest-secret-4242";
    private static final String KEY_A = "live_aaaaaaaa_1111";
    private static final String KEY_B = "live_bbbbbbbb_2222";
    private static final String WRONG = "wrong-cccccccc-3333";

    /** No network here: platform.example is public, internal.example resolves inside a private network. */
    private static final AddressPolicy ADDRESSES = AddressPolicy.of(null, host -> switch (host) {
        case "platform.example" -> List.of(java.net.InetAddress.getByName("203.0.113.20"));
        case "internal.example" -> List.of(java.net.InetAddress.getByName("10.0.0.9"));
        default -> throw new java.net.UnknownHostException(host);
    });
    private final RelayFakes.Destinations destinations = new RelayFakes.Destinations();
    private final RelayFakes.Keys keys = new RelayFakes.Keys();
    private final RelayFakes.Statuses statuses = new RelayFakes.Statuses();
    private final RelayFakes.CountingRunner runner = new RelayFakes.CountingRunner();
    private final List<RelayService> services = new ArrayList<>();

    private RelayService service() {
        RelayService s = new RelayService(destinations, keys, statuses, runner,
                new RelayService.Settings(CHANNEL, "rtmp://127.0.0.1:1935/relay/" + SECRET, SECRET,
                        new RetryPolicy.Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        ADDRESSES),
                Clock.systemUTC());
        services.add(s);
        return s;
    }

    private void add(String id, String key) {
        destinations.put(streaming(id, key));
        keys.values.put("/keys/" + id, key);
    }

    private DeliveryStatus status(String id) {
        return statuses.current.get(id);
    }

    private void awaitState(String id, DeliveryState state) throws InterruptedException {
        await(() -> status(id) != null && status(id).state() == state, id + " " + state.id());
    }

    @BeforeEach
    void twoDestinations() {
        add("dest_a", KEY_A);
        add("dest_b", KEY_B);
    }

    @AfterEach
    void closeServices() {
        services.forEach(RelayService::close);
    }

    @Test
    void converge_pushesOnlyWhatThisChannelWantsToStream() throws Exception {
        destinations.put(streaming("other_channel", KEY_A).toBuilder().channelId("ch-other").build());
        destinations.put(streaming("stopped", KEY_A).toBuilder().desiredState(DesiredState.STOPPED).build());
        destinations.put(streaming("disabled", KEY_A).toBuilder().enabled(false).build());
        destinations.put(Destination.builder("hls", Platform.HLS).desiredState(DesiredState.STREAMING).channelId(CHANNEL).build());
        RelayService relay = service();

        relay.converge();

        assertThat(relay.pushing()).containsExactlyInAnyOrder("dest_a", "dest_b");
        awaitState("dest_a", DeliveryState.LIVE);
        awaitState("dest_b", DeliveryState.LIVE);
        assertThat(status("dest_a").bitrateKbps()).isEqualTo(DryRunner.BITRATE_KBPS);
        assertThat(runner.targets).containsExactlyInAnyOrder("rtmp://platform.example/app/" + KEY_A, "rtmp://platform.example/app/" + KEY_B);
    }

    @Test
    void converge_concurrentCalls_neverMoreThanOneProcessPerDestination() throws Exception {
        RelayService relay = service();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                for (int n = 0; n < 25; n++) {
                    relay.converge();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> call : calls) {
            call.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        awaitState("dest_a", DeliveryState.LIVE);
        awaitState("dest_b", DeliveryState.LIVE);
        Thread.sleep(200); // room for a second process, if one were on its way

        assertThat(runner.started("dest_a")).isEqualTo(1);
        assertThat(runner.started("dest_b")).isEqualTo(1);
        assertThat(runner.mostAliveForOne.get()).isEqualTo(1);
        assertThat(keys.reads.get()).as("a key is read when a push starts, not on every converge").isEqualTo(2);
    }

    @Test
    void converge_destinationNoLongerWanted_stopsItsPushAlone() throws Exception {
        RelayService relay = service();
        relay.converge();
        awaitState("dest_a", DeliveryState.LIVE);
        awaitState("dest_b", DeliveryState.LIVE);

        destinations.put(destinations.items.get("dest_a").toBuilder().desiredState(DesiredState.STOPPED).build());
        relay.converge();

        assertThat(status("dest_a")).isEqualTo(DeliveryStatus.stopped());
        assertThat(runner.alive("dest_a")).isZero();
        assertThat(relay.pushing()).containsExactly("dest_b");
        assertThat(status("dest_b").state()).isEqualTo(DeliveryState.LIVE);
        assertThat(runner.started("dest_b")).as("B untouched").isEqualTo(1);
    }

    @Test
    void converge_keyChanged_restartsThatPushWithTheNewKey() throws Exception {
        RelayService relay = service();
        relay.converge();
        awaitState("dest_a", DeliveryState.LIVE);

        String newKey = "live_aaaaaaaa_9999";
        keys.values.put("/keys/dest_a", newKey);
        destinations.put(destinations.items.get("dest_a").toBuilder().streamKeyFingerprint(RelayFakes.FINGERPRINTS.of("dest_a", newKey)).build());
        relay.converge();
        await(() -> runner.started("dest_a") == 2, "the push restarted");
        awaitState("dest_a", DeliveryState.LIVE);

        assertThat(runner.started("dest_a")).isEqualTo(2);
        assertThat(runner.mostAliveForOne.get()).as("the old push ended before the new one began").isEqualTo(1);
        assertThat(runner.targets).last().isEqualTo("rtmp://platform.example/app/" + newKey);
        assertThat(runner.started("dest_b")).isEqualTo(1);
        assertThat(keys.reads.get()).isEqualTo(3);
    }

    @Test
    void converge_wrongKey_failsAloneWithAReadableReason() throws Exception {
        add("dest_c", WRONG);
        RelayService relay = service();

        relay.converge();

        awaitState("dest_c", DeliveryState.FAILING);
        assertThat(status("dest_c").error()).isEqualTo("the platform refused the stream key");
        awaitState("dest_a", DeliveryState.LIVE);
        awaitState("dest_b", DeliveryState.LIVE);
        assertThat(statuses.writes).allSatisfy(w -> assertThat(w.status().toString())
                .doesNotContain(WRONG).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(SECRET));
    }

    @Test
    void converge_privateTarget_pushNeverStarts_reportsFailingWithTheReason() throws Exception {
        add("dest_a", KEY_A);
        add("dest_meta", KEY_B);
        destinations.put(destinations.items.get("dest_meta").toBuilder().rtmpUrl("rtmp://169.254.169.254/latest").build());
        add("dest_dns", WRONG);
        destinations.put(destinations.items.get("dest_dns").toBuilder().rtmpUrl("rtmp://internal.example/app").build());
        RelayService relay = service();

        relay.converge();
        relay.converge();

        assertThat(relay.pushing()).containsExactlyInAnyOrder("dest_a", "dest_b");
        assertThat(runner.targets).allMatch(t -> t.startsWith("rtmp://platform.example/"));
        assertThat(status("dest_meta").state()).isEqualTo(DeliveryState.FAILING);
        assertThat(status("dest_meta").error()).startsWith("the RTMP URL points inside a private network");
        assertThat(status("dest_dns").error()).contains("internal.example is 10.0.0.9");
        assertThat(keys.reads.get()).as("a refused push reads no key").isEqualTo(2);
    }

    @Test
    void converge_missingKey_failsWithWhatToDo_andDoesNotReReadEverySecond() throws Exception {
        destinations.put(streaming("dest_nokey", KEY_A));
        RelayService relay = service();

        relay.converge();
        relay.converge();

        assertThat(status("dest_nokey")).isEqualTo(DeliveryStatus.failing("the stream key is missing: enter it again in the destination"));
        assertThat(relay.pushing()).doesNotContain("dest_nokey");
        assertThat(keys.reads.get()).isEqualTo(3);

        destinations.put(destinations.items.get("dest_nokey").toBuilder().desiredState(DesiredState.STOPPED).build());
        relay.converge();
        assertThat(status("dest_nokey")).isEqualTo(DeliveryStatus.stopped());
    }

    @Test
    void live_bitrateRefreshedAtMostEveryBitrateRefresh() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                java.time.Instant.parse("2026-12-03T17:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        java.util.concurrent.atomic.AtomicReference<ProcessRunner.Output> output = new java.util.concurrent.atomic.AtomicReference<>();
        ProcessRunner scripted = (target, out) -> {
            output.set(out);
            return SupervisedPushTest.Scripted.running();
        };
        destinations.items.remove("dest_b");
        RelayService relay = new RelayService(destinations, keys, statuses, scripted,
                new RelayService.Settings(CHANNEL, "rtmp://127.0.0.1:1935/relay/" + SECRET, SECRET, RetryPolicy.Backoff.DEFAULT,
                        Duration.ofSeconds(60), Duration.ofSeconds(5)), clock);
        services.add(relay);
        relay.converge();
        await(() -> output.get() != null, "the push started");
        long size = 0;
        for (int second = 0; second <= 12; second++) {
            size += 1000;
            output.get().progress("total_size=" + size);
            output.get().progress("bitrate=" + (4000 + second) + ".0kbits/s");
            output.get().progress("progress=continue");
            now.set(now.get().plusSeconds(1));
        }

        assertThat(statuses.of("dest_a")).extracting(DeliveryStatus::bitrateKbps)
                .as("connecting, live at 0 s, then a refresh at 5 s and 10 s").containsExactly(null, 4000, 4005, 4010);
    }

    @Test
    void live_writesOnChangeOnly_notEveryProgressBlock() throws Exception {
        RelayService relay = service();
        relay.converge();
        awaitState("dest_a", DeliveryState.LIVE);
        Thread.sleep(300); // ~15 progress blocks of the dry runner, same bitrate

        assertThat(statuses.of("dest_a")).extracting(DeliveryStatus::state).containsExactly(DeliveryState.CONNECTING, DeliveryState.LIVE);
    }

    @Test
    void restartedRelay_resumesEveryWantedDestination_andClearsStaleStatuses() throws Exception {
        RelayService first = service();
        first.converge();
        awaitState("dest_a", DeliveryState.LIVE);
        first.close();
        assertThat(status("dest_a")).isEqualTo(DeliveryStatus.stopped("the relay stopped"));
        assertThat(runner.alive("dest_a") + runner.alive("dest_b")).as("close leaves no push").isZero();
        // A relay killed without closing leaves "live" behind for a destination stopped meanwhile.
        statuses.record("dest_gone", DeliveryStatus.live(java.time.Instant.now(), 4000), java.time.Instant.now());
        destinations.put(streaming("dest_gone", KEY_A).toBuilder().desiredState(DesiredState.STOPPED).build());

        RelayService second = service();
        second.converge();

        awaitState("dest_a", DeliveryState.LIVE);
        awaitState("dest_b", DeliveryState.LIVE);
        assertThat(status("dest_gone")).isEqualTo(DeliveryStatus.stopped());
    }

    @Test
    void start_convergesByItself_everyPeriod() throws Exception {
        service().start(Duration.ofMillis(50));
        awaitState("dest_a", DeliveryState.LIVE);

        add("dest_late", KEY_B);

        awaitState("dest_late", DeliveryState.LIVE);
    }
}
