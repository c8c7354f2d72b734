package dev.lunora.core.channel;

/**
 * An RTMP output the channel should have. Holds the name of the SSM parameter with the key, never the key:
 * plans travel through Step Functions state, which is kept in execution history.
 *
 * @param backup where pipeline 1 of a STANDARD channel pushes; null on a single-pipeline channel
 */
public record OutputSpec(String destinationId, String url, String streamKeyParam, String presetId, String keyFingerprint,
                         Backup backup) {

    /** An output whose key the plan need not compare (no fingerprint known). */
    public OutputSpec(String destinationId, String url, String streamKeyParam, String presetId) {
        this(destinationId, url, streamKeyParam, presetId, null, null);
    }

    /** A single-pipeline output. */
    public OutputSpec(String destinationId, String url, String streamKeyParam, String presetId, String keyFingerprint) {
        this(destinationId, url, streamKeyParam, presetId, keyFingerprint, null);
    }

    /**
     * Pipeline 1's ingest.
     *
     * @param streamKeyParam the backup's own key, or null to push the primary key there too
     * @param keyFingerprint fingerprint of the key pipeline 1 pushes (its own, else the primary's); null when unknown
     */
    public record Backup(String url, String streamKeyParam, String keyFingerprint) {
    }

    public String outputName() {
        return LunoraOutputs.outputName(destinationId);
    }

    public String destinationRefId() {
        return LunoraOutputs.destinationRefId(destinationId);
    }

    /**
     * Equal when the channel already pushes this destination the same way. The key is compared by fingerprint
     * when the destination has one (items from the old system do not until their key is edited).
     */
    boolean sameAs(ChannelView.OutputOnChannel onChannel) {
        return destinationId.equals(onChannel.destinationId()) && url.equals(onChannel.url())
                && (presetId == null || presetId.equals(onChannel.presetId()))
                && (keyFingerprint == null || keyFingerprint.equals(onChannel.keyFingerprint()))
                && (backup == null || backup.url().equals(onChannel.backupUrl())
                        && (backup.keyFingerprint() == null || backup.keyFingerprint().equals(onChannel.backupKeyFingerprint())));
    }
}
