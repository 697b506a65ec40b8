package dev.kvconfig.quarkus.runtime.metrics;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultMeterBinder;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Micrometer meters per vault, registered only when quarkus-micrometer is present: the core's {@link VaultMeters}
 * ({@code kvconfig.vault.secrets}, {@code .up}, {@code .staleness}, {@code .failures} and the counter
 * {@code kvconfig.vault.changes}, tagged {@code vault=<alias>}), registered by the core's {@link VaultMeterBinder} as
 * under Micronaut. Gauges read the core status: no I/O.
 */
@Singleton
public class KeyVaultMetrics implements MeterBinder {

    @Inject
    Config config;

    private final List<VaultMeterBinder> bound = new ArrayList<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        VaultMeterBinder binder = VaultMeterBinder.bind(registry, KeyVaultConfigSource.of(config));
        synchronized (bound) {
            bound.add(binder);
        }
    }

    @PreDestroy
    void close() {
        synchronized (bound) {
            bound.forEach(VaultMeterBinder::close);
            bound.clear();
        }
    }
}
