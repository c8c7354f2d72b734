package dev.lunora.core.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyFingerprintsTest {

    private static KeyFingerprints keyed(String secret) {
        return new KeyFingerprints(() -> secret.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void of_isMarkedHmacSha256_128BitsHex() throws Exception {
        String fp = keyed("k1").of("dest-1", "live_abcd_1234");

        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("k1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("dest-1\nlive_abcd_1234".getBytes(StandardCharsets.UTF_8)), 0, 16);
        assertThat(fp).isEqualTo("h1:" + expected).hasSize(3 + 32);
    }

    @Test
    void of_dependsOnTheSecret_theDestinationAndTheKey() {
        String fp = keyed("k1").of("dest-1", "live_abcd_1234");
        assertThat(keyed("k1").of("dest-1", "live_abcd_1234")).isEqualTo(fp);
        assertThat(keyed("k2").of("dest-1", "live_abcd_1234")).as("a copy of the table alone cannot test guesses").isNotEqualTo(fp);
        assertThat(keyed("k1").of("dest-2", "live_abcd_1234")).isNotEqualTo(fp);
        assertThat(keyed("k1").of("dest-1", "live_abcd_1235")).isNotEqualTo(fp);
        assertThat(fp).doesNotContain("1234");
    }

    @Test
    void of_noKey_null() {
        assertThat(keyed("k1").of("dest-1", null)).isNull();
        assertThat(keyed("k1").of("dest-1", "")).isNull();
    }

    @Test
    void of_readsTheSecretOnceOnFirstUse() {
        AtomicInteger reads = new AtomicInteger();
        KeyFingerprints fingerprints = new KeyFingerprints(() -> {
            reads.incrementAndGet();
            return "k1".getBytes(StandardCharsets.UTF_8);
        });
        assertThat(reads).hasValue(0);
        fingerprints.of("a", "key-1111");
        fingerprints.of("b", "key-2222");
        assertThat(reads).hasValue(1);
    }

    @Test
    void of_emptySecret_failsSayingWhatToSet() {
        assertThatThrownBy(() -> new KeyFingerprints(() -> new byte[0]).of("a", "key-1111"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FINGERPRINT_KEY_PARAMETER");
    }

    @Test
    void known_onlyThisScheme() {
        assertThat(KeyFingerprints.known("h1:00ff")).isEqualTo("h1:00ff");
        assertThat(KeyFingerprints.known("9f86d081884c7d65")).isNull();
        assertThat(KeyFingerprints.known(null)).isNull();
    }

    @Test
    void destination_storedUnkeyedFingerprint_loadsAsUnknown() {
        Destination old = Destination.builder("d-1", Platform.YOUTUBE).streamKeyParam("/k/d-1").streamKeyFingerprint("9f86d081884c7d65").build();
        assertThat(old.streamKeyFingerprint()).isNull();
        assertThat(old.hasStreamKey()).isTrue();
    }
}
