package dev.kvconfig.source;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of one vault source at one moment, immutable. Callers: the Quarkus and Micronaut adapters (health checks,
 * metrics) and applications, through {@link KeyVaultConfigSource#status()}.
 *
 * @param alias the vault alias, {@code default} for {@code keyvault.url}
 * @param vaultUrl the vault URL
 * @param state {@link State#UP}, {@link State#DEGRADED} or {@link State#DOWN}
 * @param lastSuccessfulRefresh when the served snapshot was loaded; empty if never
 * @param consecutiveFailures failed load or refresh cycles since the last success
 * @param staleness time since the last successful load (zero if never loaded)
 * @param maxStaleness {@code keyvault.refresh.max-staleness}
 * @param secretCount number of secrets served
 * @param soonestExpiry the earliest {@code exp} among served secrets, if any has one
 * @param lastFailure the last failure's summary (operation, HTTP status, cause; never a value), empty after a success
 * @param expiring served secrets and referenced keys and certificates that expire within {@code keyvault.expiry-warning}
 *     (or have expired), soonest first; empty when none does or warnings are off
 */
public record VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
        int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
        Optional<Instant> soonestExpiry, Optional<String> lastFailure, List<ExpiringItem> expiring) {

    /** The state of a vault source. */
    public enum State {
        /** The last load or refresh succeeded. */
        UP,
        /** Refreshes are failing; the last good snapshot is served and is within {@code max-staleness}. */
        DEGRADED,
        /** Never loaded (optional vault unreachable since startup), or failing for longer than {@code max-staleness}. */
        DOWN
    }

    public VaultStatus {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(vaultUrl, "vaultUrl");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastSuccessfulRefresh, "lastSuccessfulRefresh");
        Objects.requireNonNull(staleness, "staleness");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(soonestExpiry, "soonestExpiry");
        Objects.requireNonNull(lastFailure, "lastFailure");
        expiring = List.copyOf(expiring);
        if (consecutiveFailures < 0 || secretCount < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** A status without expiring items (the form before {@code keyvault.expiry-warning} existed). */
    public VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
            int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
            Optional<Instant> soonestExpiry, Optional<String> lastFailure) {
        this(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness, maxStaleness, secretCount,
                soonestExpiry, lastFailure, List.of());
    }

    /** This status with {@code expiring} replaced. */
    VaultStatus withExpiring(List<ExpiringItem> items) {
        return new VaultStatus(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness,
                maxStaleness, secretCount, soonestExpiry, lastFailure, items);
    }

    /** Whether the served snapshot is older than {@code max-staleness}. */
    public boolean stale() {
        return staleness.compareTo(maxStaleness) > 0;
    }
}
