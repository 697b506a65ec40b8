package dev.kvconfig.micronaut;

import dev.kvconfig.source.VaultMeterBinder;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import jakarta.annotation.PreDestroy;

/**
 * Micrometer meters per vault when the application has a {@link MeterRegistry}: the core's {@link VaultMeters}
 * ({@code kvconfig.vault.secrets}, {@code .up}, {@code .staleness}, {@code .failures} and the counter
 * {@code kvconfig.vault.changes}, tagged {@code vault=<alias>}), registered by the core's {@link VaultMeterBinder} as
 * under Quarkus; the same names as under Spring Boot.
 * Gauges read the core's status: no I/O. Off with {@code keyvault.metrics.enabled=false}.
 */
@Context
@Requires(classes = MeterRegistry.class)
@Requires(beans = {MeterRegistry.class, KeyVaultSources.class})
@Requires(property = "keyvault.metrics.enabled", notEquals = StringUtils.FALSE)
final class KeyVaultMetrics {

    private final VaultMeterBinder meters;

    KeyVaultMetrics(MeterRegistry registry, KeyVaultSources vaults) {
        this.meters = VaultMeterBinder.bind(registry, vaults.sources());
    }

    @PreDestroy
    void close() {
        meters.close();
    }
}
