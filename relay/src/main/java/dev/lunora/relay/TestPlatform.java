package dev.lunora.relay;

import java.util.Locale;

/**
 * The stand-in platform's one rule, shared by local media mode's loopback ingest and the {@link DryRunner}: any
 * stream key is accepted except one starting with "wrong", so a refused key can be tried from the page.
 */
public final class TestPlatform {

    public static final String REFUSED_KEY_PREFIX = "wrong";

    private TestPlatform() {
    }

    public static boolean refuses(String streamKey) {
        return streamKey != null && streamKey.toLowerCase(Locale.ROOT).startsWith(REFUSED_KEY_PREFIX);
    }
}
