package dev.lunora.local.ssm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lunora.local.edge.HttpExchanges;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * SSM Parameter Store's JSON API (awsJson1.1, {@code X-Amz-Target: AmazonSSM.<Operation>}) for
 * GetParameter, GetParameters, PutParameter and DeleteParameter — enough for stream keys. Values are kept in
 * memory, or in an owner-only file under {@code --data-dir} so they survive restarts.
 */
public final class LocalParameterStore implements HttpHandler {

    record Parameter(String name, String value, String type, long version, double lastModified, String description) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Parameter> parameters = new TreeMap<>();
    private final Path file;
    private final Clock clock;
    private final String region;
    private final String account;

    public LocalParameterStore(Path dataDir, Clock clock, String region, String account) throws IOException {
        this.clock = clock;
        this.region = region;
        this.account = account;
        this.file = dataDir == null ? null : dataDir.resolve("ssm-parameters.json");
        if (file != null && Files.exists(file)) {
            parameters.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Parameter>>() { }));
        }
    }

    /** Whether a parameter exists, for tests; never exposes its value. */
    public synchronized boolean contains(String name) {
        return parameters.containsKey(name);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in);
        }
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        try {
            ObjectNode response = switch (operation) {
                case "GetParameter" -> getParameter(request);
                case "GetParameters" -> getParameters(request);
                case "PutParameter" -> putParameter(request);
                case "DeleteParameter" -> deleteParameter(request);
                default -> throw new SsmError(400, "InvalidAction", "Operation '" + operation + "' is not supported by the local parameter store.");
            };
            send(exchange, 200, response);
        } catch (SsmError e) {
            ObjectNode error = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
            send(exchange, e.status, error);
        }
    }

    private synchronized ObjectNode getParameter(JsonNode request) {
        String name = name(request);
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new SsmError(400, "ParameterNotFound", "Parameter " + name + " not found.");
        }
        boolean decrypt = request.path("WithDecryption").asBoolean(false);
        return JSON.createObjectNode().set("Parameter", describe(p, decrypt));
    }

    private synchronized ObjectNode getParameters(JsonNode request) {
        boolean decrypt = request.path("WithDecryption").asBoolean(false);
        ObjectNode out = JSON.createObjectNode();
        var found = out.putArray("Parameters");
        var invalid = out.putArray("InvalidParameters");
        request.path("Names").forEach(n -> {
            Parameter p = parameters.get(n.asText());
            if (p == null) {
                invalid.add(n.asText());
            } else {
                found.add(describe(p, decrypt));
            }
        });
        return out;
    }

    private synchronized ObjectNode putParameter(JsonNode request) throws IOException {
        String name = name(request);
        if (!request.hasNonNull("Value")) {
            throw new SsmError(400, "ValidationException", "1 validation error detected: Value must not be null.");
        }
        Parameter old = parameters.get(name);
        if (old != null && !request.path("Overwrite").asBoolean(false)) {
            throw new SsmError(400, "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
        }
        long version = old == null ? 1 : old.version() + 1;
        String type = request.path("Type").asText(old == null ? "String" : old.type());
        parameters.put(name, new Parameter(name, request.get("Value").asText(), type, version,
                clock.millis() / 1000.0, request.path("Description").asText(null)));
        persist();
        return JSON.createObjectNode().put("Version", version).put("Tier", "Standard");
    }

    private synchronized ObjectNode deleteParameter(JsonNode request) throws IOException {
        String name = name(request);
        if (parameters.remove(name) == null) {
            throw new SsmError(400, "ParameterNotFound", "Parameter " + name + " not found.");
        }
        persist();
        return JSON.createObjectNode();
    }

    private ObjectNode describe(Parameter p, boolean decrypt) {
        boolean secure = "SecureString".equals(p.type());
        return JSON.createObjectNode()
                .put("Name", p.name())
                .put("Type", p.type())
                // Without decryption real SSM returns the ciphertext; an opaque placeholder keeps the key hidden.
                .put("Value", secure && !decrypt ? "AQICAHi-local-ciphertext" : p.value())
                .put("Version", p.version())
                .put("LastModifiedDate", p.lastModified())
                .put("ARN", "arn:aws:ssm:" + region + ":" + account + ":parameter" + (p.name().startsWith("/") ? "" : "/") + p.name())
                .put("DataType", "text");
    }

    private static String name(JsonNode request) {
        String name = request.path("Name").asText("");
        if (name.isBlank()) {
            throw new SsmError(400, "ValidationException", "1 validation error detected: Name must not be empty.");
        }
        return name;
    }

    private void persist() throws IOException {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writeValue(tmp.toFile(), parameters);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        HttpExchanges.send(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(body));
    }

    private static final class SsmError extends RuntimeException {
        private final int status;
        private final String type;

        SsmError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}
