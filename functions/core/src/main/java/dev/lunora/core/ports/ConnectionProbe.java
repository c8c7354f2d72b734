package dev.lunora.core.ports;

/**
 * Checks that a destination's RTMP server can be reached and accepts its application, without publishing and
 * without sending the stream key anywhere (the seed page's "Test" button).
 */
public interface ConnectionProbe {

    /** Tries {@code rtmpUrl} (rtmp:// or rtmps://host[:port]/app) within the probe's time bound. */
    Result probe(String rtmpUrl);

    /**
     * @param connectivity {@code reachable}, or what failed: {@code dns}, {@code refused}, {@code tls}, {@code timeout},
     *                     {@code handshake}, {@code application_refused}
     * @param latencyMs    the TCP connect time (null when no connection was made)
     * @param message      the outcome in words for the producer
     */
    record Result(String connectivity, Long latencyMs, String message) {

        public boolean reachable() {
            return "reachable".equals(connectivity);
        }
    }
}
