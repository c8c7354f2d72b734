package dev.lunora.relay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The programs real pushes run: nginx with its RTMP module, ffmpeg and ffprobe, from Debian's packages
 * ({@code apt-get install nginx libnginx-mod-rtmp ffmpeg}).
 */
public record MediaTools(Path nginx, Path rtmpModule, Path ffmpeg, Path ffprobe) {

    private static final List<Path> RTMP_MODULES = List.of(
            Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so"),
            Path.of("/usr/share/nginx/modules/ngx_rtmp_module.so"),
            Path.of("/usr/lib64/nginx/modules/ngx_rtmp_module.so"));

    /** The tools, or empty with {@link #missing()} saying what to install. */
    public static Optional<MediaTools> find() {
        Optional<Path> nginx = onPath("nginx", Path.of("/usr/sbin/nginx"));
        Optional<Path> module = RTMP_MODULES.stream().filter(Files::isRegularFile).findFirst();
        Optional<Path> ffmpeg = onPath("ffmpeg", null);
        Optional<Path> ffprobe = onPath("ffprobe", null);
        if (nginx.isEmpty() || module.isEmpty() || ffmpeg.isEmpty() || ffprobe.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MediaTools(nginx.get(), module.get(), ffmpeg.get(), ffprobe.get()));
    }

    /** What is missing, in words, or empty when everything is there. */
    public static Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        if (onPath("nginx", Path.of("/usr/sbin/nginx")).isEmpty()) {
            missing.add("nginx");
        }
        if (RTMP_MODULES.stream().noneMatch(Files::isRegularFile)) {
            missing.add("nginx's RTMP module (libnginx-mod-rtmp)");
        }
        if (onPath("ffmpeg", null).isEmpty() || onPath("ffprobe", null).isEmpty()) {
            missing.add("ffmpeg/ffprobe");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("real media needs " + String.join(", ", missing)
                + ": apt-get install nginx libnginx-mod-rtmp ffmpeg");
    }

    private static Optional<Path> onPath(String program, Path fallback) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return fallback != null && Files.isExecutable(fallback) ? Optional.of(fallback) : Optional.empty();
    }
}
