package dev.lunora.aws.medialive;

import dev.lunora.core.channel.LunoraOutputs;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.preset.Preset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.medialive.model.AacCodingMode;
import software.amazon.awssdk.services.medialive.model.AacSettings;
import software.amazon.awssdk.services.medialive.model.AnywhereSettings;
import software.amazon.awssdk.services.medialive.model.AudioSelector;
import software.amazon.awssdk.services.medialive.model.ChannelEngineVersionRequest;
import software.amazon.awssdk.services.medialive.model.InputAttachment;
import software.amazon.awssdk.services.medialive.model.MaintenanceStatus;
import software.amazon.awssdk.services.medialive.model.MaintenanceUpdateSettings;
import software.amazon.awssdk.services.medialive.model.MediaPackageOutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.OutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.SrtOutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.AudioCodecSettings;
import software.amazon.awssdk.services.medialive.model.AudioDescription;
import software.amazon.awssdk.services.medialive.model.AuthenticationScheme;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.EncoderSettings;
import software.amazon.awssdk.services.medialive.model.ThumbnailConfiguration;
import software.amazon.awssdk.services.medialive.model.ThumbnailState;
import software.amazon.awssdk.services.medialive.model.H264GopSizeUnits;
import software.amazon.awssdk.services.medialive.model.H264FramerateControl;
import software.amazon.awssdk.services.medialive.model.H264Level;
import software.amazon.awssdk.services.medialive.model.H264Profile;
import software.amazon.awssdk.services.medialive.model.H264RateControlMode;
import software.amazon.awssdk.services.medialive.model.H264Settings;
import software.amazon.awssdk.services.medialive.model.InputLossActionForRtmpOut;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.OutputGroupSettings;
import software.amazon.awssdk.services.medialive.model.OutputLocationRef;
import software.amazon.awssdk.services.medialive.model.OutputSettings;
import software.amazon.awssdk.services.medialive.model.RtmpCacheFullBehavior;
import software.amazon.awssdk.services.medialive.model.RtmpCaptionData;
import software.amazon.awssdk.services.medialive.model.RtmpGroupSettings;
import software.amazon.awssdk.services.medialive.model.RtmpOutputCertificateMode;
import software.amazon.awssdk.services.medialive.model.RtmpOutputSettings;
import software.amazon.awssdk.services.medialive.model.UpdateChannelRequest;
import software.amazon.awssdk.services.medialive.model.VideoCodecSettings;
import software.amazon.awssdk.services.medialive.model.VideoDescription;

/**
 * Builds the UpdateChannel request that gives a channel exactly Lunora's outputs.
 *
 * <p>RTMP retry settings, chosen so one dead platform cannot take the shared channel down: MediaLive stops an
 * output once its retries run out, and a single-output channel then stops entirely. Retrying every
 * {@value #RETRY_INTERVAL_SECONDS} s for {@value #RETRIES} attempts keeps a refused output trying for about
 * an hour while the others stream; {@code restartDelay} {@value #RESTART_DELAY_SECONDS} s (0 would mean "never
 * restart") brings a dropped connection back quickly; {@code cacheLength} 30 s is MediaLive's minimum and
 * {@code DISCONNECT_IMMEDIATELY} frees a stuck connection instead of waiting five minutes for the server.
 */
final class ChannelConfiguration {

    static final int RETRY_INTERVAL_SECONDS = 5;
    static final int RETRIES = 720;
    static final int RESTART_DELAY_SECONDS = 5;
    static final int CACHE_LENGTH_SECONDS = 30;

    private ChannelConfiguration() {
    }

