package dev.lunora.core.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    /** A resolver without network: a few fixed names, every other name unknown. */
    private static final HostResolver FIXED = host -> {
        Map<String, String> names = Map.of(
                "live.example.com", "203.0.113.10",
                "internal.example.com", "10.1.2.3",
                "split.example.com", "203.0.113.11,192.168.1.4",
                "localhost", "127.0.0.1,::1",
                "studio.example.com", "192.168.10.7");
        String v = names.get(host.toLowerCase());
        if (v == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> out = new java.util.ArrayList<>();
        for (String a : v.split(",")) {
            out.add(InetAddress.getByName(a));
        }
        return out;
    };
    private final AddressPolicy policy = AddressPolicy.of(null, FIXED);

    @ParameterizedTest
    @ValueSource(strings = {
            "rtmp://127.0.0.1/app", "rtmp://127.1.2.3:1935/app", "rtmp://[::1]/app", "rtmp://[::1]:1935/app",
            "rtmp://169.254.169.254/x", "rtmp://169.254.1.1/x", "rtmp://[fe80::1]/x", "rtmp://[fe80::1%25eth0]/x",
            "rtmp://10.0.0.5/app", "rtmp://172.16.0.1/app", "rtmp://172.31.255.255/app", "rtmp://192.168.0.10/app",
            "rtmp://[fc00::1]/app", "rtmp://[fd12:3456::1]/app", "rtmp://224.0.0.1/app", "rtmp://239.1.1.1/app",
            "rtmp://[ff02::1]/app", "rtmp://0.0.0.0/app", "rtmp://[::]/app", "rtmp://100.64.0.1/app", "rtmp://100.127.255.254/app",
            "rtmp://[::ffff:127.0.0.1]/app", "rtmp://[::ffff:169.254.169.254]/app", "rtmp://[::ffff:7f00:1]/app",
            "rtmp://2130706433/app", "rtmp://0x7f000001/app", "rtmp://0177.0.0.1/app", "rtmp://0x7f.1/app", "rtmp://127.1/app",
            "rtmp://017700000001/app", "rtmp://0xA9.0xFE.0xA9.0xFE/latest", "rtmp://127.0.0.1./app",
            "rtmps://localhost/app", "rtmp://internal.example.com/app", "rtmp://split.example.com/app", "rtmp://LOCALHOST:1935/app"})
    void problem_privateTarget_refusedWithReason(String url) {
        assertThat(policy.problem(url)).hasValueSatisfying(r -> assertThat(r).startsWith("points inside a private network"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rtmp://live.example.com/app", "rtmps://live.example.com:443/app", "rtmp://203.0.113.5/app", "rtmp://8.8.8.8/app",
            "rtmp://[2001:db8::1]/app", "rtmp://172.32.0.1/app", "rtmp://100.128.0.1/app", "rtmp://192.169.0.1/app",
            "rtmp://a.rtmp.youtube.com/live2", "rtmp://no-such-name.invalid/app"})
    void problem_publicOrUnresolvedTarget_allowed(String url) {
        assertThat(policy.problem(url)).isEmpty();
    }

    @Test
    void check_metadataAddress_validationErrorOnField() {
        assertThatThrownBy(() -> policy.check("rtmp_url", "RTMP URL", "rtmp://169.254.169.254/x"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("rtmp_url");
                    assertThat(e.getMessage()).startsWith("RTMP URL points inside a private network")
                            .contains("LUNORA_ALLOWED_PRIVATE_RANGES");
                });
    }

    @Test
    void check_nameResolvingInside_messageNamesTheAddress() {
        assertThatThrownBy(() -> policy.check("backup_rtmp_url", "Backup RTMP URL", "rtmp://internal.example.com/app"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("backup_rtmp_url");
                    assertThat(e.getMessage()).contains("internal.example.com is 10.1.2.3");
                });
    }

    @Test
    void problem_allowedRanges_letThoseThroughOnly() {
        AddressPolicy studio = AddressPolicy.of(" 192.168.10.0/24 , 127.0.0.0/8,::1/128", FIXED);
        assertThat(studio.problem("rtmp://studio.example.com/app")).isEmpty();
        assertThat(studio.problem("rtmp://192.168.10.200/app")).isEmpty();
        assertThat(studio.problem("rtmp://127.0.0.1:1935/ingest")).isEmpty();
        assertThat(studio.problem("rtmp://[::1]:1935/ingest")).isEmpty();
        assertThat(studio.problem("rtmp://localhost:1935/ingest")).isEmpty();
        assertThat(studio.problem("rtmp://192.168.11.1/app")).isPresent();
        assertThat(studio.problem("rtmp://169.254.169.254/app")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.10.0", "192.168.10.0/33", "not-a-cidr/8", "::1/129", "10.0.0.0/x"})
    void of_badRange_namesTheSetting(String range) {
        String setting = range.equals("192.168.10.0") ? "192.168.10.0/abc" : range;
        assertThatThrownBy(() -> AddressPolicy.of(setting, FIXED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LUNORA_ALLOWED_PRIVATE_RANGES");
    }
}
