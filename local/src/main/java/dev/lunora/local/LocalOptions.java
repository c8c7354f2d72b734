package dev.lunora.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How local mode starts. Ports 0 pick free ones (tests); {@code dataDir} null keeps everything in memory.
 *
 * @param timeScale   simulated seconds per real second for every stand-in (1 = real timing)
 * @param environment Lunora variables set for this run (e.g. COST_GUARD_RATE), over those of the process
 * @param rtmpPort    media mode's RTMP server port (0: a free one); null when media mode is off
 * @param delivery    the seeded channel's delivery mode to set at start ("relay" or "direct"); null keeps what is stored
 */
public record LocalOptions(int port, int awsPort, Path dataDir, double timeScale, Path frontendDir, Path statemachinesDir,
                           Map<String, String> environment, Integer rtmpPort, String delivery) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_AWS_PORT = 4566;
    /** RTMP's usual port, which the seeded input's URL names. */
    public static final int DEFAULT_RTMP_PORT = 1935;

    public LocalOptions {
        if (port < 0 || port > 65535 || awsPort < 0 || awsPort > 65535 || (rtmpPort != null && (rtmpPort < 0 || rtmpPort > 65535))) {
            throw new IllegalArgumentException("ports must be between 0 and 65535");
        }
        if (delivery != null && !delivery.equals("relay") && !delivery.equals("direct")) {
            throw new IllegalArgumentException("--delivery must be relay or direct, was '" + delivery + "'");
        }
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("--time-scale must be a positive number, was " + timeScale);
        }
        environment = Map.copyOf(environment);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A top-level folder of the checkout ({@code frontend/}, {@code statemachines/}): beside the working directory
     * when run from the repository root, else found from the jar's location ({@code local/target/lunora-local.jar}).
     */
    static Path locate(String folder) {
        Path cwd = Path.of(folder);
        if (Files.isDirectory(cwd)) {
            return cwd;
        }
        try {
            Path jar = Path.of(LocalOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve(folder)) && Files.isDirectory(dir.resolve("local"))) {
                    return dir.resolve(folder);
                }
            }
        } catch (java.net.URISyntaxException | SecurityException ignored) {
            // fall through to the working-directory guess, which the error below names
        }
        return cwd;
    }

    public static final class Builder {
        private int port = DEFAULT_PORT;
        private int awsPort = DEFAULT_AWS_PORT;
        private Path dataDir;
        private double timeScale = 1;
        private Path frontendDir;
        private Path statemachinesDir;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Integer rtmpPort;
        private String delivery;

        public Builder port(int v) { port = v; return this; }
        public Builder awsPort(int v) { awsPort = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder timeScale(double v) { timeScale = v; return this; }
        public Builder frontendDir(Path v) { frontendDir = v; return this; }
        public Builder statemachinesDir(Path v) { statemachinesDir = v; return this; }
        public Builder env(String name, String value) { environment.put(name, value); return this; }
        /** Media mode on, its RTMP server on {@code port} (0: a free one). */
        public Builder media(int port) { rtmpPort = port; return this; }
        public Builder delivery(String v) { delivery = v; return this; }

        public LocalOptions build() {
            return new LocalOptions(port, awsPort, dataDir, timeScale, frontendDir != null ? frontendDir : locate("frontend"),
                    statemachinesDir != null ? statemachinesDir : locate("statemachines"), environment, rtmpPort, delivery);
        }
    }
}
