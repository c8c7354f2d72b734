package dev.lunora.core.exceptions;

/** Input the producer can fix; {@link #field()} names the form field (snake_case, as on the wire). */
public final class ValidationException extends LunoraException {

    /** The error code of most validation failures on the wire. */
    public static final String DEFAULT_CODE = "validation_error";

    private final String field;
    private final String code;

    public ValidationException(String field, String message) {
        this(field, message, DEFAULT_CODE);
    }

    /** @param code a stable code more precise than {@value #DEFAULT_CODE} ({@code invalid_channel}) */
    public ValidationException(String field, String message, String code) {
        super(message);
        this.field = field;
        this.code = code;
    }

    public static ValidationException invalidChannel(String channelId) {
        return new ValidationException("channel_id", "Channel " + channelId + " is not managed by Lunora. Manage it first"
                + " (PUT /api/channels/" + channelId + " with {\"managed\": true}) or choose a managed channel.", "invalid_channel");
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
