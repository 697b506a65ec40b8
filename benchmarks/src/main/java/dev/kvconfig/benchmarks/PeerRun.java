package dev.kvconfig.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One peer at one vault size and latency: startup times (first start in a new JVM, then a restart of the source in the
 * same, warmed-up JVM), requests by operation (emulator counters), and the two refresh cycles. Immutable.
 */
record PeerRun(Peer peer, int secrets, Duration latency, long coldNanos, long warmNanos,
        Map<String, Long> startupOps, Map<String, Long> idleRefreshOps, long idleRefreshNanos,
        Map<String, Long> changeRefreshOps, long changeRefreshNanos, boolean changeSeen) {

    PeerRun {
        startupOps = Map.copyOf(new TreeMap<>(startupOps));
        idleRefreshOps = Map.copyOf(new TreeMap<>(idleRefreshOps));
        changeRefreshOps = Map.copyOf(new TreeMap<>(changeRefreshOps));
    }

    static long total(Map<String, Long> ops) {
        return ops.values().stream().mapToLong(Long::longValue).sum();
    }

    static long op(Map<String, Long> ops, String operation) {
        return ops.getOrDefault(operation, 0L);
    }

    Duration floor() {
        return Floor.startup(secrets, latency, Floor.DEFAULT_CONCURRENCY);
    }
}
