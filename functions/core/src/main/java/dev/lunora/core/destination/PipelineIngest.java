package dev.lunora.core.destination;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a destination gives every pipeline of its channel an ingest of its own. A STANDARD channel has two
 * pipelines, each pushing every RTMP output to its own entry of the destination's settings (MediaLive user guide,
 * "RTMP output: destinations": one URL per pipeline); both on one URL and key would make the platform see two
 * encoders fighting over one stream. One rule, used when a click is taken and again when a run plans.
 */
public final class PipelineIngest {

    private PipelineIngest() {
    }

    /** Why {@code d} cannot stream on a channel of {@code pipelines} pipelines, in words for the producer; empty if it can. */
    public static Optional<String> problem(Destination d, int pipelines) {
        if (pipelines < 2 || !d.platform().pushesRtmp()) {
            return Optional.empty();
        }
        BackupIngest backup = d.backup();
        String name = "'" + d.name() + "'";
        String example = d.platform().backupIngestUrl().map(u -> " (" + d.platform().displayName() + ": " + u + ")").orElse("");
        if (backup == null || backup.rtmpUrl() == null) {
            return Optional.of(name + " has no backup ingest, and its channel is a STANDARD channel whose two pipelines each push"
                    + " to their own URL. Add a backup RTMP URL" + example + " to the destination, then press Start again.");
        }
        if (Objects.equals(backup.rtmpUrl(), d.rtmpUrl()) && !backup.hasOwnKey()) {
            return Optional.of(name + "'s backup URL is its primary URL with the same key, so both pipelines of the STANDARD"
                    + " channel would push one stream. Give the backup another URL" + example + " or a stream key of its own.");
        }
        return Optional.empty();
    }
}
