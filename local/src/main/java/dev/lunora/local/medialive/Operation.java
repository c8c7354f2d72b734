package dev.lunora.local.medialive;

/** The MediaLive operations the simulator serves, named as in the API so faults and counters read naturally. */
public enum Operation {
    CreateChannel,
    DescribeChannel,
    ListChannels,
    UpdateChannel,
    StartChannel,
    StopChannel,
    DeleteChannel,
    CreateInput,
    DescribeInput,
    ListInputs,
    ListAlerts,
    DescribeThumbnails;

    public static Operation parse(String name) {
        for (Operation op : values()) {
            if (op.name().equalsIgnoreCase(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + name + "'; use one of "
                + java.util.Arrays.toString(values()));
    }
}
