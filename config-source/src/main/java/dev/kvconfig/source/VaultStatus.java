package dev.kvconfig.source;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * @param refused why the newest version of a secret that a {@link CredentialsView} reads was refused (no password, not
 *     JSON, no {@code CredentialId} tag), one line per view naming the view, the secret and its version, never a value;
 *     the view keeps serving the last good credentials meanwhile, so the state is not lowered. Empty when every view
 *     serves its secret's newest version
 */
public record VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
        int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
        Optional<Instant> soonestExpiry, Optional<String> lastFailure, List<ExpiringItem> expiring,
        List<String> refused) {

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
        refused = List.copyOf(refused);
        if (consecutiveFailures < 0 || secretCount < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** A status without expiring items (the form before {@code keyvault.expiry-warning} existed). */
    public VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
            int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
            Optional<Instant> soonestExpiry, Optional<String> lastFailure) {
        this(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness, maxStaleness, secretCount,
                soonestExpiry, lastFailure, List.of(), List.of());
    }

    /** A status without refused versions (the form before credentials views existed). */
    public VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
            int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
            Optional<Instant> soonestExpiry, Optional<String> lastFailure, List<ExpiringItem> expiring) {
        this(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness, maxStaleness, secretCount,
                soonestExpiry, lastFailure, expiring, List.of());
    }

    /** This status with {@code expiring} replaced. */
    VaultStatus withExpiring(List<ExpiringItem> items) {
        return new VaultStatus(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness,
                maxStaleness, secretCount, soonestExpiry, lastFailure, items, refused);
    }

    /** This status with {@code refused} replaced. */
    VaultStatus withRefused(List<String> lines) {
        return new VaultStatus(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness,
                maxStaleness, secretCount, soonestExpiry, lastFailure, expiring, lines);
    }

    /**
     * This status as the details of a health endpoint, in a fixed order: {@code url}, {@code state}, {@code secrets},
     * {@code last-refresh} (when loaded), {@code consecutive-failures}, {@code staleness}, {@code max-staleness} and,
     * when set, {@code soonest-expiry}, {@code expiring} (one {@code "<kind> <name> <expires-on>"} per item, soonest
     * first), {@code refused} (one line per refused credentials version) and {@code last-failure}. Names, dates and counts only, never a value. Callers: the Micronaut and Spring
     * Boot health indicators.
     *
     * @return an unmodifiable map of text and numbers, iterated in the order above
     */
    public Map<String, Object> healthDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", vaultUrl.toString());
        d.put("state", state.name());
        d.put("secrets", secretCount);
        lastSuccessfulRefresh.ifPresent(t -> d.put("last-refresh", t.toString()));
        d.put("consecutive-failures", consecutiveFailures);
        d.put("staleness", staleness.toString());
        d.put("max-staleness", maxStaleness.toString());
        soonestExpiry.ifPresent(t -> d.put("soonest-expiry", t.toString()));
        if (!expiring.isEmpty()) {
            d.put("expiring", expiring.stream()
                    .map(i -> i.kind().name().toLowerCase(Locale.ROOT) + " " + i.name() + " " + i.expiresOn())
                    .toList());
        }
        if (!refused.isEmpty()) {
            d.put("refused", refused);
        }
        lastFailure.ifPresent(f -> d.put("last-failure", f));
        return Collections.unmodifiableMap(d);
    }

    /** Whether the served snapshot is older than {@code max-staleness}. */
    public boolean stale() {
        return staleness.compareTo(maxStaleness) > 0;
    }
}
