package dev.lunora.handlers.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape of issue 18's channel routes, answered before any service is called (the routes themselves run in
 * ChannelsSystemTest): sub-routes that do not exist, methods, and a router built without the channel list.
 */
class ApiRouterChannelRoutesTest {

    private final ApiRouter router = new ApiRouter(null, null, null, null, "3714710", Clock.systemUTC(), AllowedOrigins.fromSetting(null));

    private ApiResponse handle(String method, String path) {
        return router.handle(new ApiRouter.Request(method, path, Map.of(), Map.of(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/channels/3714710/other", "/api/channels/3714710/a/b"})
    void get_subRouteNotServedHere_is404NotFound(String path) {
        ApiResponse r = handle("GET", path);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).containsEntry("error", "not_found");
    }

    @Test
    void delete_channel_is405NamingGetAndPut() {
        ApiResponse r = handle("DELETE", "/api/channels/3714710");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "GET, PUT");
    }

    @Test
    void post_channels_is405() {
        assertThat(handle("POST", "/api/channels").statusCode()).isEqualTo(405);
    }

    @Test
    void get_channelsWithoutARegistry_is503NotAvailable() {
        ApiResponse r = handle("GET", "/api/channels");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).containsEntry("error", "not_available");
    }
}
