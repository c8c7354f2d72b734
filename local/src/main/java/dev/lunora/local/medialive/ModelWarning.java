package dev.lunora.local.medialive;

import java.time.Instant;

/**
 * A request member AWS's model does not have, accepted anyway: {@code text} is its element path and the shape
 * it is not part of (never a value). How MediaLive treats unknown members is not documented anywhere, so the
 * simulator accepts them and says so.
 */
public record ModelWarning(Instant time, Operation operation, String text) {
}
