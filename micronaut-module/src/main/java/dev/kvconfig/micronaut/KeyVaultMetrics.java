package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeListener;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Micrometer meters per vault when the application has a {@link MeterRegistry}: the core's {@link VaultMeters}
 * ({@code kvconfig.vault.secrets}, {@code .up}, {@code .staleness}, {@code .failures} and the counter
 * {@code kvconfig.vault.changes}, tagged {@code vault=<alias>}), the same names as under Quarkus and Spring Boot.
 * Gauges read the core's status: no I/O. Off with {@code keyvault.metrics.enabled=false}.
 */
@Context
@Requires(classes = MeterRegistry.class)
@Requires(beans = {MeterRegistry.class, KeyVaultSources.class})
@Requires(property = "keyvault.metrics.enabled", notEquals = StringUtils.FALSE)
final class KeyVaultMetrics {

    private final Map<KeyVaultConfigSource, SecretsChangeListener> listeners = new LinkedHashMap<>();

    KeyVaultMetrics(MeterRegistry registry, KeyVaultSources vaults) {
        for (KeyVaultConfigSource source : vaults.sources()) {
            String alias = source.alias();
            for (VaultMeters.Gauge g : VaultMeters.gauges()) {
                Gauge.Builder<KeyVaultConfigSource> gauge = Gauge.builder(g.name(), source, g::valueOf)
                        .tag(VaultMeters.TAG, alias).description(g.description());
                g.unit().ifPresent(gauge::baseUnit);
                gauge.register(registry);
            }
            Counter changes = Counter.builder(VaultMeters.CHANGES).tag(VaultMeters.TAG, alias)
                    .description(VaultMeters.CHANGES_DESCRIPTION).register(registry);
            SecretsChangeListener listener = event -> changes.increment(event.changedProperties().size());
            source.addChangeListener(listener);
            listeners.put(source, listener);
        }
    }

    @PreDestroy
    void close() {
        listeners.forEach(KeyVaultConfigSource::removeChangeListener);
        listeners.clear();
    }
}
