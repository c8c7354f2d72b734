package dev.lunora.core.destination;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a destination streams to. Wire names are the seed system's lower-case ids. */
public enum Platform {
    YOUTUBE("youtube", "YouTube", "rtmp://a.rtmp.youtube.com/live2"),
    TWITCH("twitch", "Twitch", "rtmp://live.twitch.tv/app"),
    FACEBOOK("facebook", "Facebook", "rtmps://live-api-s.facebook.com:443/rtmp"),
    X("x", "X", "rtmps://ingest.pscp.tv:443/x"),
    LINKEDIN("linkedin", "LinkedIn", "rtmps://livein.linkedin.com:443/live"),
    /** Any rtmp:// or rtmps:// server; the URL is required. */
    CUSTOM("custom", "Custom RTMP", null),
    /** The channel's MediaPackage HLS output: no URL, no key, only needs the channel running. */
    HLS("hls", "HLS (MediaPackage)", null);

    private final String id;
    private final String displayName;
    private final String defaultIngestUrl;

    Platform(String id, String displayName, String defaultIngestUrl) {
        this.id = id;
        this.displayName = displayName;
        this.defaultIngestUrl = defaultIngestUrl;
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
