package dev.lunora.local.medialive;

/**
 * The error codes every MediaLive operation maps in the Java SDK, with the status MediaLive registers for
 * each. The SDK picks the exception class from the code alone, so the code travels in both
 * {@code x-amzn-ErrorType} and {@code __type}; the status only matters for retries.
 */
public enum ErrorType {
    BAD_REQUEST("BadRequestException", 400),
    FORBIDDEN("ForbiddenException", 403),
    NOT_FOUND("NotFoundException", 404),
    CONFLICT("ConflictException", 409),
    UNPROCESSABLE_ENTITY("UnprocessableEntityException", 422),
    TOO_MANY_REQUESTS("TooManyRequestsException", 429),
    INTERNAL_SERVER_ERROR("InternalServerErrorException", 500),
    BAD_GATEWAY("BadGatewayException", 502),
    GATEWAY_TIMEOUT("GatewayTimeoutException", 504);

    private final String code;
    private final int status;

    ErrorType(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Accepts the wire code ({@code ConflictException}), the short form ({@code Conflict}) or the enum name. */
    public static ErrorType parse(String text) {
        for (ErrorType t : values()) {
            if (t.code.equalsIgnoreCase(text) || t.name().equalsIgnoreCase(text)
                    || t.code.equalsIgnoreCase(text + "Exception")) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown MediaLive error type '" + text + "'; use one of "
                + java.util.Arrays.stream(values()).map(ErrorType::code).toList());
    }
}
