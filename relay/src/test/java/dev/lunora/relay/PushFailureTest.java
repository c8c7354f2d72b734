package dev.lunora.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reasons from real ffmpeg 5.1 stderr, captured on this machine (see resources/ffmpeg-stderr/README.md). */
class PushFailureTest {

    private static List<String> sample(String name) throws IOException {
        try (InputStream in = PushFailureTest.class.getResourceAsStream("/ffmpeg-stderr/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @ParameterizedTest
    @CsvSource({
            "connection-refused, CONNECTION_REFUSED",
            "unresolved-host, UNRESOLVED_HOST",
            "refused-key, REFUSED_KEY",
            "tls-handshake, TLS_HANDSHAKE",
            "closed-during-handshake, CLOSED_BY_SERVER"})
    void classify_capturedStderr_namesTheCause(String sample, PushFailure expected) throws IOException {
        assertThat(PushFailure.classify(sample(sample), "rtmp://127.0.0.1:1935/relay/ingest-secret")).isEqualTo(expected);
    }

    @Test
    void classify_errorNamingTheSource_isAboutTheRelaysIngest() throws IOException {
        assertThat(PushFailure.classify(sample("no-program"), "rtmp://127.0.0.1:19350/open/nothing")).isEqualTo(PushFailure.NO_PROGRAM);
    }

    @Test
    void classify_nothingWritten_isTheGenericFailure() {
        assertThat(PushFailure.classify(List.of(), "rtmp://x/y/z")).isEqualTo(PushFailure.OTHER);
    }

    @Test
    void words_neverQuoteALine() throws IOException {
        for (PushFailure failure : PushFailure.values()) {
            assertThat(failure.words()).doesNotContain("KEY-0042").doesNotContain("rtmp://");
        }
        assertThat(PushFailure.REFUSED_KEY.words()).isEqualTo("the platform refused the stream key");
    }
}
