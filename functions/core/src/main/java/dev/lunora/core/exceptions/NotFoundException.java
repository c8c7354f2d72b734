package dev.lunora.core.exceptions;

public final class NotFoundException extends LunoraException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException destination(String destinationId) {
        return new NotFoundException("No destination with id '" + destinationId + "'. It may have been deleted; reload the list.");
    }
}
