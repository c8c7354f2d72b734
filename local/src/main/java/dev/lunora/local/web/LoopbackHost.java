package dev.lunora.local.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Local mode answers only requests addressed to loopback by name. A page on {@code evil.example} whose DNS later points
 * at 127.0.0.1 (DNS rebinding) reaches the same socket, but its requests say {@code Host: evil.example}.
 */
final class LoopbackHost {

    private static final Pattern LOOPBACK = Pattern.compile("^(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?$");

    private LoopbackHost() {
    }

    static boolean names(String hostHeader) {
        return hostHeader != null && LOOPBACK.matcher(hostHeader.strip().toLowerCase(Locale.ROOT)).matches();
    }
}
