package dev.lunora.core.destination;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a destination streams to. Wire names are the seed system's lower-case ids. */
public enum Platform {
    /** Backup ingest: YouTube's documented secondary server, same key (shared/design/medialive-api.md §7.12, [YT-BLOG]). */
    YOUTUBE("youtube", "YouTube", "rtmp://a.rtmp.youtube.com/live2", "rtmp://b.rtmp.youtube.com/live2?backup=1"),
    TWITCH("twitch", "Twitch", "rtmp://live.twitch.tv/app", null),
    FACEBOOK("facebook", "Facebook", "rtmps://live-api-s.facebook.com:443/rtmp", null),
    X("x", "X", "rtmps://ingest.pscp.tv:443/x", null),
    LINKEDIN("linkedin", "LinkedIn", "rtmps://livein.linkedin.com:443/live", null),
    /** Any rtmp:// or rtmps:// server; the URL is required. */
    CUSTOM("custom", "Custom RTMP", null, null),
    /** The channel's MediaPackage HLS output: no URL, no key, only needs the channel running. */
    HLS("hls", "HLS (MediaPackage)", null, null);

    private final String id;
    private final String displayName;
    private final String defaultIngestUrl;
    private final String backupIngestUrl;

    Platform(String id, String displayName, String defaultIngestUrl, String backupIngestUrl) {
        this.id = id;
        this.displayName = displayName;
        this.defaultIngestUrl = defaultIngestUrl;
        this.backupIngestUrl = backupIngestUrl;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The platform's usual ingest URL, used when the producer gives none. */
    public Optional<String> defaultIngestUrl() {
        return Optional.ofNullable(defaultIngestUrl);
    }

    /** The platform's backup ingest URL, for a STANDARD channel's second pipeline, where the platform has one. */
    public Optional<String> backupIngestUrl() {
        return Optional.ofNullable(backupIngestUrl);
    }

    /** Whether MediaLive needs an RTMP output (URL and key) for this platform. */
    public boolean pushesRtmp() {
        return this != HLS;
    }

    public static Optional<Platform> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static String allIds() {
        return Arrays.stream(values()).map(Platform::id).collect(Collectors.joining(", "));
    }
}
