package dev.lunora.local.medialive;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.medialive.model.AudioDescription;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.CreateChannelRequest;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.EncoderSettings;
import software.amazon.awssdk.services.medialive.model.InputAttachment;
import software.amazon.awssdk.services.medialive.model.Output;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.OutputGroupSettings;
import software.amazon.awssdk.services.medialive.model.OutputLocationRef;
import software.amazon.awssdk.services.medialive.model.OutputSettings;
import software.amazon.awssdk.services.medialive.model.RtmpGroupSettings;
import software.amazon.awssdk.services.medialive.model.RtmpOutputSettings;
import software.amazon.awssdk.services.medialive.model.TimecodeConfig;
import software.amazon.awssdk.services.medialive.model.TimecodeConfigSource;
import software.amazon.awssdk.services.medialive.model.UpdateChannelRequest;
import software.amazon.awssdk.services.medialive.model.VideoDescription;

/** Test data: channel configurations built with the SDK's own model classes, as Lunora's adapter builds them. */
final class TestChannels {

    static final String ROLE = "arn:aws:iam::000000000000:role/MediaLiveAccessRole";
    /** A fake key; assertions check it never surfaces, and never print it. */
    static final String STREAM_KEY = "fake-test-key-9f3a-1234";

    private TestChannels() {
    }

    static OutputDestination rtmpDestination(String id, String... urls) {
        List<OutputDestinationSettings> settings = new ArrayList<>();
        for (String url : urls) {
            settings.add(OutputDestinationSettings.builder().url(url).streamName(STREAM_KEY).build());
        }
        return OutputDestination.builder().id(id).settings(settings).build();
    }

    static Output rtmpOutput(String name, String destinationId) {
        return Output.builder()
                .outputName(name)
                .videoDescriptionName("video_1")
                .audioDescriptionNames("audio_1")
                .outputSettings(OutputSettings.builder().rtmpOutputSettings(RtmpOutputSettings.builder()
                        .destination(OutputLocationRef.builder().destinationRefId(destinationId).build())
                        .certificateMode("VERIFY_AUTHENTICITY").connectionRetryInterval(2).numRetries(10)
                        .build()).build())
                .build();
    }

    static OutputGroup rtmpGroup(String name, Output... outputs) {
        return OutputGroup.builder()
                .name(name)
                .outputGroupSettings(OutputGroupSettings.builder().rtmpGroupSettings(RtmpGroupSettings.builder()
                        .authenticationScheme("COMMON").cacheLength(30).restartDelay(15).build()).build())
                .outputs(outputs)
                .build();
    }

    static EncoderSettings encoder(OutputGroup... groups) {
        return EncoderSettings.builder()
                .timecodeConfig(TimecodeConfig.builder().source(TimecodeConfigSource.SYSTEMCLOCK).build())
                .videoDescriptions(VideoDescription.builder().name("video_1").width(1280).height(720).build())
                .audioDescriptions(AudioDescription.builder().name("audio_1").audioSelectorName("default").build())
                .outputGroups(groups)
                .build();
    }

    /** A single-pipeline channel on the seeded RTMP input with one RTMP output to {@code url}. */
    static CreateChannelRequest.Builder rtmpChannel(String name, String url) {
        return CreateChannelRequest.builder()
                .name(name)
                .channelClass(ChannelClass.SINGLE_PIPELINE)
                .roleArn(ROLE)
                .inputAttachments(InputAttachment.builder().inputAttachmentName("in").inputId("2012618").build())
                .destinations(rtmpDestination("dest1", url))
                .encoderSettings(encoder(rtmpGroup("rtmp", rtmpOutput("out1", "dest1"))));
    }

    /**
     * The whole configuration of a described channel plus one RTMP output, rebuilt the way the reconcile
     * workflow sends it (role included: leaving it out removes it).
     */
    static UpdateChannelRequest.Builder withRtmpOutput(DescribeChannelResponse channel, String destinationId,
            String url) {
        List<OutputDestination> destinations = new ArrayList<>(channel.destinations());
        destinations.add(rtmpDestination(destinationId, url));
        List<OutputGroup> groups = new ArrayList<>(channel.encoderSettings().outputGroups());
        groups.add(rtmpGroup("rtmp-" + destinationId, rtmpOutput("out-" + destinationId, destinationId)));
        // The seed's video/audio descriptions have other names; the RTMP output reuses the seed's.
        Output output = rtmpOutput("out-" + destinationId, destinationId).toBuilder()
                .videoDescriptionName(channel.encoderSettings().videoDescriptions().get(0).name())
                .audioDescriptionNames(channel.encoderSettings().audioDescriptions().get(0).name())
                .build();
        groups.set(groups.size() - 1, rtmpGroup("rtmp-" + destinationId, output));
        return UpdateChannelRequest.builder()
                .channelId(channel.id())
                .name(channel.name())
                .roleArn(channel.roleArn())
                .inputAttachments(channel.inputAttachments())
                .inputSpecification(channel.inputSpecification())
                .logLevel(channel.logLevel())
                .destinations(destinations)
                .encoderSettings(channel.encoderSettings().toBuilder().outputGroups(groups).build());
    }
}
