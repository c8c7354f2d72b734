package dev.lunora.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.local.LocalMode;
import dev.lunora.local.LocalOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The destinations API through local mode: real handler, DynamoDB Local, the local SSM store, the AWS edge. */
class DestinationsApiSystemTest {

    /** Keys used below. They must never come back in a response or a log line. */
    private static final String LONG_KEY = "abcd-efgh-ijkl-9876";
    private static final String OTHER_KEY = "zyxw-vuts-rqpo-5432";
    private static final String SHORT_KEY = "k3y9";

    private static LocalMode local;
    private static LocalApi api;

    @BeforeAll
    static void startLocalMode() throws Exception {
        // Fast simulated time: a start in one test must not keep MediaLive busy for the others.
        local = LocalMode.start(TestLocalModes.options().timeScale(500).build());
        api = new LocalApi(local.webUrl());
    }

    @AfterAll
    static void stopAndCheckNoKeyLeaked() throws Exception {
        local.close();
        List<String> secrets = List.of(LONG_KEY, OTHER_KEY, SHORT_KEY);
        for (String body : api.bodies()) {
            assertThat(secrets.stream().anyMatch(body::contains)).as("a response body contained a stream key").isFalse();
        }
        Path log = Path.of(System.getProperty("lunora.test.log", "target/test-logs/lunora.log"));
        assertThat(log).exists();
        String logs = Files.readString(log);
        assertThat(logs).contains("destination created");
        assertThat(secrets.stream().anyMatch(logs::contains)).as("a log line contained a stream key").isFalse();
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String create(Map<String, Object> fields) {
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(fields));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().path("destination").path("destination_id").asText();
    }

    @Test
    void list_freshLocalMode_returnsSeededExamplesInSeedEnvelope() {
        LocalApi.Response r = api.get("/api/destinations");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(r.json().path("count").asInt()).isEqualTo(r.json().path("destinations").size());
        assertThat(r.json().path("destinations").findValuesAsText("name"))
                .contains("Test YouTube Channel", "Restream RTMP", "HLS");
        assertThat(r.json().path("destinations").findValuesAsText("platform")).contains("youtube", "custom", "hls");
    }

