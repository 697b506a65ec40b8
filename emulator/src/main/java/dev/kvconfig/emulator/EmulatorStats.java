package dev.kvconfig.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of the emulator's request counts, per vault and per Key Vault REST operationId
 * ({@code GetSecret}, {@code GetSecrets}, …). A challenge 401 counts under the operation of the request, as do
 * requests answered by a fault (429, 500/503, outage). Requests that match no route are not counted.
 */
public final class EmulatorStats {
    private final Map<String, VaultStats> vaults;

    EmulatorStats(Map<String, VaultStats> vaults) {
        this.vaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vaults));
    }

    /** All requests counted, over all vaults. */
    public long total() {
        return vaults.values().stream().mapToLong(VaultStats::total).sum();
    }

    /** Counts per vault name (every vault of the emulator, in builder order). */
    public Map<String, VaultStats> vaults() {
        return vaults;
    }

    /**
     * One vault's counts.
     *
     * @throws IllegalArgumentException naming the known vaults when there is no such vault
     */
    public VaultStats vault(String name) {
        VaultStats s = vaults.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown vault '" + name + "'; the emulator has " + vaults.keySet());
        }
        return s;
    }

    /** The admin API's JSON shape, as untyped maps. */
    Map<String, Object> toJson() {
        Map<String, Object> v = new LinkedHashMap<>();
        vaults.forEach((name, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", s.total());
            m.put("operations", new LinkedHashMap<>(s.operations()));
            v.put(name, m);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total());
        out.put("vaults", v);
        return out;
    }

    @Override
    public String toString() {
        return "EmulatorStats" + toJson();
    }

    /**
     * One vault's counts.
     *
     * @param operations operationId -> count (only operations seen)
     */
    public record VaultStats(Map<String, Long> operations) {
        public VaultStats {
            operations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(operations));
        }

        /** All requests of this vault. */
        public long total() {
            return operations.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The count for one operationId, 0 when never seen. */
        public long operation(String operationId) {
            return operations.getOrDefault(operationId, 0L);
        }
    }
}
