package dev.lunora.core.destination;

import java.time.Instant;

/** Test data: a stopped, enabled YouTube destination with a key, and request builders; change only what a test is about. */
final class TestDestinations {

    static final Instant EARLIER = Instant.parse("2026-11-01T09:00:00Z");
    /** Long enough that its hint shows the tail {@code mnop}. */
    static final String KEY = "abcd-efgh-ijkl-mnop";
    static final String CHANNEL = "ch-studio";

    private TestDestinations() {
    }

    static Destination.Builder aYouTubeDestination(String destinationId) {
        return Destination.builder(destinationId, Platform.YOUTUBE)
                .name("Main YouTube")
                .rtmpUrl("rtmp://a.rtmp.youtube.com/live2")
                .streamKeyParam(InMemoryStreamKeyVault.parameterName(destinationId))
                .streamKeyHint("••••mnop")
                .presetId("preset-720p")
                .enabled(true)
                .streamingStatus(StreamingStatus.READY)
                .desiredState(DesiredState.STOPPED)
                .channelId(CHANNEL)
                .version(3)
                .createdAt(EARLIER)
                .updatedAt(EARLIER);
    }

    static Destination.Builder anHlsDestination(String destinationId) {
        return aYouTubeDestination(destinationId).platform(Platform.HLS).name("Site player").rtmpUrl(null)
                .streamKeyParam(null).streamKeyHint(null);
    }

    static ChangesBuilder aCreateRequest() {
        return new ChangesBuilder().name("Main YouTube").platform("youtube").streamKey(KEY);
    }

    /** Nothing given: an update that changes nothing until a test sets a member. */
    static ChangesBuilder anEdit() {
        return new ChangesBuilder();
    }

    static final class ChangesBuilder {
        private String name;
        private String platform;
        private String rtmpUrl;
        private String streamKey;
        private String presetId;
        private Boolean enabled;
        private Long expectedVersion;
        private String backupRtmpUrl;
        private String backupStreamKey;
        private String channelId;

        ChangesBuilder name(String v) { name = v; return this; }
        ChangesBuilder platform(String v) { platform = v; return this; }
        ChangesBuilder rtmpUrl(String v) { rtmpUrl = v; return this; }
        ChangesBuilder streamKey(String v) { streamKey = v; return this; }
        ChangesBuilder presetId(String v) { presetId = v; return this; }
        ChangesBuilder enabled(Boolean v) { enabled = v; return this; }
        ChangesBuilder expectedVersion(Long v) { expectedVersion = v; return this; }
        ChangesBuilder backupRtmpUrl(String v) { backupRtmpUrl = v; return this; }
        ChangesBuilder backupStreamKey(String v) { backupStreamKey = v; return this; }
        ChangesBuilder channelId(String v) { channelId = v; return this; }

        DestinationChanges build() {
            return new DestinationChanges(name, platform, rtmpUrl, streamKey, presetId, enabled, expectedVersion, backupRtmpUrl,
                    backupStreamKey, channelId);
        }
    }
}
