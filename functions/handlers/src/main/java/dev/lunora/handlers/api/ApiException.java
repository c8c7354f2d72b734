package dev.lunora.handlers.api;

/** An HTTP-level refusal decided before the core is called (bad JSON, wrong method, unknown route). */
final class ApiException extends RuntimeException {

    private final transient ApiResponse response;

    ApiException(int statusCode, String code, String message, String field) {
        super(message, null, false, false);
        this.response = ApiResponse.error(statusCode, code, message, field);
    }

    ApiException(ApiResponse response) {
        super(String.valueOf(response.body().get("message")), null, false, false);
        this.response = response;
    }

    ApiResponse response() {
        return response;
    }
}
