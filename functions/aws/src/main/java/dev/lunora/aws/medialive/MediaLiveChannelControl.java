package dev.lunora.aws.medialive;

import dev.lunora.core.alert.ChannelAlert;
import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.LunoraOutputs;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.channel.Thumbnail;
import dev.lunora.core.destination.KeyFingerprints;
import dev.lunora.core.exceptions.ChannelBusyException;
import dev.lunora.core.exceptions.ChannelRejectedException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.preset.Preset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.medialive.model.BadRequestException;
import software.amazon.awssdk.services.medialive.model.ChannelAlertState;
import software.amazon.awssdk.services.medialive.model.ChannelClass;
import software.amazon.awssdk.services.medialive.model.ConflictException;
import software.amazon.awssdk.services.medialive.model.DescribeChannelResponse;
import software.amazon.awssdk.services.medialive.model.OutputDestination;
import software.amazon.awssdk.services.medialive.model.OutputDestinationSettings;
import software.amazon.awssdk.services.medialive.model.OutputGroup;
import software.amazon.awssdk.services.medialive.model.UnprocessableEntityException;
import software.amazon.awssdk.services.medialive.model.UpdateChannelRequest;

/**
 * MediaLive through the SDK. UpdateChannel replaces what it is sent, so {@link #applyOutputs} rebuilds the
 * whole configuration from DescribeChannel — role included, since omitting {@code roleArn} removes it — and
 * changes only Lunora's RTMP group, its destinations and its encodes.
 */
public final class MediaLiveChannelControl implements ChannelControl {

    /** Accounts hold a handful of channels (the default quota is 5 per region): one page in practice. */
    static final int LIST_PAGE_SIZE = 100;

    private final MediaLiveClient mediaLive;
    private final KeyFingerprints fingerprints;

    /**
     * @param mediaLive    a client built with {@link UnmodeledChannelMembers#registerOn}, so updates lose nothing
     * @param fingerprints the stack's fingerprints, so the keys on the channel compare with the destinations'
     */
    public MediaLiveChannelControl(MediaLiveClient mediaLive, KeyFingerprints fingerprints) {
        this.fingerprints = java.util.Objects.requireNonNull(fingerprints, "fingerprints");
        boolean carries = mediaLive.serviceClientConfiguration().overrideConfiguration().executionInterceptors().stream()
                .anyMatch(UnmodeledChannelMembers.class::isInstance);
        if (!carries) {
            throw new IllegalArgumentException("The MediaLive client must be built with UnmodeledChannelMembers.registerOn(builder):"
                    + " without it UpdateChannel would drop the channel members this SDK does not model.");
        }
        this.mediaLive = mediaLive;
    }

    @Override
    public ChannelView describe(String channelId) {
        return call("describe channel " + channelId, () -> view(fingerprints, mediaLive.describeChannel(r -> r.channelId(channelId))));
    }

    @Override
    public void start(String channelId) {
        call("start channel " + channelId, () -> mediaLive.startChannel(r -> r.channelId(channelId)));
    }

    @Override
    public void stop(String channelId) {
        call("stop channel " + channelId, () -> mediaLive.stopChannel(r -> r.channelId(channelId)));
    }

    @Override
    public void applyOutputs(String channelId, List<ResolvedOutput> outputs, List<Preset> presets) {
        call("update the outputs of channel " + channelId, () -> {
            UnmodeledChannelMembers.Carried carried = new UnmodeledChannelMembers.Carried();
            DescribeChannelResponse current = mediaLive.describeChannel(r -> r.channelId(channelId)
                    .overrideConfiguration(o -> o.putExecutionAttribute(UnmodeledChannelMembers.CARRIED, carried)));
            Map<String, Preset> byId = presets.stream().collect(Collectors.toMap(Preset::presetId, Function.identity(), (a, b) -> a));
            UpdateChannelRequest update = ChannelConfiguration.withLunoraOutputs(current, outputs, byId);
            return mediaLive.updateChannel(update.toBuilder()
                    .overrideConfiguration(o -> o.putExecutionAttribute(UnmodeledChannelMembers.CARRIED, carried)).build());
        });
    }

