package dev.lunora.bench.jmh;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lunora.handlers.ApiHandler;
import dev.lunora.local.LocalMode;
import dev.lunora.local.LocalOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The API handler's list route, {@code GET /api/destinations}, with 100 destinations, called in-process as the Lambda
 * runtime calls it. The store is DynamoDB Local over loopback HTTP (local mode's), so the score includes the Scan's
 * round trip and DynamoDB Local's own work, not only the handler's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ApiListBenchmark {

    LocalMode local;
    ApiHandler handler;
    APIGatewayV2HTTPEvent list;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        local = LocalMode.start(LocalOptions.builder().port(0).awsPort(0).env("COST_GUARD_RATE", "rate(365 days)")
                .frontendDir(Path.of(System.getProperty("lunora.frontend.dir", "frontend")))
                .statemachinesDir(Path.of(System.getProperty("lunora.statemachines.dir", "statemachines"))).build());
        handler = new ApiHandler(local.wiring());
        int existing = local.wiring().destinationStore().list().size();
        for (int i = existing; i < 100; i++) {
            APIGatewayV2HTTPResponse r = handler.handleRequest(request("POST", "/api/destinations",
                    "{\"name\":\"Bench " + i + "\",\"platform\":\"custom\",\"rtmp_url\":\"rtmp://live.example.com/app\","
                            + "\"stream_key\":\"bench-key-" + i + "-abcdefgh\"}"), null);
            if (r.getStatusCode() != 201) {
                throw new IllegalStateException("create answered " + r.getStatusCode());
            }
        }
        list = request("GET", "/api/destinations", null);
        APIGatewayV2HTTPResponse r = handler.handleRequest(list, null);
        if (r.getStatusCode() != 200 || !r.getBody().contains("\"count\":100")) {
            throw new IllegalStateException("the list route did not list 100 destinations");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        local.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse listHundredDestinations() {
        return handler.handleRequest(list, null);
    }

    static APIGatewayV2HTTPEvent request(String method, String path, String body) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("jmh").build())
                        .withRequestId("jmh").withTimeEpoch(System.currentTimeMillis()).build())
                .build();
    }
}
