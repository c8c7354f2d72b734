package dev.lunora.aws.ssm;

import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.ports.StreamKeySource;
import dev.lunora.core.ports.StreamKeyVault;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Stream keys as SSM SecureString parameters named {@code <prefix>/<destination_id>/stream_key} — the seed
 * system's layout, so keys it stored keep working. Exceptions name the parameter, never the value.
 */
public final class SsmStreamKeyVault implements StreamKeyVault, StreamKeySource {

    public static final String DEFAULT_PREFIX = "/lunora-player/streaming/destinations";

    private final SsmClient ssm;
    private final String prefix;

    public SsmStreamKeyVault(SsmClient ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    public String parameterName(String destinationId) {
        return prefix + "/" + destinationId + "/stream_key";
    }

    /** Beside the primary key, in Lunora's naming (the seed system had no backup keys). */
    public String backupParameterName(String destinationId) {
        return prefix + "/" + destinationId + "/backup_stream_key";
    }

    @Override
    public String store(String destinationId, String existingParameter, String streamKey) {
        return put(existingParameter != null ? existingParameter : parameterName(destinationId), destinationId, streamKey);
    }

    @Override
    public String storeBackup(String destinationId, String existingParameter, String streamKey) {
        return put(existingParameter != null ? existingParameter : backupParameterName(destinationId), destinationId, streamKey);
    }

    private String put(String name, String destinationId, String streamKey) {
        try {
            ssm.putParameter(r -> r.name(name).value(streamKey).type(ParameterType.SECURE_STRING).overwrite(true)
                    .description("Lunora stream key for destination " + destinationId));
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not store the stream key in parameter " + name
                    + " (" + e.getClass().getSimpleName() + "). Nothing was saved; try again.", e);
        }
        return name;
    }

    @Override
    public String read(String parameterName) {
        try {
            return ssm.getParameter(r -> r.name(parameterName).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new NotFoundException("The stream key parameter " + parameterName + " is missing. Enter the key again in the destination.");
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not read parameter " + parameterName + " (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    @Override
    public void delete(String parameterName) {
        try {
            ssm.deleteParameter(r -> r.name(parameterName));
        } catch (ParameterNotFoundException alreadyGone) {
            // Deleting is idempotent: the key is gone either way.
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Could not delete parameter " + parameterName + ". Try again.", e);
        }
    }
}
