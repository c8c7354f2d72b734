package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.LocalMode;
import dev.lunora.local.LocalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data-dir} keeps destinations and their keys across restarts; without it nothing survives. */
class LocalModeRestartSystemTest {

    @TempDir
    Path dataDir;

    private static LocalOptions options(Path dataDir) {
        return TestLocalModes.options().dataDir(dataDir).build();
    }

    @Test
    void restart_withDataDir_keepsDestinationAndKey() throws Exception {
        String id;
        String param;
        try (LocalMode first = LocalMode.start(options(dataDir))) {
            LocalApi api = new LocalApi(first.webUrl());
            var created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Kept", "platform", "twitch", "stream_key", "live_1234567890abcdef")));
            assertThat(created.status()).isEqualTo(201);
            id = created.json().path("destination").path("destination_id").asText();
            param = created.json().path("destination").path("stream_key_param").asText();
        }
        Path parameters = dataDir.resolve("ssm-parameters.json");
        assertThat(Files.getPosixFilePermissions(parameters)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        try (LocalMode second = LocalMode.start(options(dataDir))) {
            LocalApi api = new LocalApi(second.webUrl());
            var d = api.get("/api/destinations/" + id);
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.json().path("destination").path("stream_key_hint").asText()).isEqualTo("••••cdef");
            assertThat(second.parameterStore().contains(param)).isTrue();
            assertThat(api.get("/api/destinations").json().path("count").asInt()).as("seeded once, not again").isEqualTo(4);
        }
    }

    @Test
    void restart_inMemory_startsFreshFromSeed() throws Exception {
        try (LocalMode first = LocalMode.start(options(null))) {
            new LocalApi(first.webUrl()).post("/api/destinations", LocalApi.json(Map.of("name", "Gone", "platform", "hls")));
        }
        try (LocalMode second = LocalMode.start(options(null))) {
            assertThat(new LocalApi(second.webUrl()).get("/api/destinations").json().path("count").asInt()).isEqualTo(3);
        }
    }
}
