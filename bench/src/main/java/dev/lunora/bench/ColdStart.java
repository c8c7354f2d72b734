package dev.lunora.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lunora.handlers.ApiHandler;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The cold start a SnapStart-less Lambda would pay for the API: run in a fresh JVM with the function's environment
 * (bench/cold-start.sh sets it, pointed at a running local mode), it builds {@link ApiHandler} with the no-argument
 * constructor the Lambda runtime calls, answers one {@code GET /api/destinations}, and prints one JSON line: JVM
 * start → handler built → first response, in milliseconds.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        ApiHandler handler = new ApiHandler();
        long builtAt = System.currentTimeMillis();
        APIGatewayV2HTTPResponse first = handler.handleRequest(get("/api/destinations"), null);
        long firstAt = System.currentTimeMillis();
        APIGatewayV2HTTPResponse second = handler.handleRequest(get("/api/destinations"), null);
        long secondAt = System.currentTimeMillis();
        if (first.getStatusCode() != 200 || second.getStatusCode() != 200) {
            throw new IllegalStateException("GET /api/destinations answered " + first.getStatusCode() + ", " + second.getStatusCode());
        }
        System.out.printf(java.util.Locale.ROOT,
                "{\"jvm_to_main_ms\":%d,\"handler_init_ms\":%d,\"first_request_ms\":%d,\"jvm_to_first_response_ms\":%d,"
                        + "\"second_request_ms\":%d,\"body_bytes\":%d}%n",
                mainAt - jvmStart, builtAt - mainAt, firstAt - builtAt, firstAt - jvmStart, secondAt - firstAt,
                first.getBody() == null ? 0 : first.getBody().length());
        System.exit(0);
    }

    private static APIGatewayV2HTTPEvent get(String path) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString("")
                .withHeaders(Map.of("accept", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("cold-start").build())
                        .withRequestId("cold-start").withTimeEpoch(System.currentTimeMillis()).build())
                .build();
    }
}
