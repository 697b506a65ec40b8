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
 * DOWN (never loaded, or failing for longer than max-staleness). Details per vault alias, from
 * {@link VaultStatus#healthDetails()}: url, state, secrets, last-refresh, consecutive-failures, staleness, max-staleness
 * and, when set, soonest-expiry, expiring (names and dates), last-failure (operation, HTTP status, cause; never a
 * value) and refused (credentials versions a {@link DatasourceRotation} pool refused). Off with {@code keyvault.health.enabled=false}.
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
            details.put(s.alias(), s.healthDetails());
        }
        return Publishers.just(HealthResult.builder(NAME, down ? HealthStatus.DOWN : HealthStatus.UP)
                .details(details)
                .build());
    }
}
