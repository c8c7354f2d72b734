package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.OBS_CHANNEL;
import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.BadGatewayException;
import software.amazon.awssdk.services.medialive.model.ChannelAlert;
import software.amazon.awssdk.services.medialive.model.ChannelState;
import software.amazon.awssdk.services.medialive.model.ConflictException;
import software.amazon.awssdk.services.medialive.model.ForbiddenException;
import software.amazon.awssdk.services.medialive.model.GatewayTimeoutException;
import software.amazon.awssdk.services.medialive.model.InternalServerErrorException;
import software.amazon.awssdk.services.medialive.model.MediaLiveException;
import software.amazon.awssdk.services.medialive.model.NotFoundException;
import software.amazon.awssdk.services.medialive.model.TooManyRequestsException;
import software.amazon.awssdk.services.medialive.model.UnprocessableEntityException;
import software.amazon.awssdk.services.medialive.model.BadRequestException;

/** Injected failures as the SDK sees them, plus the call log and counters tests and benchmarks read. */
class FaultInjectionTest {

    private static final Duration START = SimulatorOptions.defaults().startDuration();

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;
    private final MediaLiveSimulator simulator = fixture.simulator;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void failNextCalls_twoConflicts_failsTwoStartsThenServes() {
        simulator.failNextCalls(Operation.StartChannel, 2, ErrorType.CONFLICT, "channel resources busy");

        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("channel resources busy");
        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class);
        assertThat(client.startChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.STARTING);
    }

    @Test
    void failNextCalls_otherOperations_areUnaffected() {
        simulator.failNextCalls(Operation.StopChannel, 1, ErrorType.INTERNAL_SERVER_ERROR);

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).id()).isEqualTo(PROD_CHANNEL);
    }

    @Test
    void failNextCalls_everyErrorType_mapsToTheSdkException() {
        var expected = new java.util.LinkedHashMap<ErrorType, Class<? extends MediaLiveException>>();
        expected.put(ErrorType.BAD_REQUEST, BadRequestException.class);
        expected.put(ErrorType.FORBIDDEN, ForbiddenException.class);
        expected.put(ErrorType.NOT_FOUND, NotFoundException.class);
        expected.put(ErrorType.CONFLICT, ConflictException.class);
        expected.put(ErrorType.UNPROCESSABLE_ENTITY, UnprocessableEntityException.class);
        expected.put(ErrorType.TOO_MANY_REQUESTS, TooManyRequestsException.class);
        expected.put(ErrorType.INTERNAL_SERVER_ERROR, InternalServerErrorException.class);
        expected.put(ErrorType.BAD_GATEWAY, BadGatewayException.class);
        expected.put(ErrorType.GATEWAY_TIMEOUT, GatewayTimeoutException.class);
        expected.forEach((type, exception) -> {
            simulator.failNextCalls(Operation.DescribeChannel, 1, type);
            assertThatThrownBy(() -> client.describeChannel(b -> b.channelId(PROD_CHANNEL)))
                    .isInstanceOf(exception)
                    .satisfies(e -> assertThat(((MediaLiveException) e).statusCode()).isEqualTo(type.status()));
        });
    }

    @Test
    void failNextCalls_internalErrorWithSdkRetries_succeedsOnTheRetry() {
        simulator.failNextCalls(Operation.DescribeChannel, 1, ErrorType.INTERNAL_SERVER_ERROR);

        try (MediaLiveClient retrying = fixture.client(true)) {
            assertThat(retrying.describeChannel(b -> b.channelId(PROD_CHANNEL)).id()).isEqualTo(PROD_CHANNEL);
        }
        assertThat(simulator.callCount(Operation.DescribeChannel)).isEqualTo(2);
    }

    @Test
    void throttleRate_one_answersEveryCallWith429() {
        simulator.setThrottleRate(1.0);

        assertThatThrownBy(() -> client.listChannels(b -> { }))
                .isInstanceOf(TooManyRequestsException.class)
                .satisfies(e -> assertThat(((TooManyRequestsException) e).statusCode()).isEqualTo(429));
    }

    @Test
    void throttleRate_half_throttlesRoughlyHalfOfTheCalls() {
        simulator.setThrottleRate(0.5);
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            try {
                client.describeChannel(b -> b.channelId(PROD_CHANNEL));
            } catch (TooManyRequestsException e) {
                throttled++;
            }
        }

        assertThat(throttled).isBetween(70, 130);
    }

    @Test
    void throttleRate_outOfRange_isRejected() {
        assertThatThrownBy(() -> simulator.setThrottleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearFaults_afterThrottling_servesNormally() {
        simulator.setThrottleRate(1.0);
        simulator.failNextCalls(Operation.DescribeChannel, 3, ErrorType.BAD_GATEWAY);

        simulator.clearFaults();

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).id()).isEqualTo(PROD_CHANNEL);
    }

    @Test
    void latency_twoSeconds_callWaitsForSimulatedTime() throws Exception {
        simulator.setLatency(Operation.DescribeChannel, Duration.ofSeconds(2));
        Instant before = fixture.clock.now();

        CompletableFuture<String> call = CompletableFuture.supplyAsync(
                () -> client.describeChannel(b -> b.channelId(PROD_CHANNEL)).id());
        while (!call.isDone()) {
            fixture.advance(Duration.ofMillis(500));
            Thread.onSpinWait();
            try {
                call.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet: the call is still sleeping on the manual clock
            }
        }

        assertThat(call.get()).isEqualTo(PROD_CHANNEL);
        assertThat(simulator.callLog()).singleElement()
                .satisfies(c -> assertThat(Duration.between(before, c.time())).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void latency_otherOperation_doesNotDelay() {
        simulator.setLatency(Operation.StartChannel, Duration.ofHours(1));

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).id()).isEqualTo(PROD_CHANNEL);
    }

    @Test
    void failNextStart_channelGoesStartingThenIdleWithAlert() {
        simulator.failNextStart(PROD_CHANNEL);

        assertThat(client.startChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.STARTING);
        fixture.advance(START);

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.IDLE);
        ChannelAlert alert = client.listAlerts(b -> b.channelId(PROD_CHANNEL).stateFilter("SET")).alerts().get(0);
        assertThat(alert.alertType()).isEqualTo(FaultInjector.DEFAULT_START_ALERT);
        assertThat(alert.message()).contains("failed to start");
        assertThat(fixture.events(EventPublisher.STATE_CHANGE))
                .extracting(e -> SimulatorFixture.detail(e).get("state")).containsExactly("STARTING", "STOPPED");
        assertThat(fixture.events(EventPublisher.ALERT)).singleElement()
                .satisfies(e -> assertThat(SimulatorFixture.detail(e)).containsEntry("alarm_state", "SET"));
    }

    @Test
    void failNextStart_onlyOnce_nextStartRuns() {
        simulator.failNextStart(PROD_CHANNEL, "Custom Failure", "Custom message");
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(START);
        assertThat(client.listAlerts(b -> b.channelId(PROD_CHANNEL)).alerts().get(0).alertType())
                .isEqualTo("Custom Failure");

        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(START);

        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.RUNNING);
        assertThat(client.listAlerts(b -> b.channelId(PROD_CHANNEL)).alerts()).isEmpty();
    }

    @Test
    void stickNextStartInStarting_staysStartingUntilStopped() {
        simulator.stickNextStartInStarting(PROD_CHANNEL);

        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(Duration.ofHours(1));
        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.STARTING);

        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().stopDuration());
        assertThat(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.IDLE);
    }

    @Test
    void failNextUpdate_leavesUpdateFailedWithTheOldConfig_startRefused_nextUpdateBringsIdle() {
        String before = client.describeChannel(b -> b.channelId(PROD_CHANNEL)).name();
        simulator.failNextUpdate(PROD_CHANNEL);

        var failed = client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("renamed").roleArn(TestChannels.ROLE));

        assertThat(failed.channel().state()).isEqualTo(ChannelState.UPDATE_FAILED);
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        assertThat(described.state()).isEqualTo(ChannelState.UPDATE_FAILED);
        assertThat(described.name()).isEqualTo(before);
        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("UPDATE_FAILED");

        var retried = client.updateChannel(b -> b.channelId(PROD_CHANNEL).name("renamed").roleArn(TestChannels.ROLE));

        assertThat(retried.channel().state()).isEqualTo(ChannelState.IDLE);
        assertThat(retried.channel().name()).isEqualTo("renamed");
        assertThat(client.startChannel(b -> b.channelId(PROD_CHANNEL)).state()).isEqualTo(ChannelState.STARTING);
    }

    @Test
    void callLog_records_operationChannelTimeAndOutcome() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.startChannel(b -> b.channelId(PROD_CHANNEL)));
        client.listChannels(b -> { });

        assertThat(simulator.callLog()).extracting(CallRecord::operation, CallRecord::resourceId, CallRecord::outcome,
                        CallRecord::time)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Operation.StartChannel, PROD_CHANNEL, "200",
                                Instant.parse("2026-01-01T00:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(Operation.StartChannel, PROD_CHANNEL,
                                "409 ConflictException", Instant.parse("2026-01-01T00:00:01Z")),
                        org.assertj.core.groups.Tuple.tuple(Operation.ListChannels, null, "200",
                                Instant.parse("2026-01-01T00:00:01Z")));
        assertThat(simulator.callCount(Operation.StartChannel)).isEqualTo(2);
        assertThat(simulator.callCounters()).containsEntry(Operation.ListChannels, 1L);
    }

    @Test
    void callLog_updateWithStreamKey_masksIt() {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        client.updateChannel(TestChannels.withRtmpOutput(described, "yt", "rtmp://a.rtmp.youtube.com/live2").build());

        CallRecord update = simulator.callLog().get(1);
        assertThat(update.operation()).isEqualTo(Operation.UpdateChannel);
        assertThat(update.detail().contains(TestChannels.STREAM_KEY)).as("the call log reveals the key").isFalse();
        assertThat(update.detail()).contains("yt rtmp://a.rtmp.youtube.com/live2 ••••1234", "mediapackage mediaPackage");
    }

    @Test
    void callLog_injectedFailures_areLoggedWithTheirOutcome() {
        simulator.failNextCalls(Operation.StopChannel, 1, ErrorType.TOO_MANY_REQUESTS);

        assertThatThrownBy(() -> client.stopChannel(b -> b.channelId(OBS_CHANNEL)));

        assertThat(simulator.callLog()).singleElement()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo("429 TooManyRequestsException"));
    }

    @Test
    void resetCallLog_clearsRecordsAndCounters() {
        client.describeChannel(b -> b.channelId(PROD_CHANNEL));

        simulator.resetCallLog();

        assertThat(simulator.callLog()).isEmpty();
        assertThat(simulator.callCount(Operation.DescribeChannel)).isZero();
    }
}
