package dev.lunora.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.local.clock.ManualClock;
import dev.lunora.local.edge.AwsEdge;
import dev.lunora.local.stepfunctions.LocalLambdas;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/** The local EventBridge Scheduler through the real SDK client, on a clock moved by hand. */
class LocalSchedulerTest {

    private static final String TARGET = "arn:aws:lambda:us-west-2:000000000000:function:lunora-Probe";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<Object> calls = new CopyOnWriteArrayList<>();
    private AwsEdge edge;
    private LocalScheduler scheduler;
    private SchedulerClient client;

    @BeforeEach
    void start() throws Exception {
        LocalLambdas lambdas = new LocalLambdas().register("lunora-Probe", payload -> {
            calls.add(payload);
            return Map.of();
        });
        scheduler = new LocalScheduler(clock, lambdas, "us-west-2", "000000000000");
        edge = new AwsEdge(0);
        edge.register(LocalScheduler.SIGNING_NAME, scheduler);
        client = SchedulerClient.builder().endpointOverride(edge.endpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
    }

    @AfterEach
    void stop() {
        client.close();
        edge.close();
        scheduler.close();
    }

    private void create(String name, String expression, String zone, ActionAfterCompletion after) {
        client.createSchedule(r -> r.groupName("lunora").name(name).scheduleExpression(expression).scheduleExpressionTimezone(zone)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).actionAfterCompletion(after)
                .target(t -> t.arn(TARGET).roleArn("arn:aws:iam::000000000000:role/s").input("{\"n\":\"" + name + "\"}")));
    }

    private void awaitCalls(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (calls.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(calls).hasSize(n);
    }

    @Test
    void rate_firesTheTargetEachPeriodOnTheSharedClock() throws Exception {
        create("guard", "rate(5 minutes)", "UTC", ActionAfterCompletion.NONE);
        assertThat(clock.pendingDueTimes()).containsExactly(Instant.parse("2026-11-24T10:05:00Z"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(calls).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        awaitCalls(1);
        assertThat(calls.get(0)).isEqualTo(Map.of("n", "guard"));
        clock.advance(Duration.ofMinutes(5));
        awaitCalls(2);
    }

    @Test
    void at_firesOnceInItsZone_thenDeletesItself() throws Exception {
        // 12:00 in Paris is 11:00Z, an hour after the clock's start.
        create("once", "at(2026-11-24T12:00:00)", "Europe/Paris", ActionAfterCompletion.DELETE);
        assertThat(client.getSchedule(r -> r.groupName("lunora").name("once")).scheduleExpressionTimezone()).isEqualTo("Europe/Paris");
        assertThat(clock.pendingDueTimes()).containsExactly(Instant.parse("2026-11-24T11:00:00Z"));
        clock.advance(Duration.ofMinutes(59));
        assertThat(calls).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        awaitCalls(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!client.listSchedules(r -> r.groupName("lunora")).schedules().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThatThrownBy(() -> client.getSchedule(r -> r.groupName("lunora").name("once"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void api_listsDeletesAndRefusesLikeTheService() {
        create("a", "cron(55 18 ? * SUN *)", "America/New_York", ActionAfterCompletion.NONE);
        assertThatThrownBy(() -> create("a", "cron(55 18 ? * SUN *)", "UTC", ActionAfterCompletion.NONE)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> create("b", "cron(55 18 * * SUN *)", "UTC", ActionAfterCompletion.NONE))
                .isInstanceOf(ValidationException.class).hasMessageContaining("exactly one of day-of-month");
        List<ScheduleSummary> listed = client.listSchedules(r -> r.groupName("lunora")).schedules();
        assertThat(listed).extracting(ScheduleSummary::name).containsExactly("a");
        assertThat(listed.get(0).target().arn()).isEqualTo(TARGET);
        assertThat(client.listSchedules(r -> r.groupName("other")).schedules()).isEmpty();
        client.deleteSchedule(r -> r.groupName("lunora").name("a"));
        assertThatThrownBy(() -> client.deleteSchedule(r -> r.groupName("lunora").name("a"))).isInstanceOf(ResourceNotFoundException.class);
    }
}
