package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeListener;
import dev.kvconfig.source.VaultStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;

/**
 * Micrometer meters per vault, tagged {@code vault=<alias>}, the same as the Quarkus and Micronaut adapters':
 * {@code kvconfig.vault.secrets} (served), {@code kvconfig.vault.up} (1 unless DOWN), {@code kvconfig.vault.staleness}
 * (seconds since the last successful load), {@code kvconfig.vault.failures} (consecutive failed cycles) and the counter
 * {@code kvconfig.vault.changes} (properties added, updated or removed by refreshes). Gauges read the core's status: no
 * I/O. Boot binds it to every registry; off with {@code management.metrics.enable.kvconfig=false}.
 */
final class KeyVaultMetrics implements MeterBinder, DisposableBean {

    private final KeyVaultSources vaults;
    private final Map<KeyVaultConfigSource, SecretsChangeListener> listeners = new LinkedHashMap<>();

    KeyVaultMetrics(KeyVaultSources vaults) {
        this.vaults = vaults;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (KeyVaultConfigSource source : vaults.sources()) {
            String alias = source.alias();
            Gauge.builder("kvconfig.vault.secrets", source, s -> s.status().secretCount())
                    .tag("vault", alias).description("Secrets served by the vault source").register(registry);
            Gauge.builder("kvconfig.vault.up", source, s -> s.status().state() == VaultStatus.State.DOWN ? 0 : 1)
                    .tag("vault", alias).description("1 while the vault source is UP or DEGRADED, 0 when DOWN")
                    .register(registry);
            Gauge.builder("kvconfig.vault.staleness", source, s -> s.status().staleness().toMillis() / 1000.0)
                    .tag("vault", alias).baseUnit("seconds").description("Age of the served snapshot")
                    .register(registry);
            Gauge.builder("kvconfig.vault.failures", source, s -> s.status().consecutiveFailures())
                    .tag("vault", alias).description("Consecutive failed load or refresh cycles").register(registry);
            Counter changes = Counter.builder("kvconfig.vault.changes").tag("vault", alias)
                    .description("Properties added, updated or removed by refreshes").register(registry);
            SecretsChangeListener listener = event -> changes.increment(event.changedProperties().size());
            source.addChangeListener(listener);
            synchronized (listeners) {
                listeners.put(source, listener);
            }
        }
    }

    @Override
    public void destroy() {
        synchronized (listeners) {
            listeners.forEach(KeyVaultConfigSource::removeChangeListener);
            listeners.clear();
        }
    }
}