    static UpdateChannelRequest withLunoraOutputs(DescribeChannelResponse current, List<ResolvedOutput> outputs, Map<String, Preset> presets) {
        int pipelines = current.channelClass() == ChannelClass.STANDARD ? 2 : 1;
        EncoderSettings encoder = current.encoderSettings();

        List<OutputGroup> groups = new ArrayList<>();
        encoder.outputGroups().stream().filter(g -> !LunoraOutputs.GROUP_NAME.equals(g.name())).forEach(groups::add);
        if (!outputs.isEmpty()) {
            groups.add(rtmpGroup(outputs));
        }
        if (groups.isEmpty()) {
            // AWS's model requires encoderSettings.outputGroups but documents no minimum, and no source says what
            // MediaLive does with an empty list; the planner never asks for one, so this only guards a bug.
            throw new ChannelRejectedException("Channel " + current.id() + " would be left without any output group;"
                    + " Lunora keeps its last outputs on an idle channel instead of sending an empty list.", List.of());
        }

        Set<String> presetIds = new LinkedHashSet<>();
        outputs.forEach(o -> presetIds.add(presetKey(o)));
        List<VideoDescription> videos = new ArrayList<>(encoder.videoDescriptions().stream()
                .filter(v -> LunoraOutputs.presetIdOfVideo(v.name()).isEmpty()).toList());
        List<AudioDescription> audios = new ArrayList<>(encoder.audioDescriptions().stream()
                .filter(a -> !a.name().startsWith(LunoraOutputs.audioDescriptionName(""))).toList());
        String audioSelector = presetIds.isEmpty() ? null : audioSelectorOf(current);
        for (String presetId : presetIds) {
            Preset preset = presets.get(presetId);
            videos.add(video(presetId, preset));
            audios.add(audio(presetId, preset, audioSelector));
        }

        List<OutputDestination> destinations = new ArrayList<>();
        current.destinations().stream()
                .filter(d -> LunoraOutputs.destinationIdOf(d.id()).isEmpty())
                .map(ChannelConfiguration::rebuilt)
                .forEach(destinations::add);
        for (ResolvedOutput o : outputs) {
            destinations.add(OutputDestination.builder().id(o.spec().destinationRefId()).settings(pipelineSettings(o, pipelines)).build());
        }

        return UpdateChannelRequest.builder()
                .channelId(current.id())
                .name(current.name())
                .roleArn(current.roleArn())
                .inputAttachments(current.inputAttachments())
                .inputSpecification(current.inputSpecification())
                .logLevel(current.logLevel())
                .cdiInputSpecification(current.cdiInputSpecification())
                .maintenance(maintenanceWindow(current.maintenance()))
                .channelEngineVersion(current.channelEngineVersion() == null || current.channelEngineVersion().version() == null ? null
                        : ChannelEngineVersionRequest.builder().version(current.channelEngineVersion().version()).build())
                .anywhereSettings(current.anywhereSettings() == null ? null : AnywhereSettings.builder()
                        .channelPlacementGroupId(current.anywhereSettings().channelPlacementGroupId())
                        .clusterId(current.anywhereSettings().clusterId()).build())
                .destinations(destinations)
                .encoderSettings(encoder.toBuilder().outputGroups(groups).videoDescriptions(videos).audioDescriptions(audios)
                        // The confidence picture: EncoderSettings.thumbnailConfiguration (AWS's model; "AUTO turns the feature on"),
                        // set only here, in the update that already rebuilds the idle channel, never in a call of its own.
                        .thumbnailConfiguration(ThumbnailConfiguration.builder().state(ThumbnailState.AUTO).build()).build())
                .build();
    }

    /**
     * The window the channel keeps for every future maintenance (AWS's model: MaintenanceUpdateSettings' day and start
     * time "are used for all future maintenance windows"). The described scheduled date is left out: as a request it
     * picks "the next maintenance window only", a one-off choice Lunora has no reason to make again.
     */
    private static MaintenanceUpdateSettings maintenanceWindow(MaintenanceStatus status) {
        if (status == null || status.maintenanceDay() == null && status.maintenanceStartTime() == null) {
            return null;
        }
        return MaintenanceUpdateSettings.builder().maintenanceDay(status.maintenanceDayAsString())
                .maintenanceStartTime(status.maintenanceStartTime()).build();
    }

    /**
     * The audio selector Lunora's encodes read: AWS's model requires {@code audioSelectorName} on every audio
     * description, and it names a selector of the channel's input attachment. The first attachment's first selector
     * is taken (with input switching every attachment should define it).
     */
    static String audioSelectorOf(DescribeChannelResponse channel) {
        return channel.inputAttachments().stream()
                .map(InputAttachment::inputSettings)
                .filter(s -> s != null && s.hasAudioSelectors())
                .flatMap(s -> s.audioSelectors().stream())
                .map(AudioSelector::name)
                .filter(n -> n != null && !n.isBlank())
                .findFirst()
                .orElseThrow(() -> new ChannelRejectedException("Channel " + channel.id() + " has no audio selector on its input,"
                        + " so Lunora cannot add the audio encode every RTMP output needs. In the MediaLive console, add an audio"
                        + " selector to the channel's input attachment (Input settings, Audio selectors), then press Start again.",
                        List.of()));
    }

    /**
     * A destination as described, whole (logical interfaces included), minus empty lists of the kinds of settings:
     * DescribeChannel returns {@code mediaPackageSettings: []} beside RTMP settings, and MediaLive wants exactly one
     * kind per destination ([TF-30659]). Members this SDK does not model are carried by {@link UnmodeledChannelMembers}.
     */
    private static OutputDestination rebuilt(OutputDestination d) {
        OutputDestination.Builder b = d.toBuilder();
        if (d.hasSettings() && d.settings().isEmpty()) {
            b.settings((java.util.Collection<OutputDestinationSettings>) null);
        }
        if (d.hasMediaPackageSettings() && d.mediaPackageSettings().isEmpty()) {
            b.mediaPackageSettings((java.util.Collection<MediaPackageOutputDestinationSettings>) null);
        }
        if (d.hasSrtSettings() && d.srtSettings().isEmpty()) {
            b.srtSettings((java.util.Collection<SrtOutputDestinationSettings>) null);
        }
        return b.build();
    }

