package dev.lunora.core.ports;

/** Reads a stream key for the one task that hands keys to MediaLive. Keys go nowhere else. */
public interface StreamKeySource {

    /**
     * @throws dev.lunora.core.exceptions.NotFoundException if the parameter is gone
     */
    String read(String parameterName);
}
