package dev.lunora.relay;

import java.io.IOException;

/**
 * Starts the process behind one push: real ffmpeg ({@link FfmpegRunner}) or a stand-in for machines without media
 * tools ({@link DryRunner}). Either way the supervisor sees the same thing: ffmpeg's progress lines and error lines.
 */
public interface ProcessRunner {

    /** Receives the process's output, line by line, on threads the runner owns. */
    interface Output {
        /** A line of {@code -progress} output ({@code key=value}; a block ends with {@code progress=...}). */
        void progress(String line);

        /** A line ffmpeg wrote to stderr; may hold the URLs, so mask before showing. */
        void error(String line);
    }

    PushProcess start(PushTarget target, Output output) throws IOException;
}
