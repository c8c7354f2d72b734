package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.local.LocalMode;
import dev.lunora.local.medialive.IngestRule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A platform refusing a stream key, end to end in local mode: the simulator raises MediaLive's 6018 alert, the
 * local event bus hands it to the alert handler, and the page's API shows the failure on the right destination
 * with the right advice — and clears it when the key is fixed. Also without events: the reconcile's ListAlerts
 * read alone surfaces it.
 */
class ChannelAlertsSystemTest {

    /** Keys used below; they must never come back in a response. Compared only with equals, never printed. */
    private static final String BAD_KEY = "yt-bad-key-0001";
    private static final String GOOD_KEY = "tw-good-key-0002";
    private static final String OTHER_BAD_KEY = "yt-bad-key-0003";
    private static final String PASTED_AGAIN_KEY = "yt-good-key-0004";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static LocalMode local;
    private static LocalApi api;
    private final List<String> created = new java.util.ArrayList<>();

    @BeforeAll
    static void startLocalMode() throws Exception {
        local = LocalMode.start(TestLocalModes.options().timeScale(300).build());
        api = new LocalApi(local.webUrl());
    }

    @AfterAll
    static void stopAndCheckNoKeyLeaked() {
        local.close();
        List<String> secrets = List.of(BAD_KEY, GOOD_KEY, OTHER_BAD_KEY, PASTED_AGAIN_KEY);
        for (String body : api.bodies()) {
            assertThat(secrets.stream().anyMatch(body::contains)).as("a response body contained a stream key").isFalse();
        }
    }

    /** Each test leaves the channel as it found it: its destinations stopped, the channel idle, events on. */
    @AfterEach
    void stopEverything() {
        local.eventBus().setEnabled(true);
        local.mediaLive().clearIngestRules();
        created.forEach(id -> api.post("/api/destinations/" + id + "/stop", null));
        created.forEach(id -> awaitDestination(id, d -> d.path("streaming_status").asText().equals("ready"), "stopped"));
        await(() -> api.get("/api/channel").json().path("channel").path("state").asText().equals("IDLE"), "channel idle");
    }

    @Test
    void rejectedKey_surfacesOnTheRightDestinationWithTheRightMessage_andClearsWhenFixed() {
        IngestRule rejectsKey = local.mediaLive().failIngestForStreamKey(BAD_KEY);
        String youtube = create("Main YouTube", "youtube", BAD_KEY);
        String twitch = create("Twitch", "twitch", GOOD_KEY);

        start(youtube);
        start(twitch);

        JsonNode failing = awaitDestination(youtube, d -> d.path("health").asText().equals("failing"), "YouTube failing");
        assertThat(failing.path("health_message").asText())
                .startsWith("YouTube refused the connection or the stream key")
                .contains("YouTube Studio")
                .contains("URL");
        JsonNode healthy = awaitDestination(twitch, d -> d.path("streaming_status").asText().equals("streaming"), "Twitch streaming");
        assertThat(healthy.path("health").isNull() || healthy.path("health").asText().equals("ok"))
                .as("Twitch health is " + healthy.path("health")).isTrue();
        assertThat(healthy.path("health_message").isNull()).isTrue();

        // The producer fixes the key on the platform side: the output connects, MediaLive clears the alert.
        local.mediaLive().removeIngestRule(rejectsKey.id());

        JsonNode fixed = awaitDestination(youtube, d -> d.path("health").asText().equals("ok"), "YouTube healthy again");
        assertThat(fixed.path("health_message").isNull()).isTrue();
        assertThat(api.get("/api/destinations/" + twitch).json().path("destination").path("health").asText("ok")).isEqualTo("ok");
    }

    @Test
    void rejectedKeyReplacedInTheForm_channelRestartsOnceWithTheNewKey_andTheDestinationIsHealthy() {
        local.mediaLive().failIngestForStreamKey(BAD_KEY);
        String youtube = create("Main YouTube", "youtube", BAD_KEY);
        start(youtube);
        awaitDestination(youtube, d -> d.path("health").asText().equals("failing"), "YouTube failing");
        await(() -> !api.get("/api/channel").json().path("channel").path("reconcile_in_flight").asBoolean(true), "first reconcile finished");
        long updatesBefore = local.mediaLive().callCount(dev.lunora.local.medialive.Operation.UpdateChannel);
        long startsBefore = local.mediaLive().callCount(dev.lunora.local.medialive.Operation.StartChannel);

        // The producer copies the key from YouTube Studio again; the rule still refuses the old one.
        LocalApi.Response edited = api.put("/api/destinations/" + youtube, LocalApi.json(Map.of("stream_key", PASTED_AGAIN_KEY)));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);

