package dev.kvconfig.micronaut;

import dev.kvconfig.source.VaultStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.util.StringUtils;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Health of the vaults, named {@code keyvault}, from the core's status (no I/O): UP while every vault is UP or DEGRADED
 * (refreshes failing, last good snapshot served, within {@code keyvault.refresh.max-staleness}); DOWN when a vault is
 * DOWN (never loaded, or failing for longer than max-staleness). Details per vault alias: url, state, secrets,
 * last-refresh, consecutive-failures, staleness, max-staleness and, when set, soonest-expiry and last-failure (operation,
 * HTTP status, cause; never a value). Off with {@code keyvault.health.enabled=false}.
 */
@Singleton
@Requires(classes = HealthIndicator.class)
@Requires(beans = KeyVaultSources.class)
@Requires(property = "keyvault.health.enabled", notEquals = StringUtils.FALSE)
final class KeyVaultHealthIndicator implements HealthIndicator {

    static final String NAME = "keyvault";

    private final KeyVaultSources vaults;

    KeyVaultHealthIndicator(KeyVaultSources vaults) {
        this.vaults = vaults;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        List<VaultStatus> statuses = vaults.statuses();
        if (statuses.isEmpty()) {
            return Publishers.empty();
        }
        boolean down = statuses.stream().anyMatch(s -> s.state() == VaultStatus.State.DOWN);
        Map<String, Object> details = new LinkedHashMap<>();
        for (VaultStatus s : statuses) {
            details.put(s.alias(), details(s));
        }
        return Publishers.just(HealthResult.builder(NAME, down ? HealthStatus.DOWN : HealthStatus.UP)
                .details(details)
                .build());
    }

    static Map<String, Object> details(VaultStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", s.vaultUrl().toString());
        d.put("state", s.state().name());
        d.put("secrets", s.secretCount());
        s.lastSuccessfulRefresh().ifPresent(t -> d.put("last-refresh", t.toString()));
        d.put("consecutive-failures", s.consecutiveFailures());
        d.put("staleness", s.staleness().toString());
        d.put("max-staleness", s.maxStaleness().toString());
        s.soonestExpiry().ifPresent(t -> d.put("soonest-expiry", t.toString()));
        s.lastFailure().ifPresent(f -> d.put("last-failure", f));
        return d;
    }
}