    @Test
    void create_youtubeWithKey_storesKeyInSsmAndShowsOnlyHint() {
        LocalApi.Response r = api.post("/api/destinations",
                LocalApi.json(body("name", "  Main YouTube ", "platform", "youtube", "stream_key", LONG_KEY)));
        assertThat(r.status()).isEqualTo(201);
        var d = r.json().path("destination");
        assertThat(r.json().path("message").asText()).isEqualTo("Destination created");
        assertThat(d.path("name").asText()).isEqualTo("Main YouTube");
        assertThat(d.path("rtmp_url").asText()).isEqualTo("rtmp://a.rtmp.youtube.com/live2");
        assertThat(d.path("stream_key_set").asBoolean()).isTrue();
        assertThat(d.path("stream_key_hint").asText()).isEqualTo("••••9876");
        assertThat(d.path("preset_id").asText()).isEqualTo("preset_generic_720p");
        assertThat(d.path("version").asLong()).isEqualTo(1);
        assertThat(d.path("streaming_status").asText()).isEqualTo("ready");
        assertThat(d.path("desired_state").asText()).isEqualTo("stopped");
        assertThat(d.path("channel_id").asText()).isEqualTo("3714710");
        String param = d.path("stream_key_param").asText();
        assertThat(param).isEqualTo("/lunora-player/streaming/destinations/" + d.path("destination_id").asText() + "/stream_key");

        try (SsmClient ssm = SsmClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("cli", "cli"))).build()) {
            var stored = ssm.getParameter(p -> p.name(param).withDecryption(true)).parameter();
            assertThat(stored.type()).isEqualTo(ParameterType.SECURE_STRING);
            assertThat(stored.value().equals(LONG_KEY)).as("the stored key is the one sent").isTrue();
            assertThat(ssm.getParameter(p -> p.name(param)).parameter().value().equals(LONG_KEY))
                    .as("without decryption the key stays hidden").isFalse();
        }
    }

    @Test
    void create_shortKey_hintRevealsNothing() {
        String id = create(body("name", "Short key", "platform", "twitch", "stream_key", SHORT_KEY));
        assertThat(api.get("/api/destinations/" + id).json().path("destination").path("stream_key_hint").asText()).isEqualTo("••••");
    }

    @Test
    void crud_createReadUpdateDelete_roundTripsThroughTheStore() {
        String id = create(body("name", "Restream backup", "platform", "custom", "rtmp_url", "rtmps://live.restream.io:443/live",
                "stream_key", LONG_KEY, "enabled", false));
        LocalApi.Response read = api.get("/api/destinations/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("destination").path("enabled").asBoolean()).isFalse();

        LocalApi.Response updated = api.put("/api/destinations/" + id,
                LocalApi.json(body("name", "Restream main", "enabled", true, "version", 1, "stream_key", OTHER_KEY)));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.json().path("message").asText()).isEqualTo("Destination updated");
        var d = updated.json().path("destination");
        assertThat(d.path("name").asText()).isEqualTo("Restream main");
        assertThat(d.path("enabled").asBoolean()).isTrue();
        assertThat(d.path("version").asLong()).isEqualTo(2);
        assertThat(d.path("stream_key_hint").asText()).isEqualTo("••••5432");
        assertThat(d.path("rtmp_url").asText()).isEqualTo("rtmps://live.restream.io:443/live");

        assertThat(api.get("/api/destinations").json().path("destinations").findValuesAsText("destination_id")).contains(id);
        String param = d.path("stream_key_param").asText();
        LocalApi.Response deleted = api.delete("/api/destinations/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("message").asText()).isEqualTo("Destination deleted");
        assertThat(api.get("/api/destinations/" + id).status()).isEqualTo(404);
        assertThat(local.parameterStore().contains(param)).as("the key is deleted with its destination").isFalse();
    }

    @Test
    void update_staleVersion_returns409AndChangesNothing() {
        String id = create(body("name", "Twitch", "platform", "twitch"));
        assertThat(api.put("/api/destinations/" + id, LocalApi.json(body("name", "Twitch 2", "version", 1))).status()).isEqualTo(200);
        LocalApi.Response stale = api.put("/api/destinations/" + id, LocalApi.json(body("name", "Lost edit", "version", 1)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.error()).isEqualTo("version_conflict");
        assertThat(stale.json().path("message").asText()).contains("changed by someone else");
        assertThat(api.get("/api/destinations/" + id).json().path("destination").path("name").asText()).isEqualTo("Twitch 2");
    }

    @Test
    void delete_streamingDestination_returns409() {
        String id = create(body("name", "Live one", "platform", "hls"));
        local.wiring().destinationStore().recordStatus(id, StreamingStatus.STREAMING, java.time.Instant.now(), null);
        LocalApi.Response r = api.delete("/api/destinations/" + id);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("destination_streaming");
        assertThat(api.get("/api/destinations/" + id).status()).isEqualTo(200);
    }

    @Test
    void startAndStop_acceptedWith202AndRecordTheWish() {
        String id = create(body("name", "To start", "platform", "youtube", "stream_key", LONG_KEY));
        LocalApi.Response started = api.post("/api/destinations/" + id + "/start", null);
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        assertThat(started.json().path("message").asText()).isEqualTo("Start requested for 'To start'");
        assertThat(started.json().path("destination").path("desired_state").asText()).isEqualTo("streaming");
        assertThat(started.json().path("destination").path("streaming_status").asText()).isEqualTo("starting");

        LocalApi.Response stopped = api.post("/api/destinations/" + id + "/stop", null);
        assertThat(stopped.status()).isEqualTo(202);
        assertThat(api.get("/api/destinations/" + id).json().path("destination").path("desired_state").asText()).isEqualTo("stopped");
    }

    @Test
    void start_withoutKeyOrWhileDisabled_refusedWithReason() {
        String keyless = create(body("name", "No key yet", "platform", "youtube"));
        LocalApi.Response noKey = api.post("/api/destinations/" + keyless + "/start", null);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.field()).isEqualTo("stream_key");
        assertThat(noKey.json().path("message").asText()).contains("has no stream key");

        String disabled = create(body("name", "Off", "platform", "hls", "enabled", false));
        LocalApi.Response off = api.post("/api/destinations/" + disabled + "/start", null);
        assertThat(off.status()).isEqualTo(409);
        assertThat(off.error()).isEqualTo("destination_disabled");
        assertThat(api.get("/api/destinations/" + disabled).json().path("destination").path("desired_state").asText()).isEqualTo("stopped");
    }

    @Test
    void channel_reportsMediaLiveStateAndReconcileProgress() {
        LocalApi.Response r = api.get("/api/channel");
        assertThat(r.status()).isEqualTo(200);
        var channel = r.json().path("channel");
        assertThat(channel.path("channel_id").asText()).isEqualTo("3714710");
        assertThat(channel.path("state").asText()).isIn("IDLE", "STARTING", "RUNNING", "STOPPING", "UPDATING");
        assertThat(channel.has("reconcile_in_flight")).isTrue();
        assertThat(channel.has("step_detail")).isTrue();
    }

    static Stream<Arguments> invalidBodies() {
        String longName = "n".repeat(101);
        return Stream.of(
                Arguments.of("missing name", body("platform", "youtube"), "name", "Name is required"),
                Arguments.of("blank name", body("name", "   ", "platform", "youtube"), "name", "Name is required"),
                Arguments.of("name too long", body("name", longName, "platform", "youtube"), "name", "at most 100"),
                Arguments.of("name with line break", body("name", "a\nb", "platform", "youtube"), "name", "control characters"),
                Arguments.of("missing platform", body("name", "x"), "platform", "Platform is required"),
                Arguments.of("unknown platform", body("name", "x", "platform", "myspace"), "platform", "Unknown platform 'myspace'"),
                Arguments.of("custom without url", body("name", "x", "platform", "custom"), "rtmp_url", "required for a custom"),
                Arguments.of("http url", body("name", "x", "platform", "custom", "rtmp_url", "http://example.com/live"), "rtmp_url", "rtmp:// or rtmps://"),
                Arguments.of("url without host", body("name", "x", "platform", "custom", "rtmp_url", "rtmp:///live"), "rtmp_url", "host"),
                Arguments.of("url with spaces", body("name", "x", "platform", "custom", "rtmp_url", "rtmp://a b/live"), "rtmp_url", "spaces"),
                Arguments.of("url too long", body("name", "x", "platform", "custom", "rtmp_url", "rtmp://h/" + "a".repeat(510)), "rtmp_url", "at most 512"),
                Arguments.of("url with credentials", body("name", "x", "platform", "custom", "rtmp_url", "rtmp://u:p@h/live"), "rtmp_url", "user name or password"),
                Arguments.of("hls with url", body("name", "x", "platform", "hls", "rtmp_url", "rtmp://h/live"), "rtmp_url", "HLS destinations have no RTMP URL"),
                Arguments.of("hls with key", body("name", "x", "platform", "hls", "stream_key", "abcdefgh"), "stream_key", "no stream key"),
                Arguments.of("key too short", body("name", "x", "platform", "youtube", "stream_key", "ab"), "stream_key", "4 to 256"),
                Arguments.of("key with space", body("name", "x", "platform", "youtube", "stream_key", "abc def ghi"), "stream_key", "spaces"),
                Arguments.of("unknown preset", body("name", "x", "platform", "youtube", "preset_id", "preset_8k"), "preset_id", "Unknown preset"),
                Arguments.of("name not a string", body("name", 42, "platform", "youtube"), "name", "must be a string, not a number"),
                Arguments.of("enabled not boolean", body("name", "x", "platform", "youtube", "enabled", "yes"), "enabled", "true or false"),
                Arguments.of("unknown field", body("name", "x", "platform", "youtube", "colour", "red"), "colour", "Unknown field 'colour'"),
                Arguments.of("metadata address", body("name", "x", "platform", "custom", "rtmp_url", "rtmp://169.254.169.254/x"), "rtmp_url",
                        "points inside a private network"),
                Arguments.of("metadata address as a number", body("name", "x", "platform", "custom", "rtmp_url", "rtmp://2852039166/x"), "rtmp_url",
                        "points inside a private network"),
                Arguments.of("private backup url", body("name", "x", "platform", "youtube", "backup_rtmp_url", "rtmp://[::ffff:10.0.0.1]/live"),
                        "backup_rtmp_url", "points inside a private network"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void create_invalidField_returns400NamingTheField(String caseName, Map<String, Object> fields, String field, String message) {
        int before = api.get("/api/destinations").json().path("count").asInt();
        LocalApi.Response r = api.post("/api/destinations", LocalApi.json(fields));
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().path("status").asText()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("validation_error");
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.json().path("message").asText()).contains(message);
        assertThat(api.get("/api/destinations").json().path("count").asInt()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void create_loopbackTestPlatform_allowedInLocalMode_privateEditRefused() {
        String id = create(body("name", "Local test platform", "platform", "custom", "rtmp_url", "rtmp://127.0.0.1:1935/ingest"));

        LocalApi.Response r = api.put("/api/destinations/" + id, LocalApi.json(body("rtmp_url", "rtmp://192.168.1.10/live")));
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.field()).isEqualTo("rtmp_url");
        assertThat(r.json().path("message").asText()).contains("points inside a private network", "LUNORA_ALLOWED_PRIVATE_RANGES");
        assertThat(api.get("/api/destinations/" + id).json().path("destination").path("rtmp_url").asText())
                .isEqualTo("rtmp://127.0.0.1:1935/ingest");
    }

    @Test
    void update_invalidVersionType_returns400() {
        LocalApi.Response r = api.put("/api/destinations/dest_restream", "{\"version\": \"one\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.field()).isEqualTo("version");
    }

    @Test
    void create_malformedBodies_return400BadJson() {
        for (String bad : List.of("{", "[1,2]", "\"text\"", "{\"name\":\"x\"} trailing", "{\"name\":\"a\",\"name\":\"b\"}")) {
            LocalApi.Response r = api.post("/api/destinations", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.error()).as(bad).isEqualTo("bad_json");
        }
        LocalApi.Response empty = api.post("/api/destinations", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("message").asText()).contains("empty");
    }

    @Test
    void create_bodyNestedDeeperThanTheLimit_badJsonNotADroppedConnection() {
        // Jackson reports a broken nesting limit without a location; reading it threw past every catch.
        LocalApi.Response r = api.post("/api/destinations", "{\"name\":" + "[".repeat(100) + "]".repeat(100) + "}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("bad_json");
        assertThat(r.json().path("message").asText()).contains("nests deeper");
    }

    @Test
    void create_badJsonContainingKey_errorDoesNotEchoIt() {
        LocalApi.Response r = api.post("/api/destinations", "{\"stream_key\": \"" + LONG_KEY + "\", oops}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("line 1");
    }

    @Test
    void create_hugeBody_returns413() {
        LocalApi.Response r = api.post("/api/destinations", "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
    }

    @Test
    void create_formEncoded_returns415() {
        LocalApi.Response r = api.send(HttpRequest.newBuilder(local.webUrl().resolve("/api/destinations"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("name=x")));
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.error()).isEqualTo("unsupported_media_type");
    }

    @Test
    void routes_unknownIdPathAndMethod_return404And405() {
        assertThat(api.get("/api/destinations/dest_nope").status()).isEqualTo(404);
        assertThat(api.get("/api/destinations/dest_nope").error()).isEqualTo("not_found");
        assertThat(api.get("/api/destinations/%3Cscript%3E").status()).isEqualTo(404);
        assertThat(api.put("/api/destinations/dest_nope", "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(api.post("/api/destinations/dest_nope/start", null).status()).isEqualTo(404);
        assertThat(api.get("/api/nothing-here").status()).isEqualTo(404);
        LocalApi.Response wrong = api.delete("/api/destinations");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.error()).isEqualTo("method_not_allowed");
        assertThat(wrong.http().headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(api.get("/api/destinations/dest_restream/start").status()).isEqualTo(405);
    }

    @Test
    void presetsHealthAndStatus_keepTheSeedEnvelope() {
        LocalApi.Response presets = api.get("/api/presets");
        assertThat(presets.status()).isEqualTo(200);
        assertThat(presets.json().path("presets").get(0).path("preset_id").asText()).isEqualTo("preset_generic_720p");
        assertThat(presets.json().path("presets").get(0).path("is_default").asBoolean()).isTrue();
        assertThat(presets.json().path("presets").get(0).path("video").path("resolution").asText()).isEqualTo("1280x720");

        // The seed page waits for "healthy" (issue 17): the one route whose status word differs from the envelope.
        assertThat(api.get("/api/health").json().path("status").asText()).isEqualTo("healthy");

        LocalApi.Response status = api.get("/api/streaming/status");
        assertThat(status.status()).isEqualTo(200);
        var streaming = status.json().path("streaming");
        assertThat(streaming.has("active")).isTrue();
        assertThat(streaming.path("channels").isArray()).isTrue();
        assertThat(streaming.path("destinations").findValuesAsText("destination_id")).contains("dest_youtube_test");
    }

    @Test
    void oldSystemItem_withoutNewFields_loadsAndCanBeEdited() {
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(local.awsEndpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("cli", "cli"))).build()) {
            assertThat(dynamoDb.listTables().tableNames()).contains("lunora-destinations", "lunora-presets");
            dynamoDb.putItem(p -> p.tableName("lunora-destinations").item(Map.of(
                    "destination_id", AttributeValue.fromS("dest_legacy_1"),
                    "name", AttributeValue.fromS("Legacy Facebook"),
                    "platform", AttributeValue.fromS("facebook"),
                    "rtmp_url", AttributeValue.fromS("rtmps://live-api-s.facebook.com:443/rtmp"),
                    "stream_key_param", AttributeValue.fromS("/lunora-player/streaming/destinations/dest_legacy_1/stream_key"),
                    "preset_id", AttributeValue.fromS("preset_generic_720p"),
                    "enabled", AttributeValue.fromBool(true),
                    "streaming_status", AttributeValue.fromS("ready"),
                    "created_at", AttributeValue.fromS("2025-06-10T22:11:12.000Z"),
                    "updated_at", AttributeValue.fromS("2025-06-10T22:11:12.000Z"))));
            var d = api.get("/api/destinations/dest_legacy_1").json().path("destination");
            assertThat(d.path("version").asLong()).isZero();
            assertThat(d.path("desired_state").asText()).isEqualTo("stopped");
            assertThat(d.path("stream_key_set").asBoolean()).isTrue();
            assertThat(d.path("stream_key_hint").asText()).isEqualTo("••••");
            assertThat(d.path("created_at").asText()).isEqualTo("2025-06-10T22:11:12Z");

            LocalApi.Response edited = api.put("/api/destinations/dest_legacy_1", LocalApi.json(body("name", "Facebook Page", "version", 0)));
            assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
            assertThat(edited.json().path("destination").path("version").asLong()).isEqualTo(1);
            var item = dynamoDb.getItem(g -> g.tableName("lunora-destinations")
                    .key(Map.of("destination_id", AttributeValue.fromS("dest_legacy_1")))).item();
            assertThat(item.get("name").s()).isEqualTo("Facebook Page");
            assertThat(item.get("stream_key_param").s()).endsWith("dest_legacy_1/stream_key");
        }
    }

    @Test
    void awsEdge_unsignedRequest_isRefusedWithReason() {
        LocalApi edge = new LocalApi(local.awsEndpoint());
        LocalApi.Response r = edge.send(HttpRequest.newBuilder(URI.create(local.awsEndpoint() + "/")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("SigV4");
    }
}
