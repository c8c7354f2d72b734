package dev.lunora.local.medialive;

import java.util.List;

/** A refusal the simulator answers the way MediaLive does: status, error code, message, validation errors. */
public final class MediaLiveApiException extends RuntimeException {

    private final ErrorType type;
    private final List<ValidationError> validationErrors;

    public MediaLiveApiException(ErrorType type, String message) {
        this(type, message, List.of());
    }

    public MediaLiveApiException(ErrorType type, String message, List<ValidationError> validationErrors) {
        super(message);
        this.type = type;
        this.validationErrors = List.copyOf(validationErrors);
    }

    public ErrorType type() {
        return type;
    }

    public List<ValidationError> validationErrors() {
        return validationErrors;
    }

    static MediaLiveApiException badRequest(String message) {
        return new MediaLiveApiException(ErrorType.BAD_REQUEST, message);
    }

    static MediaLiveApiException notFound(String message) {
        return new MediaLiveApiException(ErrorType.NOT_FOUND, message);
    }

    static MediaLiveApiException conflict(String message) {
        return new MediaLiveApiException(ErrorType.CONFLICT, message);
    }
}
