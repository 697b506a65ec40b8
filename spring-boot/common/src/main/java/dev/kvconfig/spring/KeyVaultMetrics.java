package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeListener;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;

/**
 * Micrometer meters per vault: the core's {@link VaultMeters} ({@code kvconfig.vault.secrets}, {@code .up},
 * {@code .staleness}, {@code .failures} and the counter {@code kvconfig.vault.changes}, tagged {@code vault=<alias>}),
 * the same names as under Quarkus and Micronaut. Gauges read the core's status: no I/O. Boot binds it to every
 * registry; off with {@code management.metrics.enable.kvconfig=false}.
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
