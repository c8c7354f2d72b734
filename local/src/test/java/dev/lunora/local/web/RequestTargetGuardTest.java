package dev.lunora.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK server answers a target that is not a URI with HTML before any handler runs; the front answers JSON instead. */
class RequestTargetGuardTest {

    @TempDir
    Path frontend;
    private LocalWebServer web;

    /** Echoes the method, path and body it was given, so a test sees exactly what passed the front. */
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> echo = (event, context) -> {
        String body = event.getBody() == null ? "" : new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("Content-Type", "text/plain"))
                .withBody(event.getRequestContext().getHttp().getMethod() + " " + event.getRawPath() + " " + body).build();
    };

    @BeforeEach
    void start() throws IOException {
        Files.writeString(frontend.resolve("index.html"), "<!doctype html><title>page</title>");
        web = new LocalWebServer(0, frontend, echo);
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void malformedPercentEscapeInPath_isAJson400NotTheServersHtmlPage() throws IOException {
        for (String target : new String[] {"/api/destinations/%zz", "/api/destinations/abc%", "/%zz", "/api/destinations/%e/start"}) {
            String response = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 400 ")
                    .contains("Content-Type: application/json")
                    .contains("\"error\":\"bad_path\"")
                    .contains("malformed percent-escape")
                    .doesNotContain("<h1>");
        }
    }

    @Test
    void targetThatIsNoUriForAnotherReason_isAJson400() throws IOException {
        String response = raw("GET /api/destinations/{x} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("\"error\":\"bad_path\"").doesNotContain("<h1>");
        assertThat(RequestTargetGuard.refusal("GET /ok HTTP/1.1")).isNull();
        assertThat(RequestTargetGuard.refusal("GARBAGE")).contains("request line");
    }

    @Test
    void wellFormedRequests_passThroughWithTheirBodies_andEachConnectionCarriesOne() throws Exception {
        String json = "{\"a\":\"é\"}";
        String response = raw("POST /api/destinations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: keep-alive\r\nContent-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
        assertThat(response).startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith("POST /api/destinations {\"a\":\"é\"}");

        // A pooling client sends request after request: none may land on a connection the front has closed.
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(web.url().resolve("/api/x" + i))
                    .POST(HttpRequest.BodyPublishers.ofString("n" + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("POST /api/x" + i + " n" + i);
        }
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(web.url()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<title>page</title>");
    }

    @Test
    void hostCheckBehindTheFront_stillRefusesOtherHosts() throws IOException {
        String response = raw("GET /api/health HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 421 ").contains("misdirected_request");
    }

    private String raw(String request) throws IOException {
        URI url = web.url();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
