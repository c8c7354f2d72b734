package dev.lunora.test;

import dev.lunora.local.LocalOptions;
import java.nio.file.Path;

/** Local mode options for tests: free ports, and the checkout's folders as the build passes them in. */
final class TestLocalModes {

    private TestLocalModes() {
    }

    /**
     * The periodic cost guard is parked (once a year) so its runs do not mingle with the ones a test counts; the
     * tests of the guard itself set their own rate.
     */
    static LocalOptions.Builder options() {
        return LocalOptions.builder().port(0).awsPort(0).env("COST_GUARD_RATE", "rate(365 days)")
                .frontendDir(Path.of(System.getProperty("lunora.frontend.dir", "../frontend")))
                .statemachinesDir(Path.of(System.getProperty("lunora.statemachines.dir", "../statemachines")));
    }
}
