package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.local.LocalMode;
import dev.lunora.local.medialive.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 18 through local mode: the account's three seed channels, managing a second one, destinations that belong to a
 * channel, and channels that reconcile independently. Ordered: the first test sees the fresh seed, the later ones
 * manage 6802366.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChannelsSystemTest {

    private static final String PRIMARY = "3714710";
    private static final String SRT = "6802366";
    private static final String OTHER = "6890857";
    private static final String KEY = "channels-test-key-5813";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static LocalMode local;
    private static LocalApi api;
    private static ApiSteps steps;

    @BeforeAll
    static void startLocalMode() throws Exception {
        local = LocalMode.start(TestLocalModes.options().timeScale(500).build());
        api = new LocalApi(local.webUrl());
        steps = new ApiSteps(api, PATIENCE);
    }

    @AfterAll
    static void stopAndCheckNoKeyLeaked() {
        local.close();
        assertThat(api.bodies().stream().anyMatch(b -> b.contains(KEY))).as("a response body contained a stream key").isFalse();
    }

    private static JsonNode channel(String id) {
        LocalApi.Response r = api.get("/api/channels/" + id);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().path("channel");
    }

    private static String createOn(String channelId, String name, String url) {
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(Map.of("name", name, "platform", "custom",
                "rtmp_url", url, "stream_key", KEY + "-" + name.length(), "channel_id", channelId)));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().path("destination").path("channel_id").asText()).isEqualTo(channelId);
        return r.json().path("destination").path("destination_id").asText();
    }

    private static long startChannelCalls(String channelId) {
        return local.mediaLive().callLog().stream()
                .filter(c -> c.operation() == Operation.StartChannel && channelId.equals(c.resourceId())).count();
    }

    private static void awaitIdle(String channelId) {
        Await.until("channel " + channelId + " idle, nothing in flight", PATIENCE, () -> {
            JsonNode c = channel(channelId);
            return c.path("state").asText().equals("IDLE") && !c.path("reconcile_in_flight").asBoolean();
        });
    }

    private static void stopAndAwaitIdle(String destinationId, String channelId) {
        steps.stop(destinationId);
        steps.awaitStatus(destinationId, "ready");
        awaitIdle(channelId);
    }

    @Test
    @Order(1)
    void list_freshLocalMode_theThreeSeedChannelsWithTheirInputs_onlyThePrimaryManaged() {
        LocalApi.Response r = api.get("/api/channels");

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().path("count").asInt()).isEqualTo(3);
        List<JsonNode> channels = new ArrayList<>();
        r.json().path("channels").forEach(channels::add);
        assertThat(channels).extracting(c -> c.path("channel_id").asText()).containsExactly(PRIMARY, SRT, OTHER);
        assertThat(channels).extracting(c -> c.path("input").path("type").asText()).containsExactly("RTMP_PUSH", "SRT_CALLER", "RTMP_PUSH");
        assertThat(channels).extracting(c -> c.path("managed").asBoolean()).containsExactly(true, false, false);
        assertThat(channels).extracting(c -> c.path("primary").asBoolean()).containsExactly(true, false, false);
        assertThat(channels).extracting(c -> c.path("state").asText()).containsOnly("IDLE");
        JsonNode srt = channels.get(1);
        assertThat(srt.path("name").asText()).isEqualTo("lunora-prod-srt-channel");
        assertThat(srt.path("display_name").asText()).isEqualTo("lunora-prod-srt-channel");
        assertThat(srt.path("channel_class").asText()).isEqualTo("SINGLE_PIPELINE");
        assertThat(srt.path("input").path("id").asText()).isEqualTo("4739436");
        assertThat(srt.path("input").path("endpoints").get(0).asText()).isEqualTo("srt://127.0.0.1:9000 (stream id lunora)");
        assertThat(channels.get(0).path("input").path("endpoints").get(0).asText())
                .isEqualTo("rtmp://127.0.0.1:1935/live/lunora-player-prod-obs-rtmp-input");
        assertThat(srt.path("signal").path("state").asText()).isEqualTo("unknown");
        assertThat(srt.path("thumbnails").asBoolean()).isFalse();
        assertThat(srt.fieldNames()).toIterable().containsExactly("channel_id", "name", "display_name", "primary", "managed", "state",
                "channel_class", "input", "delivery", "relay_available", "rtmp_outputs", "reconcile_in_flight", "execution", "step",
                "step_detail", "running_since", "hourly_rate_usd", "running_cost_usd", "signal", "thumbnails");
    }

    @Test
    @Order(2)
    void create_onAnUnmanagedChannel_is400InvalidChannelNamingIt() {
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(Map.of("name", "On the unmanaged one", "platform", "custom",
                "rtmp_url", "rtmp://live.example.com/app", "stream_key", KEY, "channel_id", OTHER)));

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid_channel");
        assertThat(r.field()).isEqualTo("channel_id");
        assertThat(r.json().path("message").asText()).contains(OTHER);
    }

    @Test
    @Order(3)
    void get_unknownChannel_is404_andUnknownFieldsAre400() {
        assertThat(api.get("/api/channels/1234567").status()).isEqualTo(404);
        assertThat(api.get("/api/channels/1234567").error()).isEqualTo("not_found");
        LocalApi.Response r = api.put("/api/channels/" + SRT, "{\"managed\":true,\"state\":\"RUNNING\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.field()).isEqualTo("state");
        assertThat(channel(SRT).path("managed").asBoolean()).as("a refused body changes nothing").isFalse();
    }

    @Test
    @Order(4)
    void put_manageTheSrtChannel_itIsManagedWithItsDisplayName() {
        LocalApi.Response r = api.put("/api/channels/" + SRT, LocalApi.json(Map.of("managed", true, "display_name", "SRT studio")));

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().path("channel").path("managed").asBoolean()).isTrue();
        assertThat(r.json().path("channel").path("display_name").asText()).isEqualTo("SRT studio");
        assertThat(channel(SRT).path("managed").asBoolean()).isTrue();
        assertThat(channel(OTHER).path("managed").asBoolean()).isFalse();
    }

    @Test
    @Order(5)
    void start_destinationOnTheSrtChannel_startsThatChannelOnly_andMovingItWhileLiveIs409() {
        local.mediaLive().resetCallLog();
        String id = createOn(SRT, "On SRT", "rtmp://live.example.com/srt");
        try {
            steps.start(id);
            steps.awaitStatus(id, "streaming");

            assertThat(channel(SRT).path("state").asText()).isEqualTo("RUNNING");
            assertThat(channel(PRIMARY).path("state").asText()).isEqualTo("IDLE");
            assertThat(startChannelCalls(SRT)).isEqualTo(1);
            assertThat(startChannelCalls(PRIMARY)).isZero();
            assertThat(channel(SRT).path("rtmp_outputs").asInt()).isEqualTo(1);
            assertThat(channel(SRT).path("running_since").isTextual()).isTrue();

            LocalApi.Response move = api.put("/api/destinations/" + id, LocalApi.json(Map.of("channel_id", PRIMARY)));
            assertThat(move.status()).as(move.raw()).isEqualTo(409);
            assertThat(move.error()).isEqualTo("destination_streaming");
            assertThat(move.json().path("message").asText()).contains("Stop it first");

            LocalApi.Response unmanage = api.put("/api/channels/" + SRT, LocalApi.json(Map.of("managed", false)));
            assertThat(unmanage.status()).as(unmanage.raw()).isEqualTo(409);
            assertThat(unmanage.json().path("message").asText()).contains("'On SRT'");
            assertThat(api.get("/api/destinations/" + id).json().path("destination").path("channel_id").asText()).isEqualTo(SRT);
        } finally {
            stopAndAwaitIdle(id, SRT);
            api.delete("/api/destinations/" + id);
        }
    }

    @Test
    @Order(6)
    void start_concurrentClicksOnDestinationsOfTwoChannels_startEachChannelExactlyOnce() throws Exception {
        String onPrimary = createOn(PRIMARY, "Concurrent primary", "rtmp://live.example.com/primary");
        String onSrt = createOn(SRT, "Concurrent SRT", "rtmp://live.example.com/srt2");
        local.mediaLive().resetCallLog();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> clicks = new ArrayList<>();
            for (String id : List.of(onPrimary, onSrt, onPrimary, onSrt)) {
                clicks.add(CompletableFuture.runAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    steps.start(id);
                }));
            }
            go.countDown();
            CompletableFuture.allOf(clicks.toArray(CompletableFuture[]::new)).get();

            steps.awaitStatus(onPrimary, "streaming");
            steps.awaitStatus(onSrt, "streaming");

            assertThat(startChannelCalls(PRIMARY)).as("StartChannel on " + PRIMARY).isEqualTo(1);
            assertThat(startChannelCalls(SRT)).as("StartChannel on " + SRT).isEqualTo(1);
            assertThat(startChannelCalls(OTHER)).isZero();
            assertThat(channel(OTHER).path("state").asText()).isEqualTo("IDLE");
        } finally {
            stopAndAwaitIdle(onPrimary, PRIMARY);
            stopAndAwaitIdle(onSrt, SRT);
            api.delete("/api/destinations/" + onPrimary);
            api.delete("/api/destinations/" + onSrt);
        }
    }

    @Test
    @Order(7)
    void put_moveOfAStoppedDestination_movesIt_andUsagePerChannelAnswers() {
        String id = createOn(PRIMARY, "Mover", "rtmp://live.example.com/mover");
        try {
            LocalApi.Response move = api.put("/api/destinations/" + id, LocalApi.json(Map.of("channel_id", SRT)));
            assertThat(move.status()).as(move.raw()).isEqualTo(200);
            assertThat(move.json().path("destination").path("channel_id").asText()).isEqualTo(SRT);

            LocalApi.Response usage = api.get("/api/usage?channel_id=" + SRT);
            assertThat(usage.status()).as(usage.raw()).isEqualTo(200);
            assertThat(usage.json().path("usage").path("totals").path("channel_seconds").asDouble()).isPositive();
            LocalApi.Response other = api.get("/api/usage?channel_id=" + OTHER);
            assertThat(other.json().path("usage").path("totals").path("channel_seconds").asDouble()).isZero();
        } finally {
            api.delete("/api/destinations/" + id);
        }
    }
}
