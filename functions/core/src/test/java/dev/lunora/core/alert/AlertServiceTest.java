package dev.lunora.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.alert.ChannelAlert.AlarmState;
import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.preset.Preset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alerts to destination health: mapping by output name, messages per alert type, order, clearing. */
class AlertServiceTest {

    private static final String CHANNEL = "3714710";
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");

    private final InMemoryDestinationStore store = new InMemoryDestinationStore();
    private final Channel channel = new Channel();
    private Instant now = T0.plusSeconds(600);
    private final AlertService service = new AlertService(store, channel, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private final InputSignals signals = new InputSignals();
    private final AlertService withSignals = new AlertService(store, channel, signals, Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));

    private Destination given(String id, Platform platform) {
        Destination d = Destination.builder(id, platform).name(id).channelId(CHANNEL).rtmpUrl("rtmp://ingest.example.com/app")
                .streamKeyParam("/k/" + id).desiredState(DesiredState.STREAMING).version(1).build();
        store.given(d);
        return d;
    }

    private static ChannelAlert alert(AlarmState state, String alertId, String type, String pipeline, String outputName, Instant at) {
        return new ChannelAlert(CHANNEL, state, alertId, type, pipeline,
                "RTMP output [" + outputName + "] failed to connect to [rtmp://ingest.example.com/app]: the server rejected the stream key.", at);
    }

    private static ChannelAlert refused(AlarmState state, String alertId, String destinationId, Instant at) {
        return alert(state, alertId, "Failed RTMP Connection", "0", "lunora-" + destinationId, at);
    }

