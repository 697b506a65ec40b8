package dev.kvconfig.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the vaults, contributor {@code keyvault}, from the core's status (no I/O), on Boot 4's health types: the
 * status and details of {@link KeyVaultSources#healthDown()} and {@link KeyVaultSources#healthDetails()} (url, state,
 * secrets, last-refresh, consecutive-failures, staleness, max-staleness and, when set, soonest-expiry, expiring and
 * last-failure; never a value). Off with {@code management.health.keyvault.enabled=false}.
 */
final class KeyVaultHealthIndicator implements HealthIndicator {

    private final KeyVaultSources vaults;

    KeyVaultHealthIndicator(KeyVaultSources vaults) {
        this.vaults = vaults;
    }

    @Override
    public Health health() {
        return (vaults.healthDown() ? Health.down() : Health.up()).withDetails(vaults.healthDetails()).build();
    }
}
