package dev.lunora.core.alert;

import dev.lunora.core.destination.Platform;
import java.util.Locale;

/**
 * What each RTMP delivery alert MediaLive documents means for a producer, and what to do about it. Never
 * quotes MediaLive's own message: custom servers sometimes carry the stream key in the URL it names.
 */
public final class AlertMessages {

    /** MediaLive's alert types (the {@code alert_type} wording) for RTMP delivery. */
    static final String FAILED_RTMP_CONNECTION = "Failed RTMP Connection"; // 6018
    static final String FAILED_TO_CREATE_OUTPUT = "Failed to Create Output File or Socket"; // 6005
    static final String FAILED_TO_WRITE = "Failed to Write to Output"; // 6006
    static final String FAILED_TO_CLOSE = "Failed to Close or Finalize The Output"; // 6007
    static final String FAILED_CERTIFICATE = "Failed to Validate Certificate Chain When Publishing"; // 6028

    private AlertMessages() {
    }

    /** The plain-language message for one alert on a destination of {@code platform}. */
    public static String describe(Platform platform, String alertType) {
        String who = who(platform);
        String type = alertType == null ? "" : alertType.strip().toLowerCase(Locale.ROOT);
        if (type.equals(FAILED_RTMP_CONNECTION.toLowerCase(Locale.ROOT))) {
            return who + " refused the connection or the stream key — check the key in " + whereKeysLive(platform)
                    + " and the URL, then stop and start this destination.";
        }
        if (type.equals(FAILED_TO_CREATE_OUTPUT.toLowerCase(Locale.ROOT))) {
            return "MediaLive could not open a connection to " + possessive(platform) + " ingest server — check the URL "
                    + "(host name, and port 443 for rtmps://) and that " + whom(platform) + " is accepting streams.";
        }
        if (type.equals(FAILED_TO_WRITE.toLowerCase(Locale.ROOT))) {
            return "The connection to " + whom(platform) + " keeps dropping while sending video — MediaLive is retrying; "
                    + "if it does not recover within a minute, check the stream's health on " + whom(platform)
                    + " and stop and start this destination.";
        }
        if (type.equals(FAILED_TO_CLOSE.toLowerCase(Locale.ROOT))) {
            return "MediaLive could not close the stream to " + whom(platform) + " cleanly — the end of the recording "
                    + "there may be missing; check it on " + whom(platform) + ".";
        }
        if (type.equals(FAILED_CERTIFICATE.toLowerCase(Locale.ROOT))) {
            return who + " presented a certificate MediaLive could not verify — use the platform's official rtmps:// "
                    + "ingest URL (the host name must match its certificate); for your own server, install a certificate "
                    + "from a public certificate authority, or use rtmp://.";
        }
        return "MediaLive reports \"" + (alertType == null || alertType.isBlank() ? "an output alert" : alertType.strip())
                + "\" on this destination's output — check the channel's alerts in the MediaLive console.";
    }

    /** Adds what "degraded" means when only some pipelines fail. */
    static String degraded(String message) {
        return "One of the channel's two pipelines cannot deliver, so the stream has no backup: " + message;
    }

    private static String who(Platform platform) {
        return platform == Platform.CUSTOM ? "The RTMP server" : platform.displayName();
    }

    private static String whom(Platform platform) {
        return platform == Platform.CUSTOM ? "the RTMP server" : platform.displayName();
    }

    private static String possessive(Platform platform) {
        return platform == Platform.CUSTOM ? "the RTMP server's" : platform.displayName() + "'s";
    }

    private static String whereKeysLive(Platform platform) {
        return switch (platform) {
            case YOUTUBE -> "YouTube Studio (Go live → Stream settings)";
            case TWITCH -> "the Twitch dashboard (Settings → Stream)";
            case FACEBOOK -> "Facebook Live Producer";
            case X -> "X Media Studio (Producer)";
            case LINKEDIN -> "LinkedIn's live event settings";
            case CUSTOM, HLS -> "your streaming server's settings";
        };
    }
}
