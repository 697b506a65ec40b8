package dev.kvconfig.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Request counts per vault per operationId. Thread safe. */
final class Counters {
    private final List<String> vaults;
    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

    Counters(List<String> vaults) {
        this.vaults = new CopyOnWriteArrayList<>(vaults);
        vaults.forEach(v -> counts.put(v, new ConcurrentHashMap<>()));
    }

    /** A vault created at runtime (through ARM); no-op when known. */
    void addVault(String vault) {
        if (counts.putIfAbsent(vault, new ConcurrentHashMap<>()) == null) {
            vaults.add(vault);
        }
    }

    void count(String vault, String operationId) {
        counts.get(vault).computeIfAbsent(operationId, k -> new LongAdder()).increment();
    }

    void reset() {
        counts.values().forEach(Map::clear);
    }

    EmulatorStats snapshot(java.util.function.Function<String, EmulatorStats.Throttling> throttling) {
        Map<String, EmulatorStats.VaultStats> out = new LinkedHashMap<>();
        for (String v : vaults) {
            Map<String, Long> ops = new TreeMap<>();
            counts.get(v).forEach((op, n) -> {
                long c = n.sum();
                if (c > 0) {
                    ops.put(op, c);
                }
            });
            out.put(v, new EmulatorStats.VaultStats(ops, throttling.apply(v)));
        }
        return new EmulatorStats(out);
    }
}
