package dev.lunora.handlers.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A status code, a JSON body in the seed's envelope, and extra headers. */
public record ApiResponse(int statusCode, Map<String, Object> body, Map<String, String> headers) {

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
        return new ApiResponse(statusCode, body, h);
    }
}
