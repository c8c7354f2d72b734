package dev.lunora.aws.ssm;

import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.ports.FingerprintKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The fingerprint key from one SSM parameter (a SecureString, or a Secrets Manager reference path
 * {@code /aws/reference/secretsmanager/<secret>}), read with decryption on first use and kept for the container's life.
 */
public final class SsmFingerprintKey implements FingerprintKey {

    private final SsmClient ssm;
    private final String parameterName;
    private volatile byte[] secret;

    public SsmFingerprintKey(SsmClient ssm, String parameterName) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.parameterName = Objects.requireNonNull(parameterName, "parameterName");
    }

    @Override
    public byte[] secret() {
        byte[] s = secret;
        if (s == null) {
            s = read().getBytes(StandardCharsets.UTF_8);
            secret = s;
        }
        return s.clone();
    }

    private String read() {
        try {
            return ssm.getParameter(r -> r.name(parameterName).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new NotFoundException("The fingerprint key parameter " + parameterName + " is missing; it is created with the stack"
                    + " (or by local mode). Check FINGERPRINT_KEY_PARAMETER.");
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read parameter " + parameterName + " (" + e.getClass().getSimpleName() + ").", e);
        }
    }
}
