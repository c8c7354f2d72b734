package dev.lunora.handlers.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A status code, a JSON body in the seed's envelope, and extra headers; or, for a picture, bytes of their own type
 * ({@link #binary}) instead of the JSON body.
 */
public record ApiResponse(int statusCode, Map<String, Object> body, Map<String, String> headers, Binary binary) {

    /** A body that is not JSON: its content type and its bytes. */
    public record Binary(String contentType, byte[] bytes) {
    }

    public ApiResponse(int statusCode, Map<String, Object> body, Map<String, String> headers) {
        this(statusCode, body, headers, null);
    }

    public static ApiResponse binary(int statusCode, String contentType, byte[] bytes) {
        return new ApiResponse(statusCode, null, Map.of(), new Binary(contentType, bytes));
    }

    public static ApiResponse success(int statusCode, Object... keyValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ApiResponse(statusCode, body, Map.of());
    }

    public static ApiResponse error(int statusCode, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return new ApiResponse(statusCode, body, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(statusCode, body, h, binary);
    }
}
