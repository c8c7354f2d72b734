package dev.lunora.relay;

import java.time.Duration;
import java.util.Optional;

/** A running push started by a {@link ProcessRunner}. */
public interface PushProcess {

    /** Waits up to {@code patience}; true once the process ended and all its output was delivered. */
    boolean waitFor(Duration patience) throws InterruptedException;

    /** Ends the process (politely first) and waits until it is gone. Idempotent. */
    void stop();

    /** The operating-system process, for checks that nothing is left behind; empty for a dry push. */
    Optional<ProcessHandle> handle();
}
