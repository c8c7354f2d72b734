package dev.lunora.core.destination;

/**
 * What a create or update request asks for, as given: every member may be null, meaning "not given".
 * Values are still raw (platform as its wire id) so that {@link DestinationRules} can say precisely what is
 * wrong with each.
 *
 * @param expectedVersion the version the editor saw; null skips the optimistic check (the old page sends none)
 */
public record DestinationChanges(
        String name,
        String platform,
        String rtmpUrl,
        String streamKey,
        String presetId,
        Boolean enabled,
        Long expectedVersion) {

    @Override
    public String toString() {
        // Records print every component; this one holds a stream key.
        return "DestinationChanges[name=" + name + ", platform=" + platform + ", rtmpUrl=" + rtmpUrl
                + ", streamKey=" + (streamKey == null ? "null" : StreamKeys.hint(streamKey))
                + ", presetId=" + presetId + ", enabled=" + enabled + ", expectedVersion=" + expectedVersion + "]";
    }
}
