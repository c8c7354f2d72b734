package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.LocalMode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.ChannelState;

/** The cost guard through local mode: its schedule fires on the shared clock and stops a channel nobody wants. */
class CostGuardSystemTest {

    private static final Duration GUARD_PERIOD = Duration.ofMinutes(5);
    private static LocalMode local;

    @BeforeAll
    static void start() throws Exception {
        // 300×: one 5-minute guard period is one real second.
        local = LocalMode.start(TestLocalModes.options().timeScale(300).env("COST_GUARD_RATE", "rate(5 minutes)").build());
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void guard_channelStartedBehindLunorasBackWithNothingDesired_isStoppedWithinOneGuardPeriod() {
        try (MediaLiveClient mediaLive = MediaLiveClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ops", "ops"))).build()) {
            var channelId = LocalMode.CHANNEL_ID;
            mediaLive.startChannel(r -> r.channelId(channelId));
            Instant startedBehindOurBack = local.clock().now();
            Await.until("the channel to run", Duration.ofSeconds(30),
                    () -> mediaLive.describeChannel(r -> r.channelId(channelId)).state() == ChannelState.RUNNING);
            Instant running = local.clock().now();

            Await.until("the cost guard to stop the channel", Duration.ofSeconds(60),
                    () -> mediaLive.describeChannel(r -> r.channelId(channelId)).state() == ChannelState.IDLE,
                    () -> mediaLive.describeChannel(r -> r.channelId(channelId)).stateAsString());
            Duration ranFor = Duration.between(running, local.clock().now());
            // A guard run lands at most one period after the channel came up; then a reconcile and a 30 s stop.
            Duration allowed = GUARD_PERIOD.plus(local.mediaLive().options().stopDuration()).plus(Duration.ofMinutes(2));
            assertThat(ranFor).as("started at %s, running at %s", startedBehindOurBack, running).isLessThanOrEqualTo(allowed);
        }
    }

    /** Issue 18: the guard runs for every managed channel, and leaves the account's other channels alone. */
    @Test
    void guard_secondManagedChannelStartedBehindLunorasBack_isStopped_anUnmanagedOneIsNotTouched() {
        LocalApi api = new LocalApi(local.webUrl());
        LocalApi.Response managed = api.put("/api/channels/6802366", "{\"managed\":true}");
        assertThat(managed.status()).as(managed.raw()).isEqualTo(200);
        try (MediaLiveClient mediaLive = MediaLiveClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ops", "ops"))).build()) {
            mediaLive.startChannel(r -> r.channelId("6802366"));
            mediaLive.startChannel(r -> r.channelId("6890857"));
            Await.until("both channels to run", Duration.ofSeconds(30),
                    () -> mediaLive.describeChannel(r -> r.channelId("6802366")).state() == ChannelState.RUNNING
                            && mediaLive.describeChannel(r -> r.channelId("6890857")).state() == ChannelState.RUNNING);

            Await.until("the cost guard to stop the managed channel", Duration.ofSeconds(60),
                    () -> mediaLive.describeChannel(r -> r.channelId("6802366")).state() == ChannelState.IDLE,
                    () -> mediaLive.describeChannel(r -> r.channelId("6802366")).stateAsString());

            assertThat(mediaLive.describeChannel(r -> r.channelId("6890857")).state()).as("not Lunora's channel").isEqualTo(ChannelState.RUNNING);
            assertThat(local.mediaLive().callLog()).noneMatch(c -> "6890857".equals(c.resourceId())
                    && c.operation() == dev.lunora.local.medialive.Operation.StopChannel);
            mediaLive.stopChannel(r -> r.channelId("6890857"));
        }
    }

    @Test
    void guard_channelPastItsMaximumRunningTime_isStoppedAndTheDestinationSaysWhy() throws Exception {
        try (LocalMode capped = LocalMode.start(TestLocalModes.options().timeScale(300)
                .env("COST_GUARD_RATE", "rate(5 minutes)").env("MAX_CHANNEL_RUNNING_MINUTES", "20").build())) {
            LocalApi api = new LocalApi(capped.webUrl());
            LocalApi.Response created = api.post("/api/destinations",
                    "{\"name\":\"Long show\",\"platform\":\"youtube\",\"stream_key\":\"long-show-key-1\"}");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String id = created.json().path("destination").path("destination_id").asText();
            assertThat(api.post("/api/destinations/" + id + "/start", null).status()).isEqualTo(202);
            Await.until("the destination to stream", Duration.ofSeconds(30),
                    () -> api.get("/api/destinations/" + id).json().path("destination").path("streaming_status").asText().equals("streaming"));

            Await.until("the guard to stop the show after its maximum running time", Duration.ofSeconds(60),
                    () -> api.get("/api/channel").json().path("channel").path("state").asText().equals("IDLE")
                            && api.get("/api/destinations/" + id).json().path("destination").path("streaming_status").asText().equals("error"),
                    () -> api.get("/api/destinations/" + id).raw());
            var d = api.get("/api/destinations/" + id).json().path("destination");
            assertThat(d.path("desired_state").asText()).isEqualTo("stopped");
            assertThat(d.path("last_error").asText()).startsWith("Stopped after 20 min running — the channel's maximum running time");
            // The guard gave up on the show (updated_at) not before the cap, and within one guard period after it. The
            // channel session opened when the show started streaming, a moment before streaming_started_at was observed.
            Instant started = capped.wiring().sessionLog().overlapping(Instant.EPOCH, capped.clock().now()).stream()
                    .filter(s -> s.isChannel()).map(s -> s.start()).min(Instant::compareTo).orElseThrow();
            Duration ran = Duration.between(started, Instant.parse(d.path("updated_at").asText()));
            assertThat(ran).isGreaterThanOrEqualTo(Duration.ofMinutes(20)).isLessThanOrEqualTo(Duration.ofMinutes(20).plus(GUARD_PERIOD).plus(Duration.ofMinutes(1)));
        }
    }

    @Test
    void guard_channelWithoutInputForINPUT_LOSS_STOP_MINUTES_isStoppedAndTheDestinationSaysWhy() throws Exception {
        try (LocalMode guarded = LocalMode.start(TestLocalModes.options().timeScale(300)
                .env("COST_GUARD_RATE", "rate(5 minutes)").env("INPUT_LOSS_STOP_MINUTES", "10").build())) {
            LocalApi api = new LocalApi(guarded.webUrl());
            LocalApi.Response created = api.post("/api/destinations",
                    "{\"name\":\"Quiet show\",\"platform\":\"youtube\",\"stream_key\":\"quiet-show-key-1\"}");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String id = created.json().path("destination").path("destination_id").asText();
            assertThat(api.post("/api/destinations/" + id + "/start", null).status()).isEqualTo(202);
            Await.until("the destination to stream", Duration.ofSeconds(30),
                    () -> api.get("/api/destinations/" + id).json().path("destination").path("streaming_status").asText().equals("streaming"));

            // OBS crashed: MediaLive raises its input-loss alert, the channel keeps running (and billing) on a slate.
            guarded.mediaLive().inputLoss(LocalMode.CHANNEL_ID);
            Instant lost = guarded.clock().now();
            Await.until("the guard to stop the channel without input", Duration.ofSeconds(60),
                    () -> api.get("/api/channel").json().path("channel").path("state").asText().equals("IDLE")
                            && api.get("/api/destinations/" + id).json().path("destination").path("streaming_status").asText().equals("error"),
                    () -> api.get("/api/destinations/" + id).raw());
            var d = api.get("/api/destinations/" + id).json().path("destination");
            assertThat(d.path("desired_state").asText()).isEqualTo("stopped");
            assertThat(d.path("last_error").asText()).isEqualTo(
                    "No signal from the encoder for 10 minutes: Lunora stopped the channel to save cost. Start again when the encoder sends.");
            Duration withoutInput = Duration.between(lost, Instant.parse(d.path("updated_at").asText()));
            assertThat(withoutInput).as("not before the limit, within one guard period after it")
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(10).minusSeconds(1))
                    .isLessThanOrEqualTo(Duration.ofMinutes(10).plus(GUARD_PERIOD).plus(Duration.ofMinutes(1)));
        }
    }
}
