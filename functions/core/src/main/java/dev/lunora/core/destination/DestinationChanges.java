package dev.lunora.core.destination;

/**
 * What a create or update request asks for, as given: every member may be null, meaning "not given".
 * Values are still raw (platform as its wire id) so that {@link DestinationRules} can say precisely what is
 * wrong with each.
 *
 * @param expectedVersion the version the editor saw; null skips the optimistic check (the old page sends none)
 * @param backupRtmpUrl   the backup ingest URL (STANDARD channels' pipeline 1); "" removes the backup ingest
 * @param backupStreamKey a key of the backup ingest's own; empty or null keeps what is stored
 * @param channelId       the managed channel the destination belongs to (issue 18); null keeps it (create: the primary)
 */
public record DestinationChanges(
        String name,
        String platform,
        String rtmpUrl,
        String streamKey,
        String presetId,
        Boolean enabled,
        Long expectedVersion,
        String backupRtmpUrl,
        String backupStreamKey,
        String channelId) {

    /** A request without a channel (every request before issue 18). */
    public DestinationChanges(String name, String platform, String rtmpUrl, String streamKey, String presetId, Boolean enabled,
                              Long expectedVersion, String backupRtmpUrl, String backupStreamKey) {
        this(name, platform, rtmpUrl, streamKey, presetId, enabled, expectedVersion, backupRtmpUrl, backupStreamKey, null);
    }

    /** A request without backup ingest members (the seed's shape). */
    public DestinationChanges(String name, String platform, String rtmpUrl, String streamKey, String presetId, Boolean enabled,
                              Long expectedVersion) {
        this(name, platform, rtmpUrl, streamKey, presetId, enabled, expectedVersion, null, null, null);
    }

    @Override
    public String toString() {
        // Records print every component; this one holds a stream key.
        return "DestinationChanges[name=" + name + ", platform=" + platform + ", rtmpUrl=" + rtmpUrl
                + ", streamKey=" + (streamKey == null ? "null" : StreamKeys.hint(streamKey))
                + ", presetId=" + presetId + ", enabled=" + enabled + ", expectedVersion=" + expectedVersion
                + ", backupRtmpUrl=" + backupRtmpUrl
                + ", backupStreamKey=" + (backupStreamKey == null ? "null" : StreamKeys.hint(backupStreamKey))
                + ", channelId=" + channelId + "]";
    }
}
