package dev.kvconfig.benchmarks;

import java.time.Duration;

/**
 * Steady-state vault load of a fleet: F instances, each refreshing every R with a cycle of {@code requestsPerCycle}
 * requests, spread evenly (both peers jitter or start at different times), give {@code F · cycle · 10 s / R} requests
 * per 10 s, against Key Vault's limit for secrets of 4,000 transactions per 10 s per vault (Azure Key Vault service
 * limits, "Secrets, managed storage account keys, and vault transactions"). Stateless.
 */
final class FleetModel {

    /** Key Vault: all secret/vault transactions, per vault and region, per 10 seconds. */
    static final long VAULT_LIMIT_PER_10S = 4_000;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private FleetModel() {
    }

    static double requestsPer10s(int instances, long requestsPerCycle, Duration refreshInterval) {
        if (instances < 0 || requestsPerCycle < 0 || refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("instances and requests must be >= 0 and the interval > 0, got "
                    + instances + ", " + requestsPerCycle + ", " + refreshInterval);
        }
        return (double) instances * requestsPerCycle * WINDOW.toNanos() / refreshInterval.toNanos();
    }

    /** The largest fleet that stays within the vault limit (Long.MAX_VALUE when a cycle costs nothing). */
    static long maxInstances(long requestsPerCycle, Duration refreshInterval) {
        if (requestsPerCycle == 0) {
            return Long.MAX_VALUE;
        }
        double perInstance = requestsPer10s(1, requestsPerCycle, refreshInterval);
        return (long) Math.floor(VAULT_LIMIT_PER_10S / perInstance);
    }
}
