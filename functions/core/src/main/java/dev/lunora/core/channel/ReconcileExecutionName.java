package dev.lunora.core.channel;

import dev.lunora.core.ports.ChannelCoordination.RequestGeneration;
import java.util.OptionalLong;

/**
 * The name of one reconcile execution, readable in the console: {@code reconcile-3714710-k3x9q2ab-g42} is channel
 * 3714710, request generation 42 of the channel item's incarnation {@code k3x9q2ab}.
 *
 * <p>Step Functions keeps an execution name unique per state machine for 90 days and refuses a second start
 * under it once the first has closed (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 * The generation alone restarts at 1 when the channels table is recreated, so an old name would come back and
 * the new click would be lost; the incarnation, drawn once with the channel's coordination item, keeps the names
 * of a new item apart from the old ones. {@code clash} counts fresh names taken after a name turned out to be
 * used by another request ({@code reconcile-3714710-k3x9q2ab_1-g42}); the generation stays last, after "-g".
 */
public record ReconcileExecutionName(String channelId, String incarnation, long generation, int clash) {

    /** Step Functions' limit on execution names. */
    public static final int MAX_LENGTH = 80;
    private static final String PREFIX = "reconcile-";
    private static final String GENERATION_MARK = "-g";

    public static ReconcileExecutionName of(String channelId, RequestGeneration request) {
        return new ReconcileExecutionName(channelId, request.incarnation(), request.generation(), 0);
    }

    /** The name to try when this one belongs to another request. */
    public ReconcileExecutionName afterClash() {
        return new ReconcileExecutionName(channelId, incarnation, generation, clash + 1);
    }

    /**
     * The name itself: only letters, digits, '-' and '_' (the characters Step Functions' CloudWatch logging
     * accepts, a subset of what StartExecution allows), at most {@value #MAX_LENGTH} characters; an unusually long
     * channel id is shortened, never the incarnation or the generation.
     */
    public String value() {
        String series = safe(incarnation) + (clash > 0 ? "_" + clash : "");
        String tail = "-" + series + GENERATION_MARK + generation;
        String channel = safe(channelId);
        int room = MAX_LENGTH - PREFIX.length() - tail.length();
        return PREFIX + channel.substring(0, Math.min(channel.length(), Math.max(room, 0))) + tail;
    }

    /** The request generation a reconcile execution's name carries, for tools reading execution lists. */
    public static OptionalLong generationOf(String executionName) {
        int mark = executionName.lastIndexOf(GENERATION_MARK);
        if (!executionName.startsWith(PREFIX) || mark < 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(executionName.substring(mark + GENERATION_MARK.length())));
        } catch (NumberFormatException notOurs) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return value();
    }

    private static String safe(String part) {
        return part == null || part.isEmpty() ? "x" : part.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