    @Override
    public List<ChannelAlert> alerts(String channelId) {
        return call("list the alerts of channel " + channelId, () -> {
            List<ChannelAlert> out = new ArrayList<>();
            mediaLive.listAlertsPaginator(r -> r.channelId(channelId).stateFilter("SET")).alerts().forEach(a -> {
                if (a.state() == ChannelAlertState.SET && a.id() != null) {
                    out.add(new ChannelAlert(channelId, ChannelAlert.AlarmState.SET, a.id(), a.alertType(), a.pipelineId(),
                            a.message(), a.setTimestamp() != null ? a.setTimestamp() : java.time.Instant.EPOCH));
                }
            });
            return out;
        });
    }

    /**
     * DescribeThumbnails for pipeline 0, type CURRENT_ACTIVE (the user guide: the type "is always CURRENT_ACTIVE").
     * Thumbnails off answers an empty list (the guide's example); a channel that is not running BadRequestException
     * (a third-party SDK's documentation, alchemy.run; AWS documents only that the channel must run); NotFoundException
     * is the model's "There are no thumbnails for this channel". All three are "no picture now", not errors.
     */
    @Override
    public java.util.Optional<Thumbnail> thumbnail(String channelId) {
        try {
            return call("describe the thumbnails of channel " + channelId, () -> {
                var response = mediaLive.describeThumbnails(r -> r.channelId(channelId).pipelineId("0").thumbnailType("CURRENT_ACTIVE"));
                return response.thumbnailDetails().stream().flatMap(d -> d.thumbnails().stream())
                        .filter(t -> t.body() != null && !t.body().isEmpty())
                        .max(java.util.Comparator.comparing(t -> t.timeStamp() == null ? java.time.Instant.EPOCH : t.timeStamp()))
                        .map(t -> new Thumbnail(java.util.Base64.getMimeDecoder().decode(t.body()),
                                t.timeStamp() == null ? java.time.Instant.EPOCH : t.timeStamp()));
            });
        } catch (ChannelRejectedException | NotFoundException notRunningOrNone) {
            return java.util.Optional.empty();
        }
    }

    /**
     * ListChannels (GET /prod/channels, every page through {@code nextToken}) and DescribeInput (GET /prod/inputs/{inputId})
     * for each attached input, as botocore's medialive 2017-10-14 service-2.json models them: ChannelSummary carries
     * {@code id, name, arn, state, channelClass, inputAttachments[].inputId}; DescribeInputResponse carries {@code type},
     * {@code destinations[].url} (the push URLs of an RTMP_PUSH input) and {@code srtSettings.srtCallerSources[]}
     * ({@code srtListenerAddress}, {@code srtListenerPort}, {@code streamId}: where an SRT_CALLER input calls).
     */
    @Override
    public List<dev.lunora.core.channel.ChannelSummary> listChannels() {
        return listChannels(LIST_PAGE_SIZE);
    }

    /** @param pageSize ListChannels' {@code maxResults} (1..1000 per the MediaLive API reference); tests page with 1 */
    public List<dev.lunora.core.channel.ChannelSummary> listChannels(int pageSize) {
        return call("list the channels of the account", () -> {
            Map<String, dev.lunora.core.channel.ChannelSummary.AttachedInput> inputs = new java.util.HashMap<>();
            List<dev.lunora.core.channel.ChannelSummary> out = new ArrayList<>();
            mediaLive.listChannelsPaginator(r -> r.maxResults(pageSize)).channels().forEach(c -> {
                List<dev.lunora.core.channel.ChannelSummary.AttachedInput> attached = new ArrayList<>();
                for (var attachment : c.inputAttachments()) {
                    if (attachment.inputId() != null) {
                        attached.add(inputs.computeIfAbsent(attachment.inputId(), this::input));
                    }
                }
                out.add(new dev.lunora.core.channel.ChannelSummary(c.id(), c.name(), c.arn(), ChannelState.of(c.stateAsString()),
                        c.channelClassAsString(), attached));
            });
            return out;
        });
    }

    private dev.lunora.core.channel.ChannelSummary.AttachedInput input(String inputId) {
        try {
            return attachedInput(mediaLive.describeInput(r -> r.inputId(inputId)));
        } catch (software.amazon.awssdk.services.medialive.model.NotFoundException
                 | software.amazon.awssdk.services.medialive.model.ForbiddenException unreadable) {
            // Deleted meanwhile, or outside what this role may read: the channel is still listed, its input type unknown.
            return new dev.lunora.core.channel.ChannelSummary.AttachedInput(inputId, null, List.of());
        }
    }

