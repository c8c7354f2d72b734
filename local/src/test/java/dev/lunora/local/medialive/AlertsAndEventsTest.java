package dev.lunora.local.medialive;

import static dev.lunora.local.medialive.SimulatorFixture.PROD_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.BadRequestException;
import software.amazon.awssdk.services.medialive.model.ChannelAlert;
import software.amazon.awssdk.services.medialive.model.ChannelAlertState;
import software.amazon.awssdk.services.medialive.model.ListAlertsResponse;
import software.amazon.awssdk.services.medialive.model.NotFoundException;

/**
 * The ingest model and what it raises: 6018 alerts in ListAlerts (filters, paging, clearing) and
 * EventBridge-shaped alert events, none of which may reveal a stream key.
 */
class AlertsAndEventsTest {

    private static final String YOUTUBE = "rtmp://a.rtmp.youtube.com/live2";
    private static final String TWITCH = "rtmp://live.twitch.tv/app";

    private final SimulatorFixture fixture = new SimulatorFixture();
    private final MediaLiveClient client = fixture.client;
    private final MediaLiveSimulator simulator = fixture.simulator;

    @BeforeEach
    void channelWithTwoRtmpOutputs() {
        var described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        client.updateChannel(TestChannels.withRtmpOutput(described, "youtube", YOUTUBE).build());
        described = client.describeChannel(b -> b.channelId(PROD_CHANNEL));
        client.updateChannel(TestChannels.withRtmpOutput(described, "twitch", TWITCH).build());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void run() {
        client.startChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().startDuration());
    }

    private List<ChannelAlert> alerts(String filter) {
        return client.listAlerts(b -> b.channelId(PROD_CHANNEL).stateFilter(filter)).alerts();
    }

    private static boolean revealsKey(Object text) {
        return String.valueOf(text).contains(TestChannels.STREAM_KEY);
    }

    @Test
    void listAlerts_runningWithNoRules_isEmpty() {
        run();

        assertThat(alerts("ALL")).isEmpty();
        assertThat(fixture.events(EventPublisher.ALERT)).isEmpty();
    }

