package dev.lunora.core.exceptions;

/** Input the producer can fix; {@link #field()} names the form field (snake_case, as on the wire). */
public final class ValidationException extends LunoraException {

    private final String field;

    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
