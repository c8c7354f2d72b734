package dev.lunora.core.exceptions;

/** The request is valid but clashes with the current state of a destination, schedule or channel; {@link #reason()} is a stable code. */
public final class ConflictException extends LunoraException {

    public enum Reason {
        VERSION_CONFLICT("version_conflict"),
        DESTINATION_STREAMING("destination_streaming"),
        DESTINATION_DISABLED("destination_disabled"),
        BACKUP_INGEST_REQUIRED("backup_ingest_required"),
        SCHEDULE_EXISTS("schedule_exists"),
        /** The channel's delivery mode cannot change while something on it streams or while it is moving. */
        CHANNEL_STREAMING("channel_streaming"),
        /** Relay mode cannot serve this channel: the stack does not deploy it, or the channel has two pipelines. */
        RELAY_UNAVAILABLE("relay_unavailable"),
        /** The stack's IAM does not cover the channel the operator asked Lunora to manage (issue 18). */
        CHANNEL_NOT_PERMITTED("channel_not_permitted");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public ConflictException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static ConflictException staleVersion(String destinationId) {
        return new ConflictException(Reason.VERSION_CONFLICT, "Destination '" + destinationId
                + "' was changed by someone else since you loaded it. Reload it and apply your change again.");
    }
}
