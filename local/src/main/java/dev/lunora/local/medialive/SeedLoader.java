package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a seed file ({@code {"inputs":[...], "channels":[...]}}, each item shaped like a Describe response)
 * into the store. Inputs go first so channel attachments validate against them.
 */
final class SeedLoader {

    static final String DEFAULT_SEED = "/medialive/seed.json";

    private SeedLoader() {
    }

    static void load(InputStream in, ChannelStore store) {
        JsonNode seed;
        try (in) {
            seed = HttpExchanges.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the MediaLive seed file could not be read", e);
        }
        seed.path("inputs").forEach(store::seedInput);
        seed.path("channels").forEach(store::seedChannel);
    }

    static InputStream defaultSeed() {
        InputStream in = SeedLoader.class.getResourceAsStream(DEFAULT_SEED);
        if (in == null) {
            throw new IllegalStateException("the bundled seed " + DEFAULT_SEED + " is missing from the classpath");
        }
        return in;
    }
}
