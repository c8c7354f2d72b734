package dev.lunora.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local/target/lunora-local.jar [--port 8080] [--aws-port 4566] [--data-dir DIR] [--time-scale N]} */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lunora-local: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        LocalMode mode;
        try {
            mode = LocalMode.start(options);
        } catch (java.net.BindException e) {
            System.err.println("lunora-local: a port is already in use (web " + options.port() + ", AWS edge " + options.awsPort()
                    + "). Is local mode already running? Stop it, or pick others with --port and --aws-port.");
            System.exit(1);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("lunora-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Lunora local mode stopping…");
            mode.close();
            stopped.countDown();
        }, "lunora-shutdown"));
        System.out.printf("""

                Lunora local mode is ready (%.1f s).
                  Web page and API:  %s
                  AWS edge:          %s   (dynamodb, ssm, medialive, states, scheduler: --endpoint-url for any AWS SDK or the AWS CLI)
                  Channel:           3714710 (simulated MediaLive; a start takes %.1f s here)
                  Other channels:    6802366 (SRT_CALLER), 6890857 (RTMP_PUSH), not managed: GET /api/channels, PUT /api/channels/{id} {"managed":true}
                  Data:              %s
                  Time scale:        %s×
                  Media:             %s
                Press Ctrl-C to stop.
                %n""", (System.nanoTime() - started) / 1e9, mode.webUrl(), mode.awsEndpoint(),
                mode.mediaLive().options().startDuration().toSeconds() / options.timeScale(),
                options.dataDir() == null ? "in memory (use --data-dir DIR to keep it)" : options.dataDir().toAbsolutePath(),
                options.timeScale(),
                mode.media().map(m -> "push to " + m.inputUrl(LocalMode.CHANNEL_ID) + " (OBS or local/test-source.sh); test platform "
                        + m.ingestUrl() + " (keys starting with 'wrong' are refused)").orElse("off (--media: real RTMP with nginx and ffmpeg)"));
        stopped.await();
    }

    static LocalOptions parse(String[] args) {
        LocalOptions.Builder b = LocalOptions.builder();
        boolean media = false;
        int rtmpPort = LocalOptions.DEFAULT_RTMP_PORT;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (flag.equals("--media")) {
                media = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> b.port(port(flag, value));
                case "--aws-port" -> b.awsPort(port(flag, value));
                case "--data-dir" -> b.dataDir(Path.of(value));
                case "--frontend-dir" -> b.frontendDir(Path.of(value));
                case "--time-scale" -> {
                    try {
                        b.timeScale(Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--time-scale must be a number, was '" + value + "'");
                    }
                }
                case "--delivery" -> b.delivery(value);
                case "--rtmp-port" -> {
                    media = true;
                    rtmpPort = port(flag, value);
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (media) {
            b.media(rtmpPort);
        }
        return b.build();
    }

    private static int port(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number, was '" + value + "'");
        }
    }

    private static String usage() {
        return "usage: lunora-local [--port 8080] [--aws-port 4566] [--data-dir DIR] [--time-scale N] [--frontend-dir DIR]"
                + " [--media [--rtmp-port 1935]] [--delivery relay|direct]";
    }
}