        await(() -> local.mediaLive().callCount(dev.lunora.local.medialive.Operation.StartChannel) > startsBefore
                && !api.get("/api/channel").json().path("channel").path("reconcile_in_flight").asBoolean(true)
                && api.get("/api/channel").json().path("channel").path("state").asText().equals("RUNNING"), "channel restarted");
        JsonNode fixed = awaitDestination(youtube, d -> d.path("health").asText().equals("ok")
                && d.path("streaming_status").asText().equals("streaming"), "YouTube healthy with the new key");
        assertThat(fixed.path("health_message").isNull()).isTrue();
        assertThat(local.mediaLive().callCount(dev.lunora.local.medialive.Operation.UpdateChannel) - updatesBefore)
                .as("one UpdateChannel carries the new key").isEqualTo(1);
        assertThat(local.mediaLive().callCount(dev.lunora.local.medialive.Operation.StartChannel) - startsBefore)
                .as("one restart").isEqualTo(1);
    }

    @Test
    void keyRejectedWhileStreaming_oneAlertEventShowsItWithoutAnyReconcile() {
        String twitch = create("Twitch", "twitch", GOOD_KEY);
        start(twitch);
        awaitDestination(twitch, d -> d.path("streaming_status").asText().equals("streaming"), "Twitch streaming");
        long executions = executionCount();

        IngestRule rejectsKey = local.mediaLive().failIngestForStreamKey(GOOD_KEY);

        JsonNode failing = awaitDestination(twitch, d -> d.path("health").asText().equals("failing"), "Twitch failing");
        assertThat(failing.path("health_message").asText()).startsWith("Twitch refused").contains("Twitch dashboard");
        assertThat(executionCount()).as("surfaced by the event alone, no reconcile requested").isEqualTo(executions);

        local.mediaLive().removeIngestRule(rejectsKey.id());
        awaitDestination(twitch, d -> d.path("health").asText().equals("ok"), "Twitch healthy again");
    }

    @Test
    void alertEventsLost_theReconcilesListAlertsReadStillSurfacesTheRejectedKey() {
        local.eventBus().setEnabled(false);
        local.mediaLive().failIngestForStreamKey(OTHER_BAD_KEY);
        String youtube = create("Backup YouTube", "youtube", OTHER_BAD_KEY);

        start(youtube);

        JsonNode failing = awaitDestination(youtube, d -> d.path("health").asText().equals("failing"), "YouTube failing without events");
        assertThat(failing.path("health_message").asText()).startsWith("YouTube refused the connection or the stream key");
        assertThat(failing.path("streaming_status").asText()).isEqualTo("streaming");
    }

    private long executionCount() {
        // Every reconcile request bumps the channel's generation.
        return local.wiring().channelCoordination().generation(LocalMode.CHANNEL_ID);
    }

    private String create(String name, String platform, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("platform", platform);
        body.put("stream_key", key);
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(body));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        String id = r.json().path("destination").path("destination_id").asText();
        created.add(id);
        return id;
    }

    private static void start(String id) {
        LocalApi.Response r = api.post("/api/destinations/" + id + "/start", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
    }

    private static JsonNode awaitDestination(String id, Predicate<JsonNode> condition, String what) {
        JsonNode[] last = new JsonNode[1];
        await(() -> {
            last[0] = api.get("/api/destinations/" + id).json().path("destination");
            return condition.test(last[0]);
        }, () -> what + " (last seen: status " + (last[0] == null ? "?" : last[0].path("streaming_status") + ", health " + last[0].path("health")
                + ", error " + last[0].path("last_error")) + ")");
        return last[0];
    }

    /** Polls until {@code condition} holds or the deadline passes. */
    private static void await(java.util.function.BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    /** @param what read when the wait times out, so it can say what was last seen */
    private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get(), e);
            }
        }
    }
}
