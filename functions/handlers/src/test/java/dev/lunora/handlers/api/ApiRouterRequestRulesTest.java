package dev.lunora.handlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The router's request rules (issue 16 items 1 and 2). Every case here is refused before a service is called, so the
 * router runs without any; a request that passes the rules shows it by reaching a route (405 on PUT /api/health).
 */
class ApiRouterRequestRulesTest {

    private static final String PAGE = "http://127.0.0.1:8080";
    private final ApiRouter router = router(AllowedOrigins.fromSetting(PAGE + ",http://localhost:8080"));

    private static ApiRouter router(AllowedOrigins origins) {
        return new ApiRouter(null, null, null, null, "channel-1", Clock.systemUTC(), origins);
    }

    private static ApiRouter.Request request(String method, String path, String body, String... headers) {
        return request(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static ApiRouter.Request request(String method, String path, byte[] body, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new ApiRouter.Request(method, path, Map.of(), h, body);
    }

    @Test
    void post_fromAnotherOrigin_isRefused403() {
        ApiResponse r = router.handle(request("POST", "/api/destinations", "{\"name\":\"x\"}",
                "origin", "http://127.0.0.1:9999", "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).containsEntry("status", "error").containsEntry("error", "cross_site_request");
        assertThat((String) r.body().get("message")).contains("LUNORA_ALLOWED_ORIGINS");
    }

    @Test
    void bodilessStart_fromAnotherOrigin_isRefused403() {
        ApiResponse r = router.handle(request("POST", "/api/destinations/abc/start", (byte[]) null, "origin", "http://evil.example"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).containsEntry("error", "cross_site_request");
    }

    @Test
    void delete_withNullOrigin_isRefused403() {
        ApiResponse r = router.handle(request("DELETE", "/api/destinations/abc", (byte[]) null, "origin", "null"));
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void secFetchSiteCrossSite_withoutOrigin_isRefused403() {
        ApiResponse r = router.handle(request("PUT", "/api/channel", "{\"delivery\":\"relay\"}",
                "sec-fetch-site", "cross-site", "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).containsEntry("error", "cross_site_request");
    }

    @Test
    void secFetchSiteCrossSite_whenOriginsNotConfigured_isStillRefused() {
        ApiResponse r = router(AllowedOrigins.fromSetting(null)).handle(request("POST", "/api/destinations/abc/start", (byte[]) null,
                "origin", "https://evil.example", "sec-fetch-site", "cross-site"));
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void allowedOrigin_passes_evenWhenCrossSite() {
        ApiResponse r = router.handle(request("PUT", "/api/health", "{}", "origin", "http://LOCALHOST:8080/",
                "sec-fetch-site", "cross-site", "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void noOriginNoFetchMetadata_passes() {
        ApiResponse r = router.handle(request("PUT", "/api/health", "{}", "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void get_fromAnotherOrigin_isNotACrossSiteWrite() {
        ApiResponse r = router.handle(request("GET", "/api/nowhere", (byte[]) null, "origin", "http://evil.example", "sec-fetch-site", "cross-site"));
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void body_withoutContentType_isRefused415() {
        ApiResponse r = router.handle(request("POST", "/api/destinations", "{\"name\":\"x\",\"platform\":\"hls\"}", "origin", PAGE));
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).containsEntry("error", "unsupported_media_type");
    }

    @Test
    void body_onStart_withTextPlain_isRefused415() {
        ApiResponse r = router.handle(request("POST", "/api/destinations/abc/start", "x", "content-type", "text/plain"));
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void contentType_withCharsetParameter_isJson() {
        ApiResponse r = router.handle(request("PUT", "/api/health", "{}", "content-type", "Application/JSON; charset=utf-8"));
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void contentType_thatOnlyStartsWithApplicationJson_isRefused() {
        ApiResponse r = router.handle(request("PUT", "/api/health", "{}", "content-type", "application/jsonp"));
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void invalidUtf8_inAValue_is400NamingTheField() {
        byte[] body = concat("{\"platform\":\"hls\",\"name\":\"ab", new byte[] {(byte) 0xC3, (byte) 0x28}, "c\"}");
        ApiResponse r = router.handle(request("POST", "/api/destinations", body, "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).containsEntry("error", "invalid_utf8").containsEntry("field", "name");
        assertThat((String) r.body().get("message")).doesNotContain("\uFFFD");
    }

    @Test
    void invalidUtf8_inAnArrayValue_namesItsField() {
        byte[] body = concat("{\"tags\":[\"ok\",\"", new byte[] {(byte) 0xFF}, "\"]}");
        ApiResponse r = router.handle(request("POST", "/api/schedules", body, "content-type", "application/json"));
        assertThat(r.body()).containsEntry("error", "invalid_utf8").containsEntry("field", "tags");
    }

    @Test
    void invalidUtf8_inAFieldName_is400ForTheBody() {
        byte[] body = concat("{\"name\":\"a\",\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\":1}");
        ApiResponse r = router.handle(request("PUT", "/api/channel", body, "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).containsEntry("error", "invalid_utf8").doesNotContainKey("field");
    }

    @Test
    void truncatedUtf8_atTheEnd_is400() {
        byte[] body = concat("{\"name\":\"a", new byte[] {(byte) 0xE2, (byte) 0x82}, "");
        ApiResponse r = router.handle(request("POST", "/api/destinations", body, "content-type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).containsEntry("error", "invalid_utf8");
    }

    @Test
    void malformedPercentEscape_inDestinationId_is400InTheEnvelope() {
        for (String path : new String[] {"/api/destinations/%zz", "/api/destinations/abc%", "/api/destinations/%e/start"}) {
            ApiResponse r = router.handle(request("GET", path, (byte[]) null));
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).containsEntry("status", "error").containsEntry("error", "bad_path");
        }
    }

    @Test
    void malformedPercentEscape_inScheduleName_is400() {
        ApiResponse r = router.handle(request("DELETE", "/api/schedules/%zz", (byte[]) null));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).containsEntry("error", "bad_path");
    }

    @Test
    void unknownField_isRefusedTheSameWayOnEveryRouteWithABody() {
        for (String[] route : new String[][] {{"POST", "/api/destinations"}, {"PUT", "/api/destinations/abc"},
                {"POST", "/api/schedules"}, {"PUT", "/api/channel"}}) {
            ApiResponse r = router.handle(request(route[0], route[1], "{\"colour\":\"red\"}", "content-type", "application/json"));
            assertThat(r.statusCode()).as(route[1]).isEqualTo(400);
            assertThat(r.body()).as(route[1]).containsEntry("error", "validation_error").containsEntry("field", "colour");
            assertThat((String) r.body().get("message")).as(route[1]).startsWith("Unknown field 'colour'.").contains("takes only:");
        }
    }

    @Test
    void allowedOrigins_refusesEntriesThatAreNotOrigins() {
        assertThatThrownBy(() -> AllowedOrigins.fromSetting("http://127.0.0.1:8080,127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LUNORA_ALLOWED_ORIGINS");
        assertThatThrownBy(() -> AllowedOrigins.fromSetting("https://site.example/path")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedOrigins_loopbackDefault_isThePagesOwnOrigins() {
        AllowedOrigins origins = AllowedOrigins.loopback(8080);
        assertThat(origins.allows("http://127.0.0.1:8080")).isTrue();
        assertThat(origins.allows("http://localhost:8080")).isTrue();
        assertThat(origins.allows("http://127.0.0.1:8081")).isFalse();
        assertThat(origins.allows("https://127.0.0.1:8080")).isFalse();
        assertThat(origins.allows("null")).isFalse();
        assertThat(origins.allows(null)).isFalse();
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }
}
