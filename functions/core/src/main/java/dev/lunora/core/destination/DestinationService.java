package dev.lunora.core.destination;

import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.LunoraException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.exceptions.WorkflowUnavailableException;
import dev.lunora.core.ports.ChannelControl;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.PresetStore;
import dev.lunora.core.ports.ReconcileRequests;
import dev.lunora.core.ports.StreamKeyVault;
import dev.lunora.core.preset.Preset;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The destination use cases behind the API: list, read, create, edit, delete, start and stop. */
public final class DestinationService {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationService.class);
    /** Reads and writes a click tries before it gives up on a destination that keeps changing under it. */
    private static final int CLICK_ATTEMPTS = 3;

    private final DestinationStore destinations;
    private final PresetStore presets;
    private final StreamKeyVault keys;
    private final ReconcileRequests reconcile;
    private final Clock clock;
    private final Supplier<String> newId;
    private final String defaultChannelId;
    /** Asked for the channel's pipelines when a Start is clicked; null: the click is not checked, the plan still is. */
    private final ChannelControl channels;
    private final AddressPolicy addresses;
    private final KeyFingerprints fingerprints;
    /** Whether a channel is one Lunora manages, so a destination may belong to it. */
    private final java.util.function.Predicate<String> managedChannels;
    private static final java.util.regex.Pattern CHANNEL_ID = java.util.regex.Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    /** Every channel counts as managed: the world before issue 18, which checked no channel (callers that know, pass a check). */
    public DestinationService(DestinationStore destinations, PresetStore presets, StreamKeyVault keys,
                              ReconcileRequests reconcile, Clock clock, Supplier<String> newId,
                              String defaultChannelId, ChannelControl channels, AddressPolicy addresses,
                              KeyFingerprints fingerprints) {
        this(destinations, presets, keys, reconcile, clock, newId, defaultChannelId, channels, addresses, fingerprints,
                channelId -> true);
    }

    /**
     * @param channels     asked for the channel's pipelines when Start is clicked; null: not checked at click time
     * @param addresses    where destinations may point
     * @param fingerprints the stack's keyed fingerprints of stream keys
     * @param managedChannels whether Lunora manages a channel ({@link dev.lunora.core.channel.ChannelRegistry#isManaged})
     */
    public DestinationService(DestinationStore destinations, PresetStore presets, StreamKeyVault keys,
                              ReconcileRequests reconcile, Clock clock, Supplier<String> newId,
                              String defaultChannelId, ChannelControl channels, AddressPolicy addresses,
                              KeyFingerprints fingerprints, java.util.function.Predicate<String> managedChannels) {
        this.managedChannels = java.util.Objects.requireNonNull(managedChannels, "managedChannels");
        this.fingerprints = java.util.Objects.requireNonNull(fingerprints, "fingerprints");
        this.addresses = java.util.Objects.requireNonNull(addresses, "addresses");
        this.channels = channels;
        this.destinations = destinations;
        this.presets = presets;
        this.keys = keys;
        this.reconcile = reconcile;
        this.clock = clock;
        this.newId = newId;
        this.defaultChannelId = defaultChannelId;
    }

    /** Oldest first, so the list does not reshuffle as destinations are edited. */
    public List<Destination> list() {
        return destinations.list().stream()
                .sorted(Comparator.comparing(Destination::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Destination::destinationId))
                .toList();
    }

    public Destination get(String destinationId) {
        return destinations.find(destinationId).orElseThrow(() -> NotFoundException.destination(destinationId));
    }

    public List<Preset> presets() {
        return presets.list();
    }

    public Destination create(DestinationChanges request) {
        String name = DestinationRules.name(request.name());
        Platform platform = DestinationRules.platform(request.platform());
        String url = DestinationRules.rtmpUrl(platform, request.rtmpUrl());
        addresses.check("rtmp_url", "RTMP URL", url);
        String key = request.streamKey() == null || request.streamKey().isEmpty()
                ? null : DestinationRules.streamKey(platform, request.streamKey());
        String backupUrl = DestinationRules.backupRtmpUrl(platform, request.backupRtmpUrl());
        addresses.check("backup_rtmp_url", "Backup RTMP URL", backupUrl);
        String backupKey = givenBackupKey(platform, request, backupUrl);
        String presetId = presetId(request.presetId());
        String channelId = request.channelId() == null ? defaultChannelId : managedChannel(request.channelId());
        Instant now = clock.instant();
        String id = newId.get();
        Destination.Builder created = Destination.builder(id, platform)
                .name(name)
                .rtmpUrl(url)
                .presetId(presetId)
                .enabled(request.enabled() == null || request.enabled())
                .channelId(channelId)
                .version(1)
                .createdAt(now)
                .updatedAt(now);
        if (key != null) {
            created.streamKeyParam(keys.store(id, null, key)).streamKeyHint(StreamKeys.hint(key))
                    .streamKeyFingerprint(fingerprints.of(id, key));
        }
        if (backupUrl != null) {
            created.backup(backupKey == null ? new BackupIngest(backupUrl, null, null, null) : withOwnKey(id, backupUrl, null, backupKey));
        }
        Destination destination = created.build();
        destinations.create(destination);
        LOG.atInfo().addKeyValue("destination_id", id).addKeyValue("platform", platform.id()).log("destination created");
        return destination;
    }

    public Destination update(String destinationId, DestinationChanges request) {
        Destination current = get(destinationId);
        if (request.expectedVersion() != null && request.expectedVersion() != current.version()) {
            throw ConflictException.staleVersion(destinationId);
        }
        Destination.Builder next = current.toBuilder();
        if (request.name() != null) {
            next.name(DestinationRules.name(request.name()));
        }
        Platform platform = request.platform() == null ? current.platform() : DestinationRules.platform(request.platform());
        boolean platformChanged = platform != current.platform();
        if (platformChanged && current.isLive()) {
            throw new ConflictException(ConflictException.Reason.DESTINATION_STREAMING,
                    "Stop '" + current.name() + "' before changing its platform.");
        }
        next.platform(platform);
        String currentChannel = channelOf(current);
        String channelId = request.channelId() == null ? currentChannel : managedChannel(request.channelId());
        boolean moved = !channelId.equals(currentChannel);
        if (moved && current.isLive()) {
            throw new ConflictException(ConflictException.Reason.DESTINATION_STREAMING, "'" + current.name() + "' is "
                    + (current.desiredState() == DesiredState.STREAMING ? "wanted live" : current.streamingStatus().id())
                    + " on channel " + currentChannel + ". Stop it first, then move it to channel " + channelId + ".");
        }
        next.channelId(channelId);
        if (request.rtmpUrl() != null || platformChanged) {
            String givenUrl = request.rtmpUrl() != null ? request.rtmpUrl()
                    : platform == Platform.CUSTOM ? current.rtmpUrl() : null;
            String url = DestinationRules.rtmpUrl(platform, givenUrl);
            addresses.check("rtmp_url", "RTMP URL", url);
            next.rtmpUrl(url);
        }
        String newKey = request.streamKey() == null || request.streamKey().isEmpty()
                ? null : DestinationRules.streamKey(platform, request.streamKey());
        if (request.presetId() != null) {
            next.presetId(presetId(request.presetId()));
        }
        if (request.enabled() != null) {
            next.enabled(request.enabled());
        }
        boolean dropKey = !platform.pushesRtmp() && current.hasStreamKey();
        if (dropKey) {
            next.streamKeyParam(null).streamKeyHint(null).streamKeyFingerprint(null);
        }
        BackupIngest backup = platform.pushesRtmp() ? current.backup() : null;
        if (request.backupRtmpUrl() != null) {
            String url = DestinationRules.backupRtmpUrl(platform, request.backupRtmpUrl());
            addresses.check("backup_rtmp_url", "Backup RTMP URL", url);
            backup = url == null ? null : new BackupIngest(url, backup == null ? null : backup.streamKeyParam(),
                    backup == null ? null : backup.streamKeyHint(), backup == null ? null : backup.streamKeyFingerprint());
        }
        String newBackupKey = givenBackupKey(platform, request, backup == null ? null : backup.rtmpUrl());
        if (newBackupKey != null) {
            backup = withOwnKey(destinationId, backup.rtmpUrl(), backup.streamKeyParam(), newBackupKey);
        }
        next.backup(backup);
        String droppedBackupKey = current.backup() != null && current.backup().hasOwnKey()
                && (backup == null || !backup.hasOwnKey()) ? current.backup().streamKeyParam() : null;
        if (newKey != null) {
            next.streamKeyParam(keys.store(destinationId, current.streamKeyParam(), newKey))
                    .streamKeyHint(StreamKeys.hint(newKey))
                    .streamKeyFingerprint(fingerprints.of(destinationId, newKey));
        }
        Destination updated = next.version(current.version() + 1).updatedAt(clock.instant()).build();
        destinations.update(updated, current.version());
        if (moved) {
            reconcileAfterMove(current, currentChannel, updated);
        } else if (updated.desiredState() == DesiredState.STREAMING && pushedDifferently(current, updated)) {
            applyNow(updated);
        }
        if (dropKey) {
            // An HLS destination has no key; drop the old one rather than keep a secret nobody uses. Only after
            // the write succeeded: if another edit won, its destination still points at this parameter.
            keys.delete(current.streamKeyParam());
        }
        if (droppedBackupKey != null) {
            keys.delete(droppedBackupKey);
        }
        LOG.atInfo().addKeyValue("destination_id", destinationId).addKeyValue("version", updated.version()).log("destination updated");
        return updated;
    }

    /**
     * After a move each channel reconciles on its own: the old one if it still carries the destination's output (a
     * stopped destination's output may stay until the channel next changes), the new one if the destination is wanted.
     */
    private void reconcileAfterMove(Destination before, String from, Destination after) {
        if (!reconcile.available()) {
            return;
        }
        boolean oldCarriesIt = channels != null && carries(from, before.destinationId());
        for (String channelId : oldCarriesIt ? List.of(from) : List.<String>of()) {
            requestQuietly(channelId, after, "reconcile requested to remove a moved destination's output");
        }
        if (after.desiredState() == DesiredState.STREAMING) {
            requestQuietly(after.channelId(), after, "reconcile requested for a moved destination");
        }
    }

    private boolean carries(String channelId, String destinationId) {
        try {
            return channels.describe(channelId).lunoraOutputs().stream().anyMatch(o -> destinationId.equals(o.destinationId()));
        } catch (ServiceUnavailableException | NotFoundException e) {
            // Unknown: ask anyway, a reconcile of a channel without the output changes nothing.
            return true;
        }
    }

    private void requestQuietly(String channelId, Destination d, String what) {
        try {
            String execution = reconcile.request(channelId);
            LOG.atInfo().addKeyValue("destination_id", d.destinationId()).addKeyValue("channel_id", channelId)
                    .addKeyValue("execution", execution).log(what);
        } catch (WorkflowUnavailableException e) {
            LOG.atWarn().addKeyValue("destination_id", d.destinationId()).addKeyValue("channel_id", channelId)
                    .log("move saved; the workflow could not be asked now, the next reconcile will: {}", e.getMessage());
        }
    }

    /** The channel a destination belongs to; items from before channels were chosen belong to the primary. */
    private String channelOf(Destination d) {
        return d.channelId() != null ? d.channelId() : defaultChannelId;
    }

    /** A channel id from a request that names a managed channel, or 400 {@code invalid_channel}. */
    private String managedChannel(String raw) {
        String id = raw.strip();
        if (!CHANNEL_ID.matcher(id).matches()) {
            throw new ValidationException("channel_id", "'channel_id' must be a MediaLive channel id such as 3714710 (got '"
                    + DestinationRules.printable(id) + "').", "invalid_channel");
        }
        if (!managedChannels.test(id)) {
            throw ValidationException.invalidChannel(id);
        }
        return id;
    }

    /** The channel would push this destination differently now: another URL, key, backup ingest or encoding preset. */
    private static boolean pushedDifferently(Destination before, Destination after) {
        return !java.util.Objects.equals(before.rtmpUrl(), after.rtmpUrl())
                || !java.util.Objects.equals(before.streamKeyFingerprint(), after.streamKeyFingerprint())
                || !java.util.Objects.equals(before.presetId(), after.presetId())
                || !java.util.Objects.equals(before.backup(), after.backup());
    }

    /** A backup key of its own, checked; null when none is given. It only makes sense beside a backup URL. */
    private static String givenBackupKey(Platform platform, DestinationChanges request, String backupUrl) {
        if (request.backupStreamKey() == null || request.backupStreamKey().isEmpty()) {
            return null;
        }
        String key = DestinationRules.backupStreamKey(platform, request.backupStreamKey());
        if (backupUrl == null) {
            throw new ValidationException("backup_stream_key", "A backup stream key goes with a backup RTMP URL;"
                    + " add the URL of the platform's backup ingest too.");
        }
        return key;
    }

    private BackupIngest withOwnKey(String destinationId, String url, String existingParameter, String key) {
        return new BackupIngest(url, keys.storeBackup(destinationId, existingParameter, key), StreamKeys.hint(key),
                fingerprints.of(destinationId, key));
    }

    /**
     * A live destination's edit is carried out now (one channel restart), not by whatever reconcile happens to run
     * next — a producer who fixes a rejected stream key expects the fix to reach the platform. If the workflow
     * cannot be asked, the edit still stands and the next reconcile applies it.
     */
    private void applyNow(Destination updated) {
        String channelId = updated.channelId() != null ? updated.channelId() : defaultChannelId;
        if (!reconcile.available()) {
            return;
        }
        try {
            String execution = reconcile.request(channelId);
            LOG.atInfo().addKeyValue("destination_id", updated.destinationId()).addKeyValue("execution", execution)
                    .log("reconcile requested to apply an edit of a live destination");
        } catch (WorkflowUnavailableException e) {
            LOG.atWarn().addKeyValue("destination_id", updated.destinationId()).addKeyValue("channel_id", channelId)
                    .log("edit saved; the workflow could not be asked to apply it now, the next reconcile will: {}", e.getMessage());
        }
    }

    public void delete(String destinationId, Long expectedVersion) {
        Destination current = get(destinationId);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw ConflictException.staleVersion(destinationId);
        }
        if (current.isLive()) {
            throw new ConflictException(ConflictException.Reason.DESTINATION_STREAMING,
                    "'" + current.name() + "' is " + current.streamingStatus().id()
                            + ". Stop it first, then delete it.");
        }
        destinations.delete(destinationId, current.version());
        if (current.hasStreamKey()) {
            keys.delete(current.streamKeyParam());
        }
        if (current.backup() != null && current.backup().hasOwnKey()) {
            keys.delete(current.backup().streamKeyParam());
        }
        LOG.atInfo().addKeyValue("destination_id", destinationId).log("destination deleted");
    }

    /** Records that the producer wants this destination live and asks for a reconcile. */
    public Destination start(String destinationId) {
        return requestState(destinationId, DesiredState.STREAMING);
    }

    /** Records that the producer wants this destination off and asks for a reconcile. */
    public Destination stop(String destinationId) {
        return requestState(destinationId, DesiredState.STOPPED);
    }

    /**
     * A click carries no version: it means "this, now", whatever the reconcile wrote meanwhile (a compensation
     * marking the destination failed bumps its version too). So a version clash is retried on a fresh read
     * instead of answering the producer "changed by someone else" for a change they never saw.
     */
    private Destination requestState(String destinationId, DesiredState desired) {
        for (int attempt = 1; ; attempt++) {
            try {
                return requestStateOnce(destinationId, desired);
            } catch (ConflictException e) {
                if (e.reason() != ConflictException.Reason.VERSION_CONFLICT || attempt == CLICK_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Destination requestStateOnce(String destinationId, DesiredState desired) {
        Destination current = get(destinationId);
        if (!reconcile.available()) {
            // Refuse before recording anything: a desired state nobody will act on would be a lie on the page.
            throw new WorkflowUnavailableException("The workflow engine is not configured, so '" + current.name()
                    + "' cannot be " + (desired == DesiredState.STREAMING ? "started" : "stopped")
                    + ". Nothing was changed.");
        }
        if (desired == DesiredState.STREAMING) {
            if (!current.enabled()) {
                throw new ConflictException(ConflictException.Reason.DESTINATION_DISABLED,
                        "'" + current.name() + "' is disabled. Enable it, then start it.");
            }
            if (current.platform().pushesRtmp() && !current.hasStreamKey()) {
                throw new ValidationException("stream_key", "'" + current.name()
                        + "' has no stream key. Add the key from the platform's stream settings, then start it.");
            }
        }
        String channelId = current.channelId() != null ? current.channelId() : defaultChannelId;
        if (desired == DesiredState.STREAMING && !managedChannels.test(channelId)) {
            // Unmanaged since it was assigned: Lunora may not drive that channel any more.
            throw ValidationException.invalidChannel(channelId);
        }
        if (desired == DesiredState.STREAMING) {
            pipelinesOf(channelId).flatMap(p -> PipelineIngest.problem(current, p)).ifPresent(reason -> {
                throw new ConflictException(ConflictException.Reason.BACKUP_INGEST_REQUIRED, reason);
            });
        }
        StreamingStatus shown = desired == DesiredState.STREAMING
                ? (current.streamingStatus() == StreamingStatus.STREAMING ? StreamingStatus.STREAMING : StreamingStatus.STARTING)
                : (current.streamingStatus() == StreamingStatus.READY ? StreamingStatus.READY : StreamingStatus.STOPPING);
        Destination next = current.toBuilder()
                .desiredState(desired)
                .channelId(channelId)
                .version(current.version() + 1)
                .updatedAt(clock.instant())
                .build();
        destinations.update(next, current.version());
        destinations.recordStatus(destinationId, shown, current.streamingStartedAt(), null);
        String execution;
        try {
            execution = reconcile.request(channelId);
        } catch (WorkflowUnavailableException e) {
            // The engine is configured but unreachable: put the wish and status back so the exception's
            // "nothing was changed" holds. The version moves forward; if someone wrote in between, theirs stands.
            try {
                destinations.update(current.toBuilder().version(next.version() + 1).updatedAt(clock.instant()).build(), next.version());
                destinations.recordStatus(destinationId, current.streamingStatus(), current.streamingStartedAt(), current.lastError());
            } catch (LunoraException undoFailed) {
                e.addSuppressed(undoFailed);
            }
            throw e;
        }
        LOG.atInfo().addKeyValue("destination_id", destinationId).addKeyValue("desired_state", desired.id()).addKeyValue("execution", execution).log("reconcile requested");
        return next.toBuilder().streamingStatus(shown).lastError(null).build();
    }

    /** Empty when the channel cannot be asked now: the run's plan applies the same rule later. */
    private java.util.Optional<Integer> pipelinesOf(String channelId) {
        if (channels == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(channels.describe(channelId).pipelines());
        } catch (ServiceUnavailableException | NotFoundException e) {
            LOG.atDebug().addKeyValue("channel_id", channelId).log("pipelines unknown at click time: {}", e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private String presetId(String raw) {
        if (raw == null || raw.isBlank()) {
            return presets.list().stream().filter(Preset::isDefault).map(Preset::presetId).findFirst().orElse(null);
        }
        return presets.find(raw.strip()).map(Preset::presetId).orElseThrow(() -> new ValidationException("preset_id",
                "Unknown preset '" + DestinationRules.printable(raw.strip()) + "'. Choose one of the presets listed by GET /api/presets."));
    }
}
