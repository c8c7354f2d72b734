package dev.lunora.core.ports;

/**
 * The secret that keys stream-key fingerprints (an SSM SecureString in the cloud and in local mode). Read when the
 * first fingerprint is computed, not at construction: nothing secret is captured before a SnapStart snapshot.
 */
@FunctionalInterface
public interface FingerprintKey {

    /** The key's bytes; never empty. */
    byte[] secret();
}
