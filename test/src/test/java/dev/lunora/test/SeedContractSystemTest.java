package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.LocalMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 17 item 2 and CORS (item 1), through local mode: the seed system's contract where Lunora differed. */
class SeedContractSystemTest {

    private static final String SEED_ORIGIN = "http://127.0.0.1:5173";
    private static LocalMode local;
    private static LocalApi api;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        local = LocalMode.start(TestLocalModes.options().timeScale(500).env("LUNORA_ALLOWED_ORIGINS", SEED_ORIGIN).build());
        api = new LocalApi(local.webUrl());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void preflight_fromAllowedOrigin_204WithMethodsAndHeaders_fromOtherOrigin_noCorsHeaders() throws Exception {
        HttpResponse<String> allowed = preflight(SEED_ORIGIN);
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).contains(SEED_ORIGIN);
        assertThat(allowed.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST", "PUT", "DELETE");
        assertThat(allowed.headers().firstValue("access-control-allow-headers").orElse("")).containsIgnoringCase("content-type");

        HttpResponse<String> other = preflight("http://127.0.0.1:6666");
        assertThat(other.headers().firstValue("access-control-allow-origin")).as("a disallowed origin gets no CORS header").isEmpty();

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/health")).header("Origin", SEED_ORIGIN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.headers().firstValue("access-control-allow-origin")).contains(SEED_ORIGIN);
        assertThat(get.headers().allValues("access-control-allow-origin")).doesNotContain("*");
    }

    @Test
    void health_saysHealthy_presetsPerPlatform_maskedKeyKeepsTheKey_medialiveStatus_noChannelListedWhileIdle() {
        assertThat(api.get("/api/health").json().path("status").asText()).isEqualTo("healthy");
        var platforms = new java.util.HashSet<String>();
        api.get("/api/presets").json().path("presets").forEach(p -> platforms.add(p.path("platform").asText()));
        assertThat(platforms).contains("youtube", "twitch", "facebook", "x", "linkedin", "custom", "hls");

        var created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Keep my key", "platform", "twitch",
                "stream_key", "live_1234567_abcdEFGH")));
        String id = created.json().path("destination").path("destination_id").asText();
        String fingerprint = local.wiring().destinationStore().find(id).orElseThrow().streamKeyFingerprint();
        assertThat(created.json().path("destination").path("stream_key").asText()).isEqualTo("••••EFGH");
        var edited = api.put("/api/destinations/" + id, LocalApi.json(Map.of("name", "Keep my key", "stream_key", "••••EFGH")));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(local.wiring().destinationStore().find(id).orElseThrow().streamKeyFingerprint()).as("the stored key is kept").isEqualTo(fingerprint);
        assertThat(edited.raw()).doesNotContain("live_1234567_abcdEFGH");

        var status = api.get("/api/medialive/status").json().path("channel");
        assertThat(status.path("state").asText()).isEqualTo("IDLE");
        assertThat(status.path("active_destinations_count").asInt(-1)).isZero();
        assertThat(api.get("/api/streaming/status").json().path("streaming").path("channels")).as("no channel runs").isEmpty();
    }

    @Test
    void connectionTest_isRateLimitedPerDestination() {
        var created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Probe me", "platform", "custom",
                "rtmp_url", "rtmp://127.0.0.1:9/live", "stream_key", "probe-key-0001")));
        String id = created.json().path("destination").path("destination_id").asText();
        var first = api.post("/api/destinations/" + id + "/test", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("connectivity").asText()).isEqualTo("refused");
        var again = api.post("/api/destinations/" + id + "/test", null);
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.json().path("error").asText()).isEqualTo("rate_limited");
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/destinations")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
    }
}