    /** One entry per pipeline, the key in {@code streamName}: pipeline 0 the primary ingest, pipeline 1 the backup. */
    static List<OutputDestinationSettings> pipelineSettings(ResolvedOutput o, int pipelines) {
        List<OutputDestinationSettings> settings = new ArrayList<>();
        settings.add(OutputDestinationSettings.builder().url(o.spec().url()).streamName(o.streamKey()).build());
        if (pipelines > 1) {
            if (o.spec().backup() == null) {
                throw new IllegalStateException("the plan gives every output of a STANDARD channel a backup ingest");
            }
            settings.add(OutputDestinationSettings.builder().url(o.spec().backup().url()).streamName(o.backupStreamKey()).build());
        }
        return settings;
    }

    private static OutputGroup rtmpGroup(List<ResolvedOutput> outputs) {
        List<Output> rtmpOutputs = outputs.stream().map(o -> Output.builder()
                .outputName(o.spec().outputName())
                .videoDescriptionName(LunoraOutputs.videoDescriptionName(presetKey(o)))
                .audioDescriptionNames(LunoraOutputs.audioDescriptionName(presetKey(o)))
                .outputSettings(OutputSettings.builder().rtmpOutputSettings(RtmpOutputSettings.builder()
                        .destination(OutputLocationRef.builder().destinationRefId(o.spec().destinationRefId()).build())
                        .certificateMode(RtmpOutputCertificateMode.VERIFY_AUTHENTICITY)
                        .connectionRetryInterval(RETRY_INTERVAL_SECONDS)
                        .numRetries(RETRIES)
                        .build()).build())
                .build()).toList();
        return OutputGroup.builder()
                .name(LunoraOutputs.GROUP_NAME)
                .outputGroupSettings(OutputGroupSettings.builder().rtmpGroupSettings(RtmpGroupSettings.builder()
                        .authenticationScheme(AuthenticationScheme.COMMON)
                        .cacheFullBehavior(RtmpCacheFullBehavior.DISCONNECT_IMMEDIATELY)
                        .cacheLength(CACHE_LENGTH_SECONDS)
                        .captionData(RtmpCaptionData.ALL)
                        .inputLossAction(InputLossActionForRtmpOut.EMIT_OUTPUT)
                        .restartDelay(RESTART_DELAY_SECONDS)
                        .build()).build())
                .outputs(rtmpOutputs)
                .build();
    }

    /** Outputs without a preset share one default encode. */
    private static String presetKey(ResolvedOutput o) {
        return o.spec().presetId() == null ? "default" : o.spec().presetId();
    }

    private static VideoDescription video(String presetId, Preset preset) {
        Preset.Video v = preset == null ? DEFAULT_VIDEO : preset.video();
        return VideoDescription.builder()
                .name(LunoraOutputs.videoDescriptionName(presetId))
                .width(v.width())
                .height(v.height())
                .codecSettings(VideoCodecSettings.builder().h264Settings(H264Settings.builder()
                        .bitrate(v.bitrate())
                        .rateControlMode(H264RateControlMode.fromValue(v.rateControl()))
                        .profile(H264Profile.fromValue(v.profile()))
                        .level(H264Level.fromValue(v.level()))
                        .framerateControl(H264FramerateControl.SPECIFIED)
                        .framerateNumerator(v.framerate())
                        .framerateDenominator(1)
                        .gopSize((double) v.gopSize())
                        .gopSizeUnits(H264GopSizeUnits.FRAMES)
                        .build()).build())
                .build();
    }

    private static AudioDescription audio(String presetId, Preset preset, String audioSelector) {
        Preset.Audio a = preset == null ? DEFAULT_AUDIO : preset.audio();
        return AudioDescription.builder()
                .name(LunoraOutputs.audioDescriptionName(presetId))
                .audioSelectorName(audioSelector)
                .codecSettings(AudioCodecSettings.builder().aacSettings(AacSettings.builder()
                        .bitrate((double) a.bitrate())
                        .sampleRate((double) a.sampleRate())
                        .codingMode(AacCodingMode.fromValue(a.codingMode()))
                        .build()).build())
                .build();
    }

    private static final Preset.Video DEFAULT_VIDEO = new Preset.Video("H264", 1280, 720, 30, 3_000_000, "HIGH", "H264_LEVEL_AUTO", 60, "CBR");
    private static final Preset.Audio DEFAULT_AUDIO = new Preset.Audio("AAC", 128_000, 48_000, 2, "CODING_MODE_2_0");
}
