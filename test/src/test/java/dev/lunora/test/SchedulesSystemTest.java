package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lunora.local.LocalMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Schedules through local mode: the HTTP API, the SDK adapter, the local EventBridge Scheduler firing the
 * scheduled-action handler on the shared clock, the reconcile workflow and the simulated channel; then the usage
 * report over the sessions that run left behind.
 */
class SchedulesSystemTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static LocalMode local;
    private static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        // 60×: a 90 s channel start takes 1.5 s; a schedule a few minutes out fires in seconds. The guard is slowed
        // down so its reconciles do not crowd the one under test on a busy machine (CostGuardSystemTest covers it).
        local = LocalMode.start(TestLocalModes.options().timeScale(60).env("COST_GUARD_RATE", "rate(1 hour)").build());
        api = new LocalApi(local.webUrl());
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String createDestination(String name) {
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(body("name", name, "platform", "youtube", "stream_key", "sched-key-0001")));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().path("destination").path("destination_id").asText();
    }

    private static String at(Instant instant) {
        // Always with seconds: LocalDateTime.toString() drops ":00", which Scheduler's at() refuses.
        return "at(" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(LocalDateTime.ofInstant(instant, PARIS)) + ")";
    }

    private static JsonNode destination(String id) {
        return api.get("/api/destinations/" + id).json().path("destination");
    }

    private static String channelState() {
        return api.get("/api/channel").json().path("channel").path("state").asText();
    }

    @Test
    void schedule_startsAndLaterStopsADestination_withNoClick_andUsageMatchesTheSessions() {
        String id = createDestination("Scheduled show");
        Instant now = local.clock().now();
        LocalApi.Response start = api.post("/api/schedules", LocalApi.json(body("destination_id", id, "action", "start",
                "expression", at(now.plus(Duration.ofMinutes(3))), "time_zone", "Europe/Paris")));
        assertThat(start.status()).as(start.raw()).isEqualTo(201);
        assertThat(start.json().path("schedule").path("name").asText()).startsWith(id + "-start-");
        assertThat(start.json().path("schedule").path("next_run").asText()).isNotEmpty();
        LocalApi.Response listed = api.get("/api/schedules?destination_id=" + id);
        assertThat(listed.json().path("schedules").findValuesAsText("action")).containsExactly("start");

        Await.until("the scheduled start to run the channel and stream", Duration.ofSeconds(60),
                () -> channelState().equals("RUNNING") && destination(id).path("streaming_status").asText().equals("streaming"),
                () -> channelState() + " / " + destination(id));
        // The stop is scheduled once the show is on, so a slow machine cannot make it overtake the start.
        LocalApi.Response stop = api.post("/api/schedules", LocalApi.json(body("destination_id", id, "action", "stop",
                "expression", at(local.clock().now().plus(Duration.ofMinutes(5))), "time_zone", "Europe/Paris")));
        assertThat(stop.status()).as(stop.raw()).isEqualTo(201);
        assertThat(api.get("/api/schedules?destination_id=" + id).json().path("schedules").findValuesAsText("action")).containsExactly("stop");
        Await.until("the scheduled stop to idle the channel", Duration.ofSeconds(60),
                () -> channelState().equals("IDLE") && destination(id).path("streaming_status").asText().equals("ready"),
                () -> channelState() + " / " + destination(id));
        assertThat(destination(id).path("desired_state").asText()).isEqualTo("stopped");
        // One-off schedules remove themselves once they have fired, as ActionAfterCompletion=DELETE does in AWS.
        Await.until("fired one-off schedules to be gone", Duration.ofSeconds(10),
                () -> api.get("/api/schedules?destination_id=" + id).json().path("count").asInt() == 0);

        // Usage: the report must add up to exactly what the sessions table holds, once the run has closed them all.
        Await.until("the reconcile to close every session", Duration.ofSeconds(30),
                () -> local.wiring().dynamoDb().scan(r -> r.tableName("lunora-sessions")).items().stream()
                        .noneMatch(item -> item.get("started_at").s().equals("open")));
        double destSeconds = 0;
        double channelSeconds = 0;
        for (Map<String, AttributeValue> item : local.wiring().dynamoDb().scan(r -> r.tableName("lunora-sessions")).items()) {
            assertThat(item.get("started_at").s()).as("every session is closed after the stop").isNotEqualTo("open");
            double seconds = Duration.between(Instant.parse(item.get("started_at").s()), Instant.parse(item.get("ended_at").s())).toMillis() / 1000.0;
            if (item.get("subject").s().equals(id)) {
                destSeconds += seconds;
            } else if (item.get("subject").s().startsWith("channel#")) {
                channelSeconds += seconds;
            }
        }
        assertThat(destSeconds).as("the destination streamed for a while").isGreaterThan(60);
        assertThat(channelSeconds).isGreaterThanOrEqualTo(destSeconds);
        LocalDate today = LocalDate.ofInstant(local.clock().now(), ZoneOffset.UTC);
        LocalApi.Response usage = api.get("/api/usage?from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
        assertThat(usage.status()).as(usage.raw()).isEqualTo(200);
        JsonNode u = usage.json().path("usage");
        assertThat(u.path("totals").path("channel_seconds").asDouble()).isCloseTo(channelSeconds, within(0.01));
        JsonNode row = null;
        for (JsonNode d : u.path("destinations")) {
            if (d.path("destination_id").asText().equals(id)) {
                row = d;
            }
        }
        assertThat(row).as(u.toString()).isNotNull();
        assertThat(row.path("name").asText()).isEqualTo("Scheduled show");
        assertThat(row.path("streaming_seconds").asDouble()).isCloseTo(destSeconds, within(0.01));
        double rate = u.path("hourly_rate_usd").asDouble();
        assertThat(rate).isCloseTo(0.996, within(1e-9));
        assertThat(u.path("rate_source").asText()).contains("aws.amazon.com");
        assertThat(u.path("totals").path("estimated_cost_usd").asDouble()).isCloseTo(Math.round(channelSeconds / 3600 * rate * 100) / 100.0, within(0.006));
        double daysSum = 0;
        for (JsonNode day : u.path("days")) {
            daysSum += day.path("channel_seconds").asDouble();
        }
        assertThat(u.path("days")).hasSize(3);
        assertThat(daysSum).isCloseTo(channelSeconds, within(0.01));
    }

    @Test
    void create_badInput_refusedWithPreciseFieldAndMessage() {
        String id = createDestination("Refusals");
        record Case(Map<String, Object> body, String field, String message) {
        }
        String later = at(local.clock().now().plus(Duration.ofDays(2)));
        for (Case c : new Case[] {
                new Case(body("destination_id", id, "action", "start", "expression", "cron(55 18 * * SUN *)", "time_zone", "UTC"),
                        "expression", "'?' in exactly one of day-of-month"),
                new Case(body("destination_id", id, "action", "start", "expression", "cron(0 18 ? * 2#1 *)", "time_zone", "UTC"),
                        "expression", "L, W or #"),
                new Case(body("destination_id", id, "action", "start", "expression", "rate(1 minutes)", "time_zone", "UTC"),
                        "expression", "rate(1 minute)"),
                new Case(body("destination_id", id, "action", "start", "expression", "every sunday", "time_zone", "UTC"),
                        "expression", "Unknown expression"),
                new Case(body("destination_id", id, "action", "start", "expression", "at(2020-01-01T10:00:00)", "time_zone", "UTC"),
                        "expression", "in the past"),
                new Case(body("destination_id", "dest_nope", "action", "start", "expression", later, "time_zone", "UTC"),
                        "destination_id", "No destination with id 'dest_nope'"),
                new Case(body("destination_id", id, "action", "start", "expression", later, "time_zone", "Mars/Olympus"),
                        "time_zone", "Unknown time zone 'Mars/Olympus'"),
                new Case(body("destination_id", id, "action", "pause", "expression", later, "time_zone", "UTC"),
                        "action", "Unknown action 'pause'")}) {
            LocalApi.Response r = api.post("/api/schedules", LocalApi.json(c.body()));
            assertThat(r.status()).as(r.raw()).isEqualTo(400);
            assertThat(r.json().path("status").asText()).isEqualTo("error");
            assertThat(r.error()).isEqualTo("validation_error");
            assertThat(r.field()).as(r.raw()).isEqualTo(c.field());
            assertThat(r.json().path("message").asText()).contains(c.message());
        }

        LocalApi.Response weekly = api.post("/api/schedules", LocalApi.json(body("destination_id", id, "action", "start",
                "expression", "cron(55 18 ? * SUN *)", "time_zone", "America/New_York")));
        assertThat(weekly.status()).as(weekly.raw()).isEqualTo(201);
        String name = weekly.json().path("schedule").path("name").asText();
        Instant next = Instant.parse(weekly.json().path("schedule").path("next_run").asText());
        assertThat(next.atZone(ZoneId.of("America/New_York")).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
        assertThat(next.atZone(ZoneId.of("America/New_York")).toLocalTime()).isEqualTo(java.time.LocalTime.of(18, 55));
        LocalApi.Response twin = api.post("/api/schedules", LocalApi.json(body("destination_id", id, "action", "start",
                "expression", "cron(55 18 ? * SUN *)", "time_zone", "America/New_York")));
        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.error()).isEqualTo("schedule_exists");

        assertThat(api.delete("/api/schedules/" + name).status()).isEqualTo(200);
        assertThat(api.delete("/api/schedules/" + name).status()).isEqualTo(404);

        // Deleting the destination takes its schedules with it.
        assertThat(api.post("/api/schedules", LocalApi.json(body("destination_id", id, "action", "start",
                "expression", "cron(55 18 ? * SUN *)", "time_zone", "UTC"))).status()).isEqualTo(201);
        LocalApi.Response deleted = api.delete("/api/destinations/" + id);
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.json().path("schedules_deleted").asInt()).isEqualTo(1);
        assertThat(api.get("/api/schedules?destination_id=" + id).json().path("schedules").size()).isZero();
        assertThat(api.get("/api/usage?from=2026-13-01").field()).isEqualTo("from");
        assertThat(api.get("/api/usage?from=2026-11-02&to=2026-11-01").status()).isEqualTo(400);
    }
}