    @Test
    void ingestRuleOnHost_channelRuns_raises6018ForThatOutputOnly() {
        simulator.failIngestForHost("a.rtmp.youtube.com");

        run();

        assertThat(alerts("SET")).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo("Failed RTMP Connection");
            assertThat(a.state()).isEqualTo(ChannelAlertState.SET);
            assertThat(a.pipelineId()).isEqualTo("0");
            assertThat(a.message()).contains(YOUTUBE).doesNotContain(TWITCH);
            // two 2 s updates in the set-up, then the 90 s start
            assertThat(a.setTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:01:30Z"));
            assertThat(a.clearedTimestamp()).isNull();
            assertThat(a.id()).matches("[0-9a-f]{40}");
        });
    }

    @Test
    void alerts_javaApi_matchesListAlerts() {
        simulator.failIngestForUrl(TWITCH);
        run();

        assertThat(simulator.alerts(PROD_CHANNEL)).extracting(ChannelAlertRecord::id)
                .containsExactly(alerts("ALL").get(0).id());
    }

    @Test
    void ingestRuleOnStreamKey_channelRuns_alertNeverRevealsTheKey() {
        simulator.failIngestForStreamKey(TestChannels.STREAM_KEY);

        run();

        List<ChannelAlert> set = alerts("SET");
        assertThat(set).hasSize(2);
        assertThat(set.stream().anyMatch(a -> revealsKey(a.message()))).as("an alert message reveals the key").isFalse();
        assertThat(fixture.events.stream().anyMatch(AlertsAndEventsTest::revealsKey)).as("an event reveals the key")
                .isFalse();
        assertThat(simulator.ingestRules().stream().anyMatch(AlertsAndEventsTest::revealsKey))
                .as("a rule's toString reveals the key").isFalse();
    }

    @Test
    void ingestRuleOnUrlAndPrefix_matchOnlyTheirOutputs() {
        simulator.failIngestForUrl(TWITCH);
        run();
        assertThat(alerts("SET")).singleElement().satisfies(a -> assertThat(a.message()).contains(TWITCH));

        simulator.failIngestForUrlPrefix("rtmp://a.rtmp.");
        assertThat(alerts("SET")).hasSize(2);
    }

    @Test
    void ingestRule_addedWhileRunning_raisesImmediatelyAndEmitsEvent() {
        run();

        simulator.failIngestForUrl(YOUTUBE);

        assertThat(alerts("SET")).hasSize(1);
        assertThat(fixture.events(EventPublisher.ALERT)).singleElement().satisfies(e -> {
            String arn = "arn:aws:medialive:us-west-2:000000000000:channel:" + PROD_CHANNEL;
            assertThat(e).containsEntry("source", "aws.medialive")
                    .containsEntry("detail-type", "MediaLive Channel Alert")
                    .containsEntry("resources", List.of(arn))
                    .containsKeys("id", "time", "region", "account", "version");
            Map<String, Object> detail = SimulatorFixture.detail(e);
            assertThat(detail).containsEntry("alarm_state", "SET")
                    .containsEntry("alert_type", "Failed RTMP Connection")
                    .containsEntry("pipeline", "0")
                    .containsEntry("channel_arn", arn)
                    .containsEntry("alarm_id", alerts("SET").get(0).id());
            assertThat((String) detail.get("message")).contains(YOUTUBE);
        });
    }

    @Test
    void ingestRule_removed_clearsTheAlertAndEmitsCleared() {
        IngestRule rule = simulator.failIngestForUrl(YOUTUBE);
        run();
        fixture.advance(Duration.ofSeconds(30));

        simulator.removeIngestRule(rule.id());

        assertThat(alerts("SET")).isEmpty();
        assertThat(alerts("CLEARED")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(ChannelAlertState.CLEARED);
            assertThat(a.clearedTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:02:00Z"));
        });
        assertThat(fixture.events(EventPublisher.ALERT))
                .extracting(e -> SimulatorFixture.detail(e).get("alarm_state"))
                .containsExactly("SET", "CLEARED");
    }

    @Test
    void ingestRule_sameFailureReevaluated_isNotRaisedTwice() {
        simulator.failIngestForUrl(YOUTUBE);
        run();

        simulator.failIngestForHost("a.rtmp.youtube.com");

        assertThat(alerts("ALL")).hasSize(1);
    }

    @Test
    void channelStop_clearsSetAlerts() {
        simulator.failIngestForUrl(YOUTUBE);
        run();

        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().stopDuration());

        assertThat(alerts("SET")).isEmpty();
        assertThat(alerts("ALL")).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(ChannelAlertState.CLEARED));
    }

    @Test
    void clearedAlert_afterRetention_isNoLongerListed() {
        IngestRule rule = simulator.failIngestForUrl(YOUTUBE);
        run();
        simulator.removeIngestRule(rule.id());

        fixture.advance(Duration.ofMinutes(5));

        assertThat(alerts("ALL")).isEmpty();
    }

    @Test
    void channelRestart_resetsAlertsAndReusesIdSeries() {
        IngestRule rule = simulator.failIngestForUrl(YOUTUBE);
        run();
        String firstId = alerts("SET").get(0).id();
        client.stopChannel(b -> b.channelId(PROD_CHANNEL));
        fixture.advance(SimulatorOptions.defaults().stopDuration());

        run();

        assertThat(alerts("ALL")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(ChannelAlertState.SET);
            assertThat(a.id()).isEqualTo(firstId);
        });
        simulator.removeIngestRule(rule.id());
    }

    @Test
    void listAlerts_stateFilterAbsent_listsAll() {
        IngestRule rule = simulator.failIngestForUrl(YOUTUBE);
        run();
        simulator.removeIngestRule(rule.id());
        simulator.failIngestForUrl(TWITCH);

        ListAlertsResponse all = client.listAlerts(b -> b.channelId(PROD_CHANNEL));

        assertThat(all.alerts()).extracting(ChannelAlert::state)
                .containsExactly(ChannelAlertState.CLEARED, ChannelAlertState.SET);
    }

    @Test
    void listAlerts_maxResultsOne_pagesThroughAlerts() {
        simulator.failIngestForUrlPrefix("rtmp://");
        run();

        ListAlertsResponse first = client.listAlerts(b -> b.channelId(PROD_CHANNEL).maxResults(1));
        ListAlertsResponse second = client.listAlerts(b -> b.channelId(PROD_CHANNEL).maxResults(1)
                .nextToken(first.nextToken()));

        assertThat(first.alerts()).hasSize(1);
        assertThat(second.alerts()).hasSize(1);
        assertThat(second.nextToken()).isNull();
        assertThat(second.alerts().get(0).id()).isNotEqualTo(first.alerts().get(0).id());
        assertThat(client.listAlertsPaginator(b -> b.channelId(PROD_CHANNEL).maxResults(1)).alerts()).hasSize(2);
    }

    @Test
    void listAlerts_badStateFilter_throwsBadRequest() {
        assertThatThrownBy(() -> alerts("OPEN")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void listAlerts_unknownChannel_throwsNotFound() {
        assertThatThrownBy(() -> client.listAlerts(b -> b.channelId("1"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void ingestRule_channelIdle_raisesNothing() {
        simulator.failIngestForUrl(YOUTUBE);

        assertThat(alerts("ALL")).isEmpty();
    }

    @Test
    void eventSink_callingBackIntoSimulator_doesNotDeadlock() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        simulator.addEventSink(e -> seen.add(client.describeChannel(b -> b.channelId(PROD_CHANNEL)).stateAsString()));

        run();

        assertThat(seen).containsExactly("STARTING", "RUNNING");
    }

    @Test
    void eventSink_removed_receivesNothingMore() {
        List<Map<String, Object>> seen = new java.util.ArrayList<>();
        MediaLiveEventSink sink = seen::add;
        simulator.addEventSink(sink);
        simulator.removeEventSink(sink);

        run();

        assertThat(seen).isEmpty();
        assertThat(simulator.recentEvents()).hasSize(2);
    }
}
