package dev.lunora.core.destination;

import dev.lunora.core.ports.FingerprintKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells whether the channel pushes the key a destination holds now, without keeping the key anywhere but SSM and
 * the channel: an HMAC-SHA256 of destination id and key under a secret of the stack's own. Unkeyed, a copy of the
 * table would let anyone test guesses of a key offline; keyed, they need the secret too.
 *
 * <p>Fingerprints are marked {@code h1:}. A stored fingerprint without the mark (the unkeyed SHA-256 of earlier
 * versions) is read as unknown, exactly like items that never had one: the plan does not compare that key until it
 * is edited.
 */
public final class KeyFingerprints {

    /** The mark of this scheme: HMAC-SHA256 over {@code id + "\n" + key}, 128 bits in hex. */
    public static final String PREFIX = "h1:";
    private static final int BYTES = 16;

    private final FingerprintKey key;
    private volatile SecretKeySpec spec;

    public KeyFingerprints(FingerprintKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The fingerprint of {@code streamKey} for this destination; null when there is no key. */
    public String of(String destinationId, String streamKey) {
        if (streamKey == null || streamKey.isEmpty()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(spec());
            byte[] digest = mac.doFinal((destinationId + "\n" + streamKey).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** {@code stored} when it is a fingerprint of this scheme, else null (unknown: an earlier scheme, or none). */
    public static String known(String stored) {
        return stored != null && stored.startsWith(PREFIX) ? stored : null;
    }

    private SecretKeySpec spec() {
        SecretKeySpec s = spec;
        if (s == null) {
            byte[] secret = key.secret();
            if (secret == null || secret.length == 0) {
                throw new IllegalStateException("The fingerprint key is empty; set FINGERPRINT_KEY_PARAMETER to a parameter holding a secret.");
            }
            s = new SecretKeySpec(secret, "HmacSHA256");
            spec = s;
        }
        return s;
    }
}
