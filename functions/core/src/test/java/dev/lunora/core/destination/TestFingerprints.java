package dev.lunora.core.destination;

import java.nio.charset.StandardCharsets;

/** One fingerprint key for every core test, so services and fakes compute the same fingerprints. */
public final class TestFingerprints {

    public static final KeyFingerprints FINGERPRINTS = new KeyFingerprints(() -> "test-fingerprint-key".getBytes(StandardCharsets.UTF_8));

    private TestFingerprints() {
    }
}
