package dev.kvconfig.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of the emulator's request counts, per vault and per Key Vault REST operationId
 * ({@code GetSecret}, {@code GetSecrets}, …). A challenge 401 counts under the operation of the request, as do
 * requests answered by a fault (429, 500/503, outage). Requests that match no route are not counted. With a throttle in
 * force, each vault also reports what its windows saw ({@link VaultStats#throttling()}).
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
            if (s.throttling().windows() > 0) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("windows", s.throttling().windows());
                t.put("refused", s.throttling().refused());
                t.put("busiestWindow", s.throttling().busiestWindow());
                m.put("throttle", t);
            }
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
     * @param operations operationId -> count (only operations seen); refused (429) requests count here too
     * @param throttling what the throttle windows saw, {@link Throttling#NONE} without a throttle
     */
    public record VaultStats(Map<String, Long> operations, Throttling throttling) {
        public VaultStats {
            operations = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(operations));
            java.util.Objects.requireNonNull(throttling, "throttling");
        }

        /** Counts of a vault that was not throttled. */
        public VaultStats(Map<String, Long> operations) {
            this(operations, Throttling.NONE);
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

    /**
     * What a vault's throttle saw since the counts were last reset, window by window (the windows are the fixed ones of
     * {@link Faults.Throttle}). The requests of a window are those that reached the throttle in it, served or refused.
     *
     * @param windows windows that saw at least one request
     * @param refused requests answered 429 (also counted under their operation)
     * @param busiestWindow the most requests one window saw, served and refused together
     */
    public record Throttling(long windows, long refused, int busiestWindow) {
        /** No throttled request was seen. */
        public static final Throttling NONE = new Throttling(0, 0, 0);
    }
}
