package dev.lunora.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.BackupIngest;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ChannelPlannerTest {

    private static final String CHANNEL = "3714710";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private int created;

    /** A destination on the test channel; streaming ones want to stream. */
    private Destination.Builder destination(String id, Platform platform) {
        return Destination.builder(id, platform)
                .name(id)
                .rtmpUrl(platform.pushesRtmp() ? platform.defaultIngestUrl().orElse("rtmp://ingest.example.com/live") : null)
                .streamKeyParam(platform.pushesRtmp() ? "/keys/" + id : null)
                .presetId("p720")
                .channelId(CHANNEL)
                .createdAt(T0.plusSeconds(created++));
    }

    private Destination wanting(String id, Platform platform) {
        return destination(id, platform).desiredState(DesiredState.STREAMING).build();
    }

    private static ChannelView channel(ChannelState state, ChannelView.OutputOnChannel... outputs) {
        return new ChannelView(CHANNEL, state, 1, List.of(outputs), true);
    }

    private static ChannelView.OutputOnChannel on(Destination d) {
        return new ChannelView.OutputOnChannel(d.destinationId(), d.rtmpUrl(), d.presetId());
    }

    @Test
    void plan_firstStartOnIdleChannel_appliesOneOutputThenWouldStart() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE));
        assertThat(plan.next()).isEqualTo(NextStep.APPLY_OUTPUTS);
        assertThat(plan.outputs()).containsExactly(new OutputSpec("yt", "rtmp://a.rtmp.youtube.com/live2", "/keys/yt", "p720"));
        assertThat(plan.shouldRun()).isTrue();
        assertThat(plan.outputsDiffer()).isTrue();
    }

    @Test
    void plan_outputsInPlaceOnIdleChannel_startsChannel() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE, on(yt))).next()).isEqualTo(NextStep.START_CHANNEL);
    }

    @Test
    void plan_everythingStreaming_isDone() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        Destination tw = wanting("tw", Platform.TWITCH);
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt, tw), channel(ChannelState.RUNNING, on(tw), on(yt)));
        assertThat(plan.next()).as("output order on the channel does not matter").isEqualTo(NextStep.DONE);
        assertThat(plan.onChannel()).containsExactly("tw", "yt");
    }

    @Test
    void plan_addWhileAnotherIsLive_stopsForUpdateAndNamesWhoIsInterrupted() {
        Destination yt = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING).build();
        Destination tw = wanting("tw", Platform.TWITCH);
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt, tw), channel(ChannelState.RUNNING, on(yt)));
        assertThat(plan.next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
        assertThat(plan.interrupted()).containsExactly("yt");
        assertThat(plan.outputs()).extracting(OutputSpec::destinationId).containsExactly("yt", "tw");
    }

    @Test
    void plan_stopOneOfTwo_stopsForUpdateKeepingTheOther() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        Destination tw = destination("tw", Platform.TWITCH).desiredState(DesiredState.STOPPED).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt, tw), channel(ChannelState.RUNNING, on(yt), on(tw)));
        assertThat(plan.next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
        assertThat(plan.outputs()).extracting(OutputSpec::destinationId).containsExactly("yt");
        assertThat(plan.shouldRun()).isTrue();
    }

    @Test
    void plan_stopTheLastOne_stopsChannelThenRemovesOutputWhileIdle() {
        Destination yt = destination("yt", Platform.YOUTUBE).build();
        ChannelPlan running = ChannelPlanner.plan(List.of(yt), channel(ChannelState.RUNNING, on(yt)));
        assertThat(running.next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
        assertThat(running.shouldRun()).isFalse();
        ChannelPlan idle = ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE, on(yt)));
        assertThat(idle.next()).isEqualTo(NextStep.APPLY_OUTPUTS);
        assertThat(idle.outputs()).isEmpty();
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE)).next()).isEqualTo(NextStep.DONE);
    }

    @Test
    void plan_runningWithNothingWanted_stopsChannel() {
        assertThat(ChannelPlanner.plan(List.of(destination("yt", Platform.YOUTUBE).build()), channel(ChannelState.RUNNING)).next())
                .isEqualTo(NextStep.STOP_CHANNEL);
        assertThat(ChannelPlanner.plan(List.of(), channel(ChannelState.RUNNING)).next()).isEqualTo(NextStep.STOP_CHANNEL);
    }

    @Test
    void plan_hlsAlone_runsChannelWithoutRtmpOutput() {
        Destination hls = wanting("hls", Platform.HLS);
        ChannelPlan idle = ChannelPlanner.plan(List.of(hls), channel(ChannelState.IDLE));
        assertThat(idle.outputs()).isEmpty();
        assertThat(idle.shouldRun()).isTrue();
        assertThat(idle.next()).isEqualTo(NextStep.START_CHANNEL);
        assertThat(ChannelPlanner.plan(List.of(hls), channel(ChannelState.RUNNING)).next()).isEqualTo(NextStep.DONE);
    }

    @Test
    void plan_hlsAndRtmp_rtmpOutputOnlyForRtmp() {
        ChannelPlan plan = ChannelPlanner.plan(List.of(wanting("hls", Platform.HLS), wanting("yt", Platform.YOUTUBE)), channel(ChannelState.IDLE));
        assertThat(plan.outputs()).extracting(OutputSpec::destinationId).containsExactly("yt");
    }

    @Test
    void plan_disabledDestinationWantingToStream_isNeverStartedAndSaysWhy() {
        Destination off = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING).enabled(false).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(off), channel(ChannelState.IDLE));
        assertThat(plan.outputs()).isEmpty();
        assertThat(plan.shouldRun()).isFalse();
        assertThat(plan.next()).isEqualTo(NextStep.DONE);
        assertThat(plan.cannotStream()).singleElement().satisfies(r -> {
            assertThat(r.destinationId()).isEqualTo("yt");
            assertThat(r.reason()).contains("disabled");
        });
    }

    @Test
    void plan_disabledWhileStreaming_removesItsOutput() {
        Destination off = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING).enabled(false).build();
        Destination tw = wanting("tw", Platform.TWITCH);
        ChannelPlan plan = ChannelPlanner.plan(List.of(off, tw), channel(ChannelState.RUNNING, on(off), on(tw)));
        assertThat(plan.next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
        assertThat(plan.outputs()).extracting(OutputSpec::destinationId).containsExactly("tw");
    }

    @Test
    void plan_missingKey_isRefusedWithReason() {
        Destination noKey = destination("yt", Platform.YOUTUBE).streamKeyParam(null).desiredState(DesiredState.STREAMING).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(noKey), channel(ChannelState.IDLE));
        assertThat(plan.outputs()).isEmpty();
        assertThat(plan.cannotStream()).extracting(ChannelPlan.Refusal::reason).singleElement().asString().contains("no stream key");
    }

    @Test
    void plan_deletedDestinationOutputStillOnChannel_isRemoved() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        ChannelView.OutputOnChannel orphan = new ChannelView.OutputOnChannel("gone", "rtmp://old.example.com/live", "p720");
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), channel(ChannelState.RUNNING, on(yt), orphan));
        assertThat(plan.next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
        assertThat(plan.outputs()).extracting(OutputSpec::destinationId).containsExactly("yt");
    }

    @Test
    void plan_urlOrPresetChangedOnLiveDestination_updates() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        ChannelView.OutputOnChannel oldUrl = new ChannelView.OutputOnChannel("yt", "rtmp://b.rtmp.youtube.com/live2", "p720");
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.RUNNING, oldUrl)).next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
        ChannelView.OutputOnChannel oldPreset = new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), "p1080");
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.RUNNING, oldPreset)).next()).isEqualTo(NextStep.STOP_FOR_UPDATE);
    }

    @Test
    void plan_keyChangedOnLiveDestination_updates_unknownFingerprintDoesNot() {
        Destination yt = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING)
                .streamKeyFingerprint(dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of("yt", "new-key-0000-1111")).build();
        ChannelView.OutputOnChannel oldKey = new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), "p720",
                dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of("yt", "old-key-0000-1111"));
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.RUNNING, oldKey)).next()).isEqualTo(NextStep.STOP_FOR_UPDATE);

        ChannelView.OutputOnChannel sameKey = new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), "p720",
                dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of("yt", "new-key-0000-1111"));
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.RUNNING, sameKey)).next()).isEqualTo(NextStep.DONE);

        Destination oldItem = yt.toBuilder().streamKeyFingerprint(null).build();
        assertThat(ChannelPlanner.plan(List.of(oldItem), channel(ChannelState.RUNNING, oldKey)).next())
                .as("an item from the old system has no fingerprint: not a reason to restart").isEqualTo(NextStep.DONE);
    }

    @Test
    void plan_unkeyedFingerprintOfAnEarlierVersion_readAsUnknown_noRestart() {
        // What StreamKeys.fingerprint stored before fingerprints were keyed: 64 bits of SHA-256, no h1: mark.
        Destination legacy = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING)
                .streamKeyFingerprint("9f86d081884c7d65").backup(new BackupIngest("rtmp://b.rtmp.youtube.com/live2?backup=1", "/k/b", "••••", "0123456789abcdef"))
                .build();
        assertThat(legacy.streamKeyFingerprint()).isNull();
        assertThat(legacy.backup().streamKeyFingerprint()).isNull();

        ChannelView.OutputOnChannel onChannel = new ChannelView.OutputOnChannel("yt", legacy.rtmpUrl(), "p720",
                dev.lunora.core.destination.TestFingerprints.FINGERPRINTS.of("yt", "whatever-key-0000"));
        assertThat(ChannelPlanner.plan(List.of(legacy.toBuilder().backup(null).build()), channel(ChannelState.RUNNING, onChannel)).next())
                .as("compared again once the key is edited, as items without a fingerprint").isEqualTo(NextStep.DONE);
    }

    @Test
    void plan_destinationsOfAnotherChannel_areIgnored() {
        Destination elsewhere = destination("yt", Platform.YOUTUBE).channelId("999").desiredState(DesiredState.STREAMING).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(elsewhere), channel(ChannelState.IDLE));
        assertThat(plan.outputs()).isEmpty();
        assertThat(plan.next()).isEqualTo(NextStep.DONE);
    }

    private static ChannelView standard(ChannelState state, ChannelView.OutputOnChannel... outputs) {
        return new ChannelView(CHANNEL, state, 2, List.of(outputs), true);
    }

    /** MediaLive user guide, "RTMP output: destinations": a STANDARD channel pushes each output to one URL per pipeline. */
    @Test
    void plan_standardChannelDestinationWithoutBackupIngest_isRefusedNamingTheFix() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), standard(ChannelState.IDLE));
        assertThat(plan.outputs()).isEmpty();
        assertThat(plan.cannotStream()).singleElement().satisfies(r -> {
            assertThat(r.destinationId()).isEqualTo("yt");
            assertThat(r.reason()).contains("'yt'", "STANDARD", "backup RTMP URL", "rtmp://b.rtmp.youtube.com/live2?backup=1");
        });
    }

    @Test
    void plan_standardChannelDestinationWithBackupUrl_pushesThePrimaryKeyThereToo() {
        Destination yt = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING).streamKeyFingerprint("h1:fp-main")
                .backup(new BackupIngest("rtmp://b.rtmp.youtube.com/live2?backup=1", null, null, null)).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), standard(ChannelState.IDLE));
        assertThat(plan.next()).isEqualTo(NextStep.APPLY_OUTPUTS);
        assertThat(plan.outputs()).singleElement().satisfies(o ->
                assertThat(o.backup()).isEqualTo(new OutputSpec.Backup("rtmp://b.rtmp.youtube.com/live2?backup=1", null, "h1:fp-main")));
    }

    @Test
    void plan_standardChannelBackupOnSameUrlWithSameKey_isRefused() {
        Destination tw = destination("tw", Platform.TWITCH).desiredState(DesiredState.STREAMING)
                .backup(new BackupIngest("rtmp://live.twitch.tv/app", null, null, null)).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(tw), standard(ChannelState.IDLE));
        assertThat(plan.outputs()).isEmpty();
        assertThat(plan.cannotStream()).singleElement().satisfies(r -> assertThat(r.reason()).contains("same key"));
    }

    @Test
    void plan_standardChannelBackupWithOwnKeyOnSameUrl_isAccepted() {
        Destination tw = destination("tw", Platform.TWITCH).desiredState(DesiredState.STREAMING)
                .backup(new BackupIngest("rtmp://live.twitch.tv/app", "/keys/tw-backup", "••••", "h1:fp-backup")).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(tw), standard(ChannelState.IDLE));
        assertThat(plan.outputs()).singleElement().satisfies(o ->
                assertThat(o.backup()).isEqualTo(new OutputSpec.Backup("rtmp://live.twitch.tv/app", "/keys/tw-backup", "h1:fp-backup")));
    }

    @Test
    void plan_standardChannelBackupUrlChangedWhileIdle_appliesAgain() {
        Destination yt = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING)
                .backup(new BackupIngest("rtmp://b.rtmp.youtube.com/live2?backup=1", null, null, null)).build();
        var onChannel = new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), "p720", null, "rtmp://old-backup.example/live", null);
        assertThat(ChannelPlanner.plan(List.of(yt), standard(ChannelState.IDLE, onChannel)).next()).isEqualTo(NextStep.APPLY_OUTPUTS);
        var same = new ChannelView.OutputOnChannel("yt", yt.rtmpUrl(), "p720", null, "rtmp://b.rtmp.youtube.com/live2?backup=1", null);
        assertThat(ChannelPlanner.plan(List.of(yt), standard(ChannelState.IDLE, same)).next()).isEqualTo(NextStep.START_CHANNEL);
    }

    @Test
    void plan_singlePipelineChannel_ignoresTheBackupIngest() {
        Destination yt = destination("yt", Platform.YOUTUBE).desiredState(DesiredState.STREAMING)
                .backup(new BackupIngest("rtmp://b.rtmp.youtube.com/live2?backup=1", null, null, null)).build();
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE));
        assertThat(plan.outputs()).singleElement().satisfies(o -> assertThat(o.backup()).isNull());
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE, on(yt))).next()).isEqualTo(NextStep.START_CHANNEL);
    }

    /** Issue 14 item 4: never send outputGroups: [] (the model sets no minimum; no source says what MediaLive does). */
    @Test
    void plan_lastOutputStoppedOnChannelWithNoOtherGroup_keepsItsOutputsOnTheIdleChannel() {
        Destination yt = destination("yt", Platform.YOUTUBE).build();
        ChannelView onlyLunora = new ChannelView(CHANNEL, ChannelState.IDLE, 1, List.of(on(yt)), false);
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), onlyLunora);
        assertThat(plan.outputsDiffer()).isFalse();
        assertThat(plan.next()).isEqualTo(NextStep.DONE);
        ChannelView running = new ChannelView(CHANNEL, ChannelState.RUNNING, 1, List.of(on(yt)), false);
        assertThat(ChannelPlanner.plan(List.of(yt), running).next()).isEqualTo(NextStep.STOP_CHANNEL);
    }

    @Test
    void plan_lastOutputStoppedOnChannelWithOtherGroups_removesIt() {
        Destination yt = destination("yt", Platform.YOUTUBE).build();
        assertThat(ChannelPlanner.plan(List.of(yt), channel(ChannelState.IDLE, on(yt))).next()).isEqualTo(NextStep.APPLY_OUTPUTS);
    }

    @Test
    void plan_outputsInCreationOrder_stableAcrossCalls() {
        List<Destination> ds = new ArrayList<>();
        for (String id : List.of("c", "a", "b")) {
            ds.add(wanting(id, Platform.CUSTOM));
        }
        List<String> first = ChannelPlanner.plan(ds, channel(ChannelState.IDLE)).outputs().stream().map(OutputSpec::destinationId).toList();
        List<String> reversed = ChannelPlanner.plan(reversed(ds), channel(ChannelState.IDLE)).outputs().stream().map(OutputSpec::destinationId).toList();
        assertThat(first).containsExactly("c", "a", "b").isEqualTo(reversed);
    }

    private static List<Destination> reversed(List<Destination> ds) {
        List<Destination> r = new ArrayList<>(ds);
        java.util.Collections.reverse(r);
        return r;
    }

    @ParameterizedTest
    @EnumSource(value = ChannelState.class, names = {"STARTING", "STOPPING", "RECOVERING", "CREATING", "UPDATING", "UNKNOWN"})
    void plan_channelInTransition_waits(ChannelState state) {
        assertThat(ChannelPlanner.plan(List.of(wanting("yt", Platform.YOUTUBE)), channel(state)).next()).isEqualTo(NextStep.WAIT_FOR_CHANNEL);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelState.class, names = {"DELETED", "DELETING", "CREATE_FAILED"})
    void plan_unusableChannel_saysSo(ChannelState state) {
        assertThat(ChannelPlanner.plan(List.of(wanting("yt", Platform.YOUTUBE)), channel(state)).next()).isEqualTo(NextStep.CHANNEL_UNUSABLE);
    }

    /*
     * UPDATE_FAILED: the last UpdateChannel did not take, so what DescribeChannel shows need not be what the
     * channel runs with. The MediaLive model (ChannelState enum, "Placeholder documentation") and the user
     * guide's state list (https://docs.aws.amazon.com/medialive/latest/ug/monitor-activity-types-channel.html)
     * say nothing more; that another UpdateChannel is accepted and can repair the channel is a guess, shared
     * with the local simulator (UpdateChannel allowed in IDLE and UPDATE_FAILED).
     */
    @Test
    void plan_updateFailedWithOutputsLookingRight_reappliesOutputs() {
        Destination yt = wanting("yt", Platform.YOUTUBE);
        ChannelPlan plan = ChannelPlanner.plan(List.of(yt), channel(ChannelState.UPDATE_FAILED, on(yt)));
        assertThat(plan.outputsDiffer()).as("the outputs on the channel look right").isFalse();
        assertThat(plan.next()).isEqualTo(NextStep.APPLY_OUTPUTS);
        assertThat(plan.outputs()).extracting(OutputSpec::destinationId).containsExactly("yt");
    }

    @ParameterizedTest(name = "differ={0} run={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void next_updateFailed_alwaysReappliesAndNeverStartsOrStops(boolean differ, boolean run) {
        assertThat(ChannelPlanner.next(ChannelState.UPDATE_FAILED, differ, run)).isEqualTo(NextStep.APPLY_OUTPUTS);
    }

    @ParameterizedTest(name = "state={0} differ={1} run={2} -> {3}")
    @CsvSource({
            "IDLE,false,false,DONE",
            "IDLE,false,true,START_CHANNEL",
            "IDLE,true,false,APPLY_OUTPUTS",
            "IDLE,true,true,APPLY_OUTPUTS",
            "RUNNING,false,false,STOP_CHANNEL",
            "RUNNING,false,true,DONE",
            "RUNNING,true,false,STOP_FOR_UPDATE",
            "RUNNING,true,true,STOP_FOR_UPDATE"})
    void next_everySettledCombination_isDecided(ChannelState state, boolean differ, boolean run, NextStep expected) {
        assertThat(ChannelPlanner.next(state, differ, run)).isEqualTo(expected);
    }

    @Test
    void outputSpec_namesDerivedFromDestinationId_areRecognisable() {
        OutputSpec spec = new OutputSpec("dest_abc", "rtmp://h/app", "/k", "p720");
        assertThat(spec.outputName()).isEqualTo("lunora-dest_abc");
        assertThat(LunoraOutputs.destinationIdOf(spec.destinationRefId())).hasValue("dest_abc");
        assertThat(LunoraOutputs.destinationIdOf("hls-mediapackage")).isEmpty();
        assertThat(LunoraOutputs.destinationIdOf(LunoraOutputs.videoDescriptionName("p720"))).isEmpty();
        assertThat(LunoraOutputs.presetIdOfVideo(LunoraOutputs.videoDescriptionName("p720"))).hasValue("p720");
    }
}
