package dev.lunora.core.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A producer's schedule: start or stop one destination at {@code expression} in {@code timeZone}.
 *
 * @param name unique in Lunora's schedule group, derived from destination, action, expression and zone
 */
public record Schedule(String name, String destinationId, ScheduleAction action, String expression, String timeZone, String description) {

    /** EventBridge Scheduler names: 1–64 of letters, digits, '-', '_' and '.'. */
    public static final int MAX_NAME = 64;

    /**
     * {@code <destination>-<action>-<8 hex>}: readable in the console, and the same request names the same
     * schedule, so a retried POST cannot create a twin.
     */
    public static String nameFor(String destinationId, ScheduleAction action, String expression, String timeZone) {
        String dest = destinationId.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (dest.length() > 48) {
            dest = dest.substring(0, 48);
        }
        return dest + "-" + action.id() + "-" + shortHash(expression + "|" + timeZone);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