    static dev.lunora.core.channel.ChannelSummary.AttachedInput attachedInput(
            software.amazon.awssdk.services.medialive.model.DescribeInputResponse input) {
        String type = input.typeAsString();
        List<String> endpoints = new ArrayList<>();
        if ("RTMP_PUSH".equals(type)) {
            input.destinations().stream().map(software.amazon.awssdk.services.medialive.model.InputDestination::url)
                    .filter(java.util.Objects::nonNull).forEach(endpoints::add);
        } else if ("SRT_CALLER".equals(type) && input.srtSettings() != null) {
            for (var source : input.srtSettings().srtCallerSources()) {
                endpoints.add("srt://" + source.srtListenerAddress() + ":" + source.srtListenerPort()
                        + (source.streamId() == null || source.streamId().isEmpty() ? "" : " (stream id " + source.streamId() + ")"));
            }
        }
        return new dev.lunora.core.channel.ChannelSummary.AttachedInput(input.id(), type, endpoints);
    }

    static ChannelView view(KeyFingerprints fingerprints, DescribeChannelResponse channel) {
        int pipelines = channel.channelClass() == ChannelClass.STANDARD ? 2 : 1;
        Map<String, OutputDestination> destinations = channel.destinations().stream()
                .collect(Collectors.toMap(OutputDestination::id, Function.identity(), (a, b) -> a));
        List<ChannelView.OutputOnChannel> lunora = new ArrayList<>();
        boolean others = false;
        List<OutputGroup> groups = channel.encoderSettings() == null ? List.of() : channel.encoderSettings().outputGroups();
        for (OutputGroup group : groups) {
            if (!LunoraOutputs.GROUP_NAME.equals(group.name())) {
                others = true;
                continue;
            }
            for (var output : group.outputs()) {
                var rtmp = output.outputSettings() == null ? null : output.outputSettings().rtmpOutputSettings();
                String ref = rtmp == null || rtmp.destination() == null ? null : rtmp.destination().destinationRefId();
                String destinationId = LunoraOutputs.destinationIdOf(output.outputName()).orElse(output.outputName());
                OutputDestination target = ref == null ? null : destinations.get(ref);
                List<OutputDestinationSettings> settings = target == null ? List.of() : target.settings();
                OutputDestinationSettings primary = settings.isEmpty() ? null : settings.get(0);
                OutputDestinationSettings backup = settings.size() < 2 ? null : settings.get(1);
                String presetId = LunoraOutputs.presetIdOfVideo(output.videoDescriptionName()).orElse(null);
                lunora.add(new ChannelView.OutputOnChannel(destinationId, primary == null ? null : primary.url(), presetId,
                        primary == null ? null : fingerprints.of(destinationId, primary.streamName()),
                        backup == null ? null : backup.url(), backup == null ? null : fingerprints.of(destinationId, backup.streamName())));
            }
        }
        boolean thumbnails = channel.encoderSettings() != null && channel.encoderSettings().thumbnailConfiguration() != null
                && channel.encoderSettings().thumbnailConfiguration().state() == software.amazon.awssdk.services.medialive.model.ThumbnailState.AUTO;
        return new ChannelView(channel.id(), ChannelState.of(channel.stateAsString()), pipelines, lunora, others, thumbnails);
    }

    /** Turns the SDK's exceptions into the core's, with messages that never quote a request (keys live there). */
    private static <T> T call(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (UnprocessableEntityException e) {
            List<String> problems = e.validationErrors() == null ? List.of() : e.validationErrors().stream()
                    .map(v -> v.elementPath() + ": " + v.errorMessage()).toList();
            throw new ChannelRejectedException("MediaLive rejected the change (" + what + "): "
                    + (problems.isEmpty() ? message(e) : String.join("; ", problems)), problems);
        } catch (BadRequestException e) {
            throw new ChannelRejectedException("MediaLive refused to " + what + ": " + message(e), List.of());
        } catch (ConflictException e) {
            throw new ChannelBusyException("MediaLive could not " + what + " now: " + message(e), e);
        } catch (software.amazon.awssdk.services.medialive.model.NotFoundException e) {
            throw new NotFoundException("MediaLive has no channel for this request (" + what + "). Check MEDIALIVE_CHANNEL_ID.");
        } catch (SdkException e) {
            throw new ServiceUnavailableException("MediaLive did not answer (" + what + "): " + e.getClass().getSimpleName()
                    + ". Lunora will try again.", e);
        }
    }

    private static String message(software.amazon.awssdk.awscore.exception.AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getClass().getSimpleName()
                : e.awsErrorDetails().errorMessage();
    }
}
