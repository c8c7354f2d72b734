package dev.lunora.core.destination;

/** What the producer asked for with Start/Stop; the reconcile converges the channel to it. */
public enum DesiredState {
    STREAMING("streaming"),
    STOPPED("stopped");

    private final String id;

    DesiredState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Old items have no desired state: they were never started through Lunora, so they are stopped. */
    public static DesiredState fromId(String id) {
        return STREAMING.id.equals(id) ? STREAMING : STOPPED;
    }
}
