package dev.kvconfig.spring;

import dev.kvconfig.source.VaultStatus;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health of the vaults, contributor {@code keyvault}, from the core's status (no I/O): UP while every vault is UP or
 * DEGRADED, DOWN when one is DOWN (never loaded, or failing for longer than {@code refresh.max-staleness}). DEGRADED
 * (refreshes failing, the last good snapshot served) stays UP on purpose: the application is serving correct
 * configuration, so its readiness must not drop; the details say {@code state: DEGRADED}. (A custom {@code DEGRADED}
 * status would need every application to add it to {@code management.endpoint.health.status.order}: Boot's default
 * aggregator ranks unknown codes above DOWN.) Details per alias, from {@link VaultStatus#healthDetails()}: url,
 * state, secrets, last-refresh, consecutive-failures, staleness, max-staleness and, when set, soonest-expiry, expiring
 * (names and dates) and last-failure (operation, HTTP status, cause; never a value). Off with
 * {@code management.health.keyvault.enabled=false}.
 */
final class KeyVaultHealthIndicator implements HealthIndicator {

    private final KeyVaultSources vaults;

    KeyVaultHealthIndicator(KeyVaultSources vaults) {
        this.vaults = vaults;
    }

    @Override
    public Health health() {
        List<VaultStatus> statuses = vaults.statuses();
        boolean down = statuses.stream().anyMatch(s -> s.state() == VaultStatus.State.DOWN);
        Health.Builder health = down ? Health.down() : Health.up();
        for (VaultStatus s : statuses) {
            health.withDetail(s.alias(), s.healthDetails());
        }
        return health.build();
    }
}