    private Destination stored(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void apply_failedRtmpConnection_marksTheNamedDestinationFailingWithItsPlatformsAdvice() {
        given("yt", Platform.YOUTUBE);
        given("tw", Platform.TWITCH);

        assertThat(service.apply(refused(AlarmState.SET, "a1", "yt", T0))).contains("yt");

        assertThat(stored("yt").health()).isEqualTo("failing");
        assertThat(stored("yt").healthMessage()).startsWith("YouTube refused the connection or the stream key")
                .contains("YouTube Studio").contains("URL");
        assertThat(stored("tw").health()).isNull();
        assertThat(stored("tw").healthMessage()).isNull();
    }

    @Test
    void apply_alertNamingNoLunoraOutput_ignored() {
        given("yt", Platform.YOUTUBE);

        assertThat(service.apply(alert(AlarmState.SET, "a1", "Failed RTMP Connection", "0", "someone-elses-output", T0))).isEmpty();
        assertThat(service.apply(alert(AlarmState.SET, "a2", "Failed RTMP Connection", "0", "lunora-unknown", T0))).isEmpty();

        assertThat(stored("yt").health()).isNull();
    }

    @Test
    void apply_idThatPrefixesAnother_matchesTheWholeOutputName() {
        given("yt", Platform.YOUTUBE);
        given("yt2", Platform.TWITCH);

        service.apply(refused(AlarmState.SET, "a1", "yt2", T0));

        assertThat(stored("yt2").health()).isEqualTo("failing");
        assertThat(stored("yt").health()).isNull();
    }

    @Test
    void apply_eachRtmpAlertType_hasItsOwnAdvice() {
        given("yt", Platform.YOUTUBE);
        given("tw", Platform.TWITCH);
        given("fb", Platform.FACEBOOK);
        given("own", Platform.CUSTOM);
        given("li", Platform.LINKEDIN);

        service.apply(alert(AlarmState.SET, "a1", "Failed to Create Output File or Socket", "0", "lunora-yt", T0));
        service.apply(alert(AlarmState.SET, "a2", "Failed to Write to Output", "0", "lunora-tw", T0));
        service.apply(alert(AlarmState.SET, "a3", "Failed to Validate Certificate Chain When Publishing", "0", "lunora-fb", T0));
        service.apply(alert(AlarmState.SET, "a4", "Failed RTMP Connection", "0", "lunora-own", T0));
        service.apply(alert(AlarmState.SET, "a5", "Output Group is Paused", "0", "lunora-li", T0));

        assertThat(stored("yt").healthMessage()).startsWith("MediaLive could not open a connection to YouTube's ingest server")
                .contains("check the URL");
        assertThat(stored("tw").healthMessage()).startsWith("The connection to Twitch keeps dropping");
        assertThat(stored("fb").healthMessage()).startsWith("Facebook presented a certificate MediaLive could not verify")
                .contains("rtmps://");
        assertThat(stored("own").healthMessage()).startsWith("The RTMP server refused the connection or the stream key")
                .contains("your streaming server's settings");
        assertThat(stored("li").healthMessage()).contains("\"Output Group is Paused\"").contains("MediaLive console");
        assertThat(List.of("yt", "tw", "fb", "own", "li")).allSatisfy(id -> assertThat(stored(id).health()).isEqualTo("failing"));
    }

    @Test
    void apply_messageNeverQuotesMediaLive_soAKeyInACustomUrlStaysOut() {
        given("own", Platform.CUSTOM);

        service.apply(new ChannelAlert(CHANNEL, AlarmState.SET, "a1", "Failed RTMP Connection", "0",
                "RTMP output [lunora-own] failed to connect to [rtmp://host/app/secret-key-123]: refused.", T0));

        assertThat(stored("own").healthMessage().contains("secret-key-123")).isFalse();
    }

    @Test
    void apply_onePipelineOfTwo_degraded_bothFailing() {
        channel.pipelines = 2;
        given("yt", Platform.YOUTUBE);

        service.apply(alert(AlarmState.SET, "a1", "Failed RTMP Connection", "1", "lunora-yt", T0));
        assertThat(stored("yt").health()).isEqualTo("degraded");
        assertThat(stored("yt").healthMessage()).startsWith("One of the channel's two pipelines").contains("YouTube Studio");

        service.apply(alert(AlarmState.SET, "a2", "Failed RTMP Connection", "0", "lunora-yt", T0.plusSeconds(1)));
        assertThat(stored("yt").health()).isEqualTo("failing");

        service.apply(alert(AlarmState.CLEARED, "a2", "Failed RTMP Connection", "0", "lunora-yt", T0.plusSeconds(2)));
        assertThat(stored("yt").health()).isEqualTo("degraded");
    }

    @Test
    void apply_cleared_backToOkWithoutMessage() {
        given("yt", Platform.YOUTUBE);
        service.apply(refused(AlarmState.SET, "a1", "yt", T0));

        service.apply(refused(AlarmState.CLEARED, "a1", "yt", T0.plusSeconds(30)));

        assertThat(stored("yt").health()).isEqualTo("ok");
        assertThat(stored("yt").healthMessage()).isNull();
    }

    @Test
    void apply_clearOfOneAlertWhileAnotherIsSet_staysFailingWithTheOther() {
        given("yt", Platform.YOUTUBE);
        service.apply(refused(AlarmState.SET, "a1", "yt", T0));
        service.apply(alert(AlarmState.SET, "a2", "Failed to Write to Output", "0", "lunora-yt", T0.plusSeconds(5)));

        service.apply(alert(AlarmState.CLEARED, "a2", "Failed to Write to Output", "0", "lunora-yt", T0.plusSeconds(10)));

        assertThat(stored("yt").health()).isEqualTo("failing");
        assertThat(stored("yt").healthMessage()).startsWith("YouTube refused");
    }

    @Test
    void apply_olderEventArrivingLate_changesNothing() {
        given("yt", Platform.YOUTUBE);
        service.apply(refused(AlarmState.SET, "a1", "yt", T0));
        service.apply(refused(AlarmState.CLEARED, "a1", "yt", T0.plusSeconds(30)));

        service.apply(refused(AlarmState.SET, "a1", "yt", T0));

        assertThat(stored("yt").health()).isEqualTo("ok");
    }

    @Test
    void apply_clearArrivingBeforeItsSet_setIgnored() {
        given("yt", Platform.YOUTUBE);

        service.apply(refused(AlarmState.CLEARED, "a1", "yt", T0.plusSeconds(30)));
        service.apply(refused(AlarmState.SET, "a1", "yt", T0));

        assertThat(stored("yt").health()).isEqualTo("ok");
    }

    @Test
    void apply_writesHealthOnly_neverTheVersion() {
        given("yt", Platform.YOUTUBE);

        service.apply(refused(AlarmState.SET, "a1", "yt", T0));

        assertThat(stored("yt").version()).isEqualTo(1);
        assertThat(stored("yt").desiredState()).isEqualTo(DesiredState.STREAMING);
    }

    @Test
    void applyCurrentAlerts_runningChannel_surfacesSetAlertsAndClearsTheRest() {
        given("yt", Platform.YOUTUBE);
        given("tw", Platform.TWITCH);
        service.apply(refused(AlarmState.SET, "old", "tw", T0));
        channel.state = ChannelState.RUNNING;
        channel.alerts.add(refused(AlarmState.SET, "a1", "yt", T0.plusSeconds(300)));

        assertThat(service.applyCurrentAlerts(CHANNEL)).isEqualTo(1);

        assertThat(stored("yt").health()).isEqualTo("failing");
        assertThat(stored("yt").healthMessage()).startsWith("YouTube refused");
        assertThat(stored("tw").health()).isEqualTo("ok");
    }

    @Test
    void applyCurrentAlerts_idleChannel_clearsWithoutListing() {
        given("yt", Platform.YOUTUBE);
        service.apply(refused(AlarmState.SET, "a1", "yt", T0));
        channel.state = ChannelState.IDLE;

        service.applyCurrentAlerts(CHANNEL);

        assertThat(stored("yt").health()).isEqualTo("ok");
        assertThat(channel.listed).isZero();
    }

    @Test
    void applyCurrentAlerts_healthyDestinationsNeverSeenAlerting_leftAlone() {
        given("yt", Platform.YOUTUBE);
        channel.state = ChannelState.RUNNING;

        service.applyCurrentAlerts(CHANNEL);

        assertThat(stored("yt").health()).isNull();
    }

    @Test
    void apply_eventAfterNewerListAlertsRead_ignored() {
        given("yt", Platform.YOUTUBE);
        channel.state = ChannelState.RUNNING;
        channel.alerts.add(refused(AlarmState.SET, "a1", "yt", T0));
        service.applyCurrentAlerts(CHANNEL);

        service.apply(refused(AlarmState.CLEARED, "a0", "yt", now.minusSeconds(60)));

        assertThat(stored("yt").health()).isEqualTo("failing");
    }

    @Test
    void channelIdOf_arn_lastPart() {
        assertThat(ChannelAlert.channelIdOf("arn:aws:medialive:us-west-2:000000000000:channel:3714710")).isEqualTo("3714710");
    }

    /** A channel whose state, pipelines and alerts a test sets. */
    private static ChannelAlert inputLoss(AlarmState state, String alertId, String type, String pipeline, Instant at) {
        return new ChannelAlert(CHANNEL, state, alertId, type, pipeline, "RTMP input [live/obs] has no audio or video.", at);
    }

    @Test
    void apply_rtmpHasNoAudioVideo_marksTheChannelsInputLostSinceTheAlert_notADestination() {
        given("yt", Platform.YOUTUBE);

        assertThat(withSignals.apply(inputLoss(AlarmState.SET, "i1", "RTMP Has No Audio/Video", "0", T0.plusMillis(700)))).isEmpty();

        assertThat(signals.lost).containsEntry(CHANNEL, T0);
        assertThat(stored("yt").health()).as("input loss is the channel's, not an output's").isNull();
    }

    @Test
    void apply_inputLossCleared_unmarksWhenNoOtherInputLossAlertIsSet() {
        withSignals.apply(inputLoss(AlarmState.SET, "i1", "RTMP Has No Audio/Video", "0", T0));
        ChannelAlert videoToo = inputLoss(AlarmState.SET, "i2", "Video Not Detected", "0", T0.plusSeconds(1));
        withSignals.apply(videoToo);
        channel.alerts.add(videoToo);

        withSignals.apply(inputLoss(AlarmState.CLEARED, "i1", "RTMP Has No Audio/Video", "0", T0.plusSeconds(5)));
        assertThat(signals.lost).as("Video Not Detected is still set").containsEntry(CHANNEL, T0);

        channel.alerts.clear();
        withSignals.apply(inputLoss(AlarmState.CLEARED, "i2", "Video Not Detected", "0", T0.plusSeconds(6)));
        assertThat(signals.lost).doesNotContainKey(CHANNEL);
    }

    @Test
    void apply_audioNotDetectedAlone_isNotALostSignal() {
        withSignals.apply(inputLoss(AlarmState.SET, "i1", "Audio Not Detected", "0", T0));
        assertThat(signals.lost).isEmpty();
    }

    @Test
    void applyCurrentAlerts_reconcilesTheInputSignalWithListAlerts() {
        channel.alerts.add(inputLoss(AlarmState.SET, "i1", "RTMP Has No Audio/Video", "0", T0));
        withSignals.applyCurrentAlerts(CHANNEL);
        assertThat(signals.lost).as("a missed SET event").containsEntry(CHANNEL, T0);

        channel.alerts.clear();
        withSignals.applyCurrentAlerts(CHANNEL);
        assertThat(signals.lost).as("a missed CLEARED event").isEmpty();

        signals.lost.put(CHANNEL, T0);
        channel.state = ChannelState.IDLE;
        withSignals.applyCurrentAlerts(CHANNEL);
        assertThat(signals.lost).as("a channel that stopped has no input to lose").isEmpty();
    }

    /** The channel items' input signal; the lock and generation are not used by alerts. */
    private static final class InputSignals implements dev.lunora.core.ports.ChannelCoordination {
        final java.util.Map<String, Instant> lost = new java.util.HashMap<>();

        @Override
        public void recordInputSignalLost(String channelId, Instant at) {
            lost.putIfAbsent(channelId, at);
        }

        @Override
        public void clearInputSignalLost(String channelId) {
            lost.remove(channelId);
        }

        @Override
        public java.util.Optional<Instant> inputSignalLostAt(String channelId) {
            return java.util.Optional.ofNullable(lost.get(channelId));
        }

        @Override
        public RequestGeneration bumpGeneration(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long generation(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean tryAcquire(String channelId, String owner, Instant now, java.time.Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(String channelId, String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean releaseUnlessNewerRequests(String channelId, String owner, long seenGeneration) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordProgress(String channelId, Progress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<Status> status(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.lunora.core.channel.DeliveryMode deliveryMode(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setDeliveryMode(String channelId, dev.lunora.core.channel.DeliveryMode mode) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Channel implements ChannelControl {
        ChannelState state = ChannelState.RUNNING;
        int pipelines = 1;
        final List<ChannelAlert> alerts = new ArrayList<>();
        int listed;

        @Override
        public ChannelView describe(String channelId) {
            return new ChannelView(channelId, state, pipelines, List.of(), false);
        }

        @Override
        public void start(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String channelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyOutputs(String channelId, List<ResolvedOutput> outputs, List<Preset> presets) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChannelAlert> alerts(String channelId) {
            listed++;
            return List.copyOf(alerts);
        }

        @Override
        public java.util.Optional<dev.lunora.core.channel.Thumbnail> thumbnail(String channelId) {
            return java.util.Optional.empty();
        }
    }
}
