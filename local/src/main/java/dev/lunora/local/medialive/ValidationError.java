package dev.lunora.local.medialive;

/** One entry of a 422 response's {@code validationErrors}: where in the request, and what is wrong. */
public record ValidationError(String elementPath, String errorMessage) {
}
