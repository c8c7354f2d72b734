package dev.lunora.core.ports;

/** Write-only home of stream keys (SSM SecureString in both worlds). Nothing here ever returns a key. */
public interface StreamKeyVault {

    /**
     * Stores {@code streamKey} for a destination and returns the parameter name that now holds it.
     *
     * @param existingParameter the destination's current parameter (kept, so the old system's names keep
     *                          working), or null to use Lunora's naming
     */
    String store(String destinationId, String existingParameter, String streamKey);

    /** Like {@link #store}, for the key of a destination's backup ingest (a STANDARD channel's second pipeline). */
    String storeBackup(String destinationId, String existingParameter, String streamKey);

    /** Removes a key; a missing parameter is not an error. */
    void delete(String parameterName);
}
