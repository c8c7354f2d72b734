package dev.lunora.relay;

import java.util.Locale;

/**
 * Reads ffmpeg's {@code -progress} output: {@code key=value} lines, each block ended by {@code progress=continue}
 * (or {@code end}). A block means the output is open; a growing {@code total_size} means packets flow.
 */
final class Progress {

    /**
     * One finished block: bytes written so far, the bitrate ffmpeg reports (null when it says N/A), and whether it
     * is ffmpeg's last ({@code progress=end}, written as it exits, e.g. on SIGTERM).
     */
    record Block(long totalSize, Integer bitrateKbps, boolean last) {
    }

    private long totalSize = -1;
    private Integer bitrateKbps;

    /** Feeds one line; returns the block it finishes, or null. */
    Block accept(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        switch (key) {
            case "total_size" -> totalSize = parseLong(value);
            case "bitrate" -> bitrateKbps = kbps(value);
            case "progress" -> {
                Block block = new Block(totalSize, bitrateKbps, "end".equals(value));
                totalSize = -1;
                bitrateKbps = null;
                return block;
            }
            default -> {
                // frame, fps, out_time_us, speed...: not needed to tell whether packets flow
            }
        }
        return null;
    }

    /** {@code 156.0kbits/s} → 156; N/A → null. ffmpeg pads the value with spaces. */
    static Integer kbps(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.endsWith("kbits/s")) {
            return null;
        }
        try {
            return (int) Math.round(Double.parseDouble(v.substring(0, v.length() - "kbits/s".length()).trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
