package dev.lunora.core.ports;

/**
 * The relay service that fans a relay-mode channel's program out to its destinations (ECS Fargate in the cloud, the
 * local stand-in on a laptop). Lunora only scales it: the relay follows the destinations' desired state by itself.
 */
public interface RelayFleet {

    /** Whether relay mode is deployed at all (a stack without it refuses to switch a channel to relay). */
    boolean configured();

    /** Where the relay serving {@code channelId} stands now. */
    RelayState state(String channelId);

    /** Asks for {@code tasks} relay tasks (0 or 1) for the channel; returns at once, the fleet converges. */
    void scale(String channelId, int tasks);

    /**
     * @param desired tasks asked for
     * @param running tasks up and serving the ingest
     * @param failure why the relay cannot come up (tasks stop as soon as they start), in producer words; null if none
     */
    record RelayState(int desired, int running, String failure) {

        public boolean healthy() {
            return desired > 0 && running >= desired;
        }
    }

    /** A fleet for stacks without relay mode. */
    static RelayFleet notConfigured() {
        return new RelayFleet() {
            @Override
            public boolean configured() {
                return false;
            }

            @Override
            public RelayState state(String channelId) {
                return new RelayState(0, 0, null);
            }

            @Override
            public void scale(String channelId, int tasks) {
                throw new IllegalStateException("relay mode is not deployed (RELAY_SERVICE is not set)");
            }
        };
    }
}
