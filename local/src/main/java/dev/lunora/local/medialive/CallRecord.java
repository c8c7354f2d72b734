package dev.lunora.local.medialive;

import java.time.Instant;

/**
 * One served API call: when, which operation, which channel (or input), and the outcome ("200", or the
 * status and error code). {@code detail} summarises a submitted configuration with stream names masked.
 */
public record CallRecord(Instant time, Operation operation, String resourceId, String outcome, String detail) {
}
