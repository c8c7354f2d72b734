package dev.lunora.local.stepfunctions.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;

/** JSON text ↔ plain Java values, shared by the runner and the API. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** Step Functions' payload quota: 256 KiB of UTF-8 for inputs, outputs and results ("Service quotas"). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Object read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, Object.class);
    }

    /** Any Jackson-serialisable object as plain Map/List/scalars (a copy, so callers cannot share mutable state). */
    public static Object plain(Object value) {
        return value == null ? null : MAPPER.convertValue(value, Object.class);
    }

    public static int size(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }
}
