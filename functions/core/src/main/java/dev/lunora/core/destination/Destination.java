package dev.lunora.core.destination;

import java.time.Instant;
import java.util.Objects;

/**
 * A place the channel can push to, with what the producer wants of it and what Lunora last saw.
 * The stream key itself is never here: only the SSM parameter that holds it and a masked hint.
 *
 * @param streamKeyParam SSM parameter name holding the key, or null when no key was given
 * @param streamKeyHint  masked key ({@code ••••1234}), or null when unknown (items from the old system)
 * @param streamKeyFingerprint {@link KeyFingerprints#of} of the key, so a plan sees a changed key; null when
 *                       unknown (items from the old system,
 *                       or a fingerprint of an earlier scheme, read as null) or no key
 * @param health         ok, degraded or failing from MediaLive's output alerts; null until an alert was seen
 * @param healthMessage  what the health means and what to do, for the page; null when healthy
 * @param version        optimistic-locking counter; 0 for items the old system wrote
 * @param backup         the ingest of a STANDARD channel's second pipeline; null when none was given
 * @param delivery       the relay's last report on its push to this destination (relay mode); null when none
 */
public record Destination(
        String destinationId,
        String name,
        Platform platform,
        String rtmpUrl,
        String streamKeyParam,
        String streamKeyHint,
        String streamKeyFingerprint,
        String presetId,
        boolean enabled,
        StreamingStatus streamingStatus,
        Instant streamingStartedAt,
        DesiredState desiredState,
        String channelId,
        String lastError,
        String health,
        String healthMessage,
        long version,
        Instant createdAt,
        Instant updatedAt,
        BackupIngest backup,
        DeliveryReport delivery) {

    public Destination {
        Objects.requireNonNull(destinationId, "destinationId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(streamingStatus, "streamingStatus");
        Objects.requireNonNull(desiredState, "desiredState");
        // An earlier, unkeyed scheme's fingerprint is unknown: the plan compares the key again once it is edited.
        streamKeyFingerprint = KeyFingerprints.known(streamKeyFingerprint);
    }

    public boolean hasStreamKey() {
        return streamKeyParam != null;
    }

    /** Streaming, or on its way to or from it: deleting now would orphan an output on the channel. */
    public boolean isLive() {
        return desiredState == DesiredState.STREAMING
                || streamingStatus == StreamingStatus.STREAMING
                || streamingStatus == StreamingStatus.STARTING
                || streamingStatus == StreamingStatus.STOPPING;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String destinationId, Platform platform) {
        return new Builder(destinationId, platform);
    }

    /** Copy-and-change for the few fields a use case touches. */
    public static final class Builder {
        private String destinationId;
        private String name;
        private Platform platform;
        private String rtmpUrl;
        private String streamKeyParam;
        private String streamKeyHint;
        private String streamKeyFingerprint;
        private String presetId;
        private boolean enabled = true;
        private StreamingStatus streamingStatus = StreamingStatus.READY;
        private Instant streamingStartedAt;
        private DesiredState desiredState = DesiredState.STOPPED;
        private String channelId;
        private String lastError;
        private String health;
        private String healthMessage;
        private long version;
        private Instant createdAt;
        private Instant updatedAt;
        private BackupIngest backup;
        private DeliveryReport delivery;

        private Builder(String destinationId, Platform platform) {
            this.destinationId = destinationId;
            this.platform = platform;
        }

        private Builder(Destination d) {
            destinationId = d.destinationId;
            name = d.name;
            platform = d.platform;
            rtmpUrl = d.rtmpUrl;
            streamKeyParam = d.streamKeyParam;
            streamKeyHint = d.streamKeyHint;
            streamKeyFingerprint = d.streamKeyFingerprint;
            presetId = d.presetId;
            enabled = d.enabled;
            streamingStatus = d.streamingStatus;
            streamingStartedAt = d.streamingStartedAt;
            desiredState = d.desiredState;
            channelId = d.channelId;
            lastError = d.lastError;
            health = d.health;
            healthMessage = d.healthMessage;
            version = d.version;
            createdAt = d.createdAt;
            updatedAt = d.updatedAt;
            backup = d.backup;
            delivery = d.delivery;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder platform(Platform v) { platform = v; return this; }
        public Builder rtmpUrl(String v) { rtmpUrl = v; return this; }
        public Builder streamKeyParam(String v) { streamKeyParam = v; return this; }
        public Builder streamKeyHint(String v) { streamKeyHint = v; return this; }
        public Builder streamKeyFingerprint(String v) { streamKeyFingerprint = v; return this; }
        public Builder presetId(String v) { presetId = v; return this; }
        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder streamingStatus(StreamingStatus v) { streamingStatus = v; return this; }
        public Builder streamingStartedAt(Instant v) { streamingStartedAt = v; return this; }
        public Builder desiredState(DesiredState v) { desiredState = v; return this; }
        public Builder channelId(String v) { channelId = v; return this; }
        public Builder lastError(String v) { lastError = v; return this; }
        public Builder health(String v) { health = v; return this; }
        public Builder healthMessage(String v) { healthMessage = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder backup(BackupIngest v) { backup = v; return this; }
        public Builder delivery(DeliveryReport v) { delivery = v; return this; }

        public Destination build() {
            return new Destination(destinationId, name, platform, rtmpUrl, streamKeyParam, streamKeyHint, streamKeyFingerprint,
                    presetId, enabled, streamingStatus, streamingStartedAt, desiredState, channelId, lastError, health, healthMessage, version,
                    createdAt, updatedAt, backup, delivery);
        }
    }
}
