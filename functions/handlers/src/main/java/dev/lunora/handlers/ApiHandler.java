package dev.lunora.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.handlers.api.AllowedOrigins;
import dev.lunora.handlers.api.ApiResponse;
import dev.lunora.handlers.api.ApiRouter;
import dev.lunora.handlers.wiring.Wiring;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Lambda Function URL / HTTP API (payload 2.0) entry point for {@code /api/*}. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiRouter router;

    /** For Lambda: the container-wide wiring from the environment. */
    public ApiHandler() {
        this(Wiring.fromEnvironment());
    }

    public ApiHandler(Wiring wiring) {
        this.router = new ApiRouter(wiring.destinationService(), wiring.scheduleService(), wiring.usageService(),
                wiring.channelDeliveryService(), wiring.config().channelId(), wiring.clock(),
                AllowedOrigins.fromSetting(wiring.config().get(AllowedOrigins.SETTING).orElse(null)), wiring.connectionTestService(),
                wiring.channelRegistry());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ApiRouter.Request request = toRequest(event);
            LOG.atInfo().addKeyValue("method", request.method()).addKeyValue("path", request.rawPath()).log("request");
            ApiResponse response = router.handle(request);
            LOG.atInfo().addKeyValue("method", request.method()).addKeyValue("path", request.rawPath()).addKeyValue("status", response.statusCode()).log("response");
            return toEvent(response);
        });
    }

    private static ApiRouter.Request toRequest(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        // Bytes as sent: the router decodes them strictly. A Function URL base64-encodes bodies it does not take for text.
        byte[] body = event.getBody() == null ? null
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody()) : event.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        return new ApiRouter.Request(method, path, query, headers, body);
    }

    private static APIGatewayV2HTTPResponse toEvent(ApiResponse response) {
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        if (response.binary() != null) {
            // Payload 2.0 carries bytes as base64 with isBase64Encoded, which the Function URL decodes for the client.
            headers.put("Content-Type", response.binary().contentType());
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(response.statusCode())
                    .withHeaders(headers)
                    .withBody(Base64.getEncoder().encodeToString(response.binary().bytes()))
                    .withIsBase64Encoded(true)
                    .build();
        }
        String body;
        try {
            // A preflight's 204 carries no body at all.
            body = response.body() == null ? null : JSON.writeValueAsString(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body of plain maps and lists could not be written", e);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.statusCode())
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
