package dev.lunora.aws.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.exceptions.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

class SsmFingerprintKeyTest {

    /** Answers GetParameter for one name, and records every request. */
    private static final class OneParameter implements SsmClient {
        final List<GetParameterRequest> requests = new ArrayList<>();
        private final String name;
        private final String value;

        OneParameter(String name, String value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public GetParameterResponse getParameter(GetParameterRequest request) {
            requests.add(request);
            if (!request.name().equals(name)) {
                throw ParameterNotFoundException.builder().message("no " + request.name()).build();
            }
            return GetParameterResponse.builder().parameter(Parameter.builder().name(name).value(value).build()).build();
        }

        @Override
        public String serviceName() {
            return "ssm";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void secret_readWithDecryptionOnFirstUse_thenKept() {
        OneParameter ssm = new OneParameter("/aws/reference/secretsmanager/lunora/fingerprint-key", "s3cr3t");
        SsmFingerprintKey key = new SsmFingerprintKey(ssm, "/aws/reference/secretsmanager/lunora/fingerprint-key");
        assertThat(ssm.requests).as("nothing read at construction (SnapStart)").isEmpty();

        assertThat(key.secret()).isEqualTo("s3cr3t".getBytes(StandardCharsets.UTF_8));
        assertThat(key.secret()).isEqualTo("s3cr3t".getBytes(StandardCharsets.UTF_8));

        assertThat(ssm.requests).hasSize(1);
        assertThat(ssm.requests.get(0).withDecryption()).isTrue();
    }

    @Test
    void secret_missingParameter_notFoundSayingWhatToCheck() {
        SsmFingerprintKey key = new SsmFingerprintKey(new OneParameter("/other", "x"), "/lunora/fingerprint-key");
        assertThatThrownBy(key::secret).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("/lunora/fingerprint-key").hasMessageContaining("FINGERPRINT_KEY_PARAMETER");
    }
}
