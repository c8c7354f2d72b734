package dev.lunora.core.destination;

/**
 * Where a STANDARD channel's second pipeline pushes this destination. MediaLive runs two encoders on such a
 * channel and wants one destination per pipeline; two encoders pushing one URL and key make the platform drop one
 * of them (or both) — hence a separate ingest, e.g. YouTube's backup URL. Like the primary, only the SSM parameter
 * and a masked hint of a key are kept.
 *
 * @param rtmpUrl             the backup ingest URL (pipeline 1)
 * @param streamKeyParam      SSM parameter of a key of its own, or null: pipeline 1 pushes the primary key (YouTube's
 *                            backup ingest takes the same key as the primary)
 * @param streamKeyHint       masked key, or null with no key of its own
 * @param streamKeyFingerprint {@link KeyFingerprints#of} of its own key, or null (none, or an earlier scheme's)
 */
public record BackupIngest(String rtmpUrl, String streamKeyParam, String streamKeyHint, String streamKeyFingerprint) {

    public BackupIngest {
        streamKeyFingerprint = KeyFingerprints.known(streamKeyFingerprint);
    }

    public boolean hasOwnKey() {
        return streamKeyParam != null;
    }
}
