package dev.lunora.test;

import dev.lunora.local.LocalOptions;
import java.nio.file.Path;

/** Local mode options for tests: free ports, and the checkout's folders as the build passes them in. */
final class TestLocalModes {

    private TestLocalModes() {
    }

    static LocalOptions.Builder options() {
        return LocalOptions.builder().port(0).awsPort(0)
                .frontendDir(Path.of(System.getProperty("lunora.frontend.dir", "../frontend")))
                .statemachinesDir(Path.of(System.getProperty("lunora.statemachines.dir", "../statemachines")));
    }
}
