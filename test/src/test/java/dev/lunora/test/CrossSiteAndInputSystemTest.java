package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.local.LocalMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 items 1, 2 and 7 through local mode: DNS rebinding, cross-origin writes, strict UTF-8 and one rule for unknown
 * fields. Raw requests go over a plain socket, where the JDK client refuses to send them (a Host header, invalid bytes).
 */
class CrossSiteAndInputSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalMode local;
    private static LocalApi api;
    private static String destinationId;

    @BeforeAll
    static void startLocalMode() throws Exception {
        local = LocalMode.start(TestLocalModes.options().timeScale(500).build());
        api = new LocalApi(local.webUrl());
        LocalApi.Response created = api.post("/api/destinations", LocalApi.json(Map.of("name", "Cross-site target", "platform", "hls")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        destinationId = created.json().path("destination").path("destination_id").asText();
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void hostEvilExample_isRefused421_forApiAndPage() throws IOException {
        for (String path : new String[] {"/api/destinations", "/"}) {
            Raw r = raw("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(r.status()).as(path).isEqualTo(421);
            assertThat(r.json().path("error").asText()).isEqualTo("misdirected_request");
        }
        Raw withPort = raw("GET /api/health HTTP/1.1\r\nHost: evil.example:" + local.webUrl().getPort() + "\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(withPort.status()).isEqualTo(421);
    }

    @Test
    void loopbackHostNames_areServed() throws IOException {
        int port = local.webUrl().getPort();
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST"}) {
            Raw r = raw("GET /api/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(r.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void invalidUtf8InName_is400Json_andNothingIsStored() throws IOException {
        int before = api.get("/api/destinations").json().path("count").asInt();
        byte[] body = concat("{\"name\":\"Caf", new byte[] {(byte) 0xE9}, "\",\"platform\":\"hls\"}");
        Raw r = raw("POST /api/destinations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("status").asText()).isEqualTo("error");
        assertThat(r.json().path("error").asText()).isEqualTo("invalid_utf8");
        assertThat(r.json().path("field").asText()).isEqualTo("name");
        assertThat(api.get("/api/destinations").json().path("count").asInt()).isEqualTo(before);
    }

    @Test
    void unknownScheduleField_is400NamingIt() {
        LocalApi.Response r = api.post("/api/schedules", LocalApi.json(Map.of("destination_id", destinationId, "action", "start",
                "expression", "at(2030-01-01T10:00:00)", "time_zone", "UTC", "colour", "red")));
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("validation_error");
        assertThat(r.field()).isEqualTo("colour");
    }

    @Test
    void writesFromAnotherOrigin_are403_andChangeNothing() {
        JsonNode before = api.get("/api/destinations/" + destinationId).json().path("destination");
        LocalApi.Response start = api.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/destinations/" + destinationId + "/start"))
                .header("Origin", "http://127.0.0.1:1").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(start.status()).isEqualTo(403);
        assertThat(start.error()).isEqualTo("cross_site_request");
        LocalApi.Response typeless = api.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/destinations"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Blob\",\"platform\":\"hls\"}")));
        assertThat(typeless.status()).isEqualTo(415);
        assertThat(api.get("/api/destinations/" + destinationId).json().path("destination")).isEqualTo(before);
    }

    @Test
    void writesFromThePagesOwnOrigin_pass() {
        String origin = "http://127.0.0.1:" + local.webUrl().getPort();
        LocalApi.Response r = api.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/destinations")).header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LocalApi.json(Map.of("name", "Same origin", "platform", "hls")))));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }

    record Raw(int status, JsonNode json) {
    }

    private static Raw raw(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(local.webUrl().getHost(), local.webUrl().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String payload = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new Raw(status, payload.isBlank() ? JSON.nullNode() : JSON.readTree(payload));
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(middle);
        b.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
