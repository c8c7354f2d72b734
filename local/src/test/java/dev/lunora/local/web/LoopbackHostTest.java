package dev.lunora.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackHostTest {

    @Test
    void names_loopbackWithOrWithoutPort_isTrue() {
        for (String host : new String[] {"127.0.0.1", "127.0.0.1:8080", "localhost", "LocalHost:1", "[::1]", "[::1]:65535"}) {
            assertThat(LoopbackHost.names(host)).as(host).isTrue();
        }
    }

    @Test
    void names_anythingElse_isFalse() {
        for (String host : new String[] {"evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.nip.io",
                "127.0.0.2", "0.0.0.0", "[::2]", "", "localhost:", "localhost:8080:1"}) {
            assertThat(LoopbackHost.names(host)).as(host).isFalse();
        }
        assertThat(LoopbackHost.names(null)).isFalse();
    }
}
