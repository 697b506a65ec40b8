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
 * @param tls what each {@link TlsMaterial} over this vault serves, by its name ({@code tls-material.<name>}): the
 *     certificate in use (subject, serial, not-after), the trust anchors and the last refusal; certificates it serves
 *     that expire within {@code keyvault.expiry-warning} are also in {@code expiring}. Empty without TLS material
 */
public record VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
        int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
        Optional<Instant> soonestExpiry, Optional<String> lastFailure, List<ExpiringItem> expiring,
        List<String> refused, Map<String, TlsMaterial.Status> tls) {

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
        tls = Collections.unmodifiableMap(new java.util.TreeMap<>(tls));
        if (consecutiveFailures < 0 || secretCount < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** A status without expiring items (the form before {@code keyvault.expiry-warning} existed). */
    public VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
            int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
            Optional<Instant> soonestExpiry, Optional<String> lastFailure) {
        this(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness, maxStaleness, secretCount,
                soonestExpiry, lastFailure, List.of(), List.of(), Map.of());
    }

    /** A status without refused versions (the form before credentials views existed). */
    public VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
            int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
            Optional<Instant> soonestExpiry, Optional<String> lastFailure, List<ExpiringItem> expiring) {
        this(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness, maxStaleness, secretCount,
                soonestExpiry, lastFailure, expiring, List.of(), Map.of());
    }

    /** A status without TLS material (the form before {@link TlsMaterial} reported here). */
    public VaultStatus(String alias, URI vaultUrl, State state, Optional<Instant> lastSuccessfulRefresh,
            int consecutiveFailures, Duration staleness, Duration maxStaleness, int secretCount,
            Optional<Instant> soonestExpiry, Optional<String> lastFailure, List<ExpiringItem> expiring,
            List<String> refused) {
        this(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness, maxStaleness, secretCount,
                soonestExpiry, lastFailure, expiring, refused, Map.of());
    }

    /** This status with {@code expiring} replaced. */
    VaultStatus withExpiring(List<ExpiringItem> items) {
        return new VaultStatus(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness,
                maxStaleness, secretCount, soonestExpiry, lastFailure, items, refused, tls);
    }

    /** This status with {@code refused} replaced. */
    VaultStatus withRefused(List<String> lines) {
        return new VaultStatus(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness,
                maxStaleness, secretCount, soonestExpiry, lastFailure, expiring, lines, tls);
    }

    /**
     * This status with {@code tls} replaced, and the served certificates of {@code materials} that expire before
     * {@code warnFrom} added to {@code expiring} (once each, soonest first).
     */
    VaultStatus withTls(Map<String, TlsMaterial.Status> materials, Instant warnFrom) {
        List<ExpiringItem> items = new java.util.ArrayList<>(expiring);
        for (TlsMaterial.Status m : materials.values()) {
            java.util.stream.Stream.concat(m.certificate().stream(), m.trust().stream())
                    .filter(c -> c.notAfter().isBefore(warnFrom))
                    .map(c -> new ExpiringItem(ExpiringItem.Kind.CERTIFICATE, c.certificate(), c.version(), c.notAfter()))
                    .filter(i -> !items.contains(i))
                    .forEach(items::add);
        }
        items.sort(java.util.Comparator.comparing(ExpiringItem::expiresOn));
        return new VaultStatus(alias, vaultUrl, state, lastSuccessfulRefresh, consecutiveFailures, staleness,
                maxStaleness, secretCount, soonestExpiry, lastFailure, items, refused, materials);
    }

    /**
     * This status as the details of a health endpoint, in a fixed order: {@code url}, {@code state}, {@code secrets},
     * {@code last-refresh} (when loaded), {@code consecutive-failures}, {@code staleness}, {@code max-staleness} and,
     * when set, {@code soonest-expiry}, {@code expiring} (one {@code "<kind> <name> <expires-on>"} per item, soonest
     * first), {@code refused} (one line per refused credentials version), {@code tls} (per TLS material name: the
     * certificate in use with its version, subject, serial and not-after, and the trust anchors) and
     * {@code last-failure}. Names, dates and counts only, never a value. Callers: the Micronaut and Spring
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
        if (!tls.isEmpty()) {
            Map<String, Object> materials = new LinkedHashMap<>();
            tls.forEach((name, m) -> materials.put(name, tlsDetails(m)));
            d.put("tls", Collections.unmodifiableMap(materials));
        }
        lastFailure.ifPresent(f -> d.put("last-failure", f));
        return Collections.unmodifiableMap(d);
    }

    /** Whether the served snapshot is older than {@code max-staleness}. */
    public boolean stale() {
        return staleness.compareTo(maxStaleness) > 0;
    }

    private static Map<String, Object> tlsDetails(TlsMaterial.Status m) {
        Map<String, Object> d = new LinkedHashMap<>();
        m.certificate().ifPresent(c -> d.put("certificate", servedDetails(c)));
        if (!m.trust().isEmpty()) {
            d.put("trust", m.trust().stream().map(VaultStatus::servedDetails).toList());
        }
        m.lastRefusal().ifPresent(r -> d.put("refused", r));
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, Object> servedDetails(TlsMaterial.Served c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", c.certificate());
        d.put("version", c.version());
        d.put("subject", c.subject());
        d.put("serial", c.serialNumber());
        d.put("not-after", c.notAfter().toString());
        return Collections.unmodifiableMap(d);
    }
}
