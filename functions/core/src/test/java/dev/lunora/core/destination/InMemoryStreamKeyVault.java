package dev.lunora.core.destination;

import dev.lunora.core.ports.StreamKeyVault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys by parameter name, named like the SSM vault. Like the real one it never hands a key back: tests can
 * ask which names hold a key and whether a given key is the one stored, nothing more.
 */
final class InMemoryStreamKeyVault implements StreamKeyVault {

    static final String PREFIX = "/lunora-test/destinations";

    private final Map<String, String> keysByName = new HashMap<>();
    private final List<String> stores = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();

    static String parameterName(String destinationId) {
        return PREFIX + "/" + destinationId + "/stream_key";
    }

    static String backupParameterName(String destinationId) {
        return PREFIX + "/" + destinationId + "/backup_stream_key";
    }

    /** A key already there before the test, e.g. stored by the old system under its own name. */
    InMemoryStreamKeyVault given(String parameterName, String key) {
        keysByName.put(parameterName, key);
        return this;
    }

    boolean isStored(String parameterName) {
        return keysByName.containsKey(parameterName);
    }

    boolean holds(String parameterName, String key) {
        return key.equals(keysByName.get(parameterName));
    }

    Set<String> names() {
        return new TreeSet<>(keysByName.keySet());
    }

    /** Parameter names written, one entry per store call. */
    List<String> stores() {
        return List.copyOf(stores);
    }

    /** Parameter names deleted, one entry per delete call. */
    List<String> deletes() {
        return List.copyOf(deletes);
    }

    @Override
    public String store(String destinationId, String existingParameter, String streamKey) {
        return put(existingParameter != null ? existingParameter : parameterName(destinationId), streamKey);
    }

    @Override
    public String storeBackup(String destinationId, String existingParameter, String streamKey) {
        return put(existingParameter != null ? existingParameter : backupParameterName(destinationId), streamKey);
    }

    private String put(String name, String streamKey) {
        keysByName.put(name, streamKey);
        stores.add(name);
        return name;
    }

    @Override
    public void delete(String parameterName) {
        keysByName.remove(parameterName);
        deletes.add(parameterName);
    }

    @Override
    public String toString() {
        return "InMemoryStreamKeyVault" + names();
    }
}
