package dev.lunora.relay;

import java.util.List;

/**
 * Why a push failed, in words a producer can act on. Classified from ffmpeg's error lines (the samples the tests
 * hold were captured from ffmpeg 5.1 on Debian); never quotes a line, since lines hold the URL and so the key.
 */
public enum PushFailure {
    REFUSED_KEY("the platform refused the stream key"),
    CONNECTION_REFUSED("could not reach the server (connection refused)"),
    UNRESOLVED_HOST("the server name could not be resolved"),
    UNREACHABLE("could not reach the server (no route to it)"),
    TLS_HANDSHAKE("TLS handshake failed"),
    TIMED_OUT("timed out: the server did not answer"),
    CLOSED_BY_SERVER("the server closed the connection"),
    STALLED("the stream stalled: no media flowed for a while"),
    NO_PROGRAM("no program on the relay's ingest (is the channel pushing to the relay?)"),
    CANNOT_START("the relay could not start ffmpeg"),
    OTHER("the connection to the server failed");

    private final String words;

    PushFailure(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /**
     * The failure ffmpeg's last error lines describe. Lower-level causes come first: an unresolved name or a refused
     * TCP connection also ends in ffmpeg's generic "Input/output error" line, which alone means the server accepted
     * the connection and then refused the publish — how nginx-rtmp and the platforms answer an unknown key.
     *
     * @param sourceUrl the push's input: an error naming it is about the relay's ingest, not the platform
     */
    public static PushFailure classify(List<String> errorLines, String sourceUrl) {
        String all = String.join("\n", errorLines);
        if (all.isBlank()) {
            return OTHER;
        }
        if (errorLines.stream().anyMatch(line -> line.startsWith(sourceUrl + ":"))) {
            return NO_PROGRAM;
        }
        if (all.contains("Failed to resolve hostname") || all.contains("Name or service not known")
                || all.contains("Temporary failure in name resolution")) {
            return UNRESOLVED_HOST;
        }
        if (all.contains("Connection refused")) {
            return CONNECTION_REFUSED;
        }
        if (all.contains("No route to host") || all.contains("Network is unreachable")) {
            return UNREACHABLE;
        }
        if (all.contains("timed out") || all.contains("Connection timed out")) {
            return TIMED_OUT;
        }
        if (all.contains("[tls @") || all.contains("TLS") || all.contains("Cannot open connection tls://")) {
            return TLS_HANDSHAKE;
        }
        if (all.contains("Cannot read RTMP handshake") || all.contains("End of file") || all.contains("Connection reset by peer")
                || all.contains("Broken pipe")) {
            return CLOSED_BY_SERVER;
        }
        if (all.contains("Input/output error") || all.contains("Server error") || all.contains("NetStream.Publish")) {
            return REFUSED_KEY;
        }
        return OTHER;
    }
}
