package dev.kvconfig.quarkus.runtime.metrics;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * Micrometer meters per vault, registered only when quarkus-micrometer is present: the core's {@link VaultMeters}
 * ({@code kvconfig.vault.secrets}, {@code .up}, {@code .staleness}, {@code .failures} and the counter
 * {@code kvconfig.vault.changes}, tagged {@code vault=<alias>}), the same names as under Micronaut and Spring Boot.
 * Gauges read the core status: no I/O.
 */
@Singleton
public class KeyVaultMetrics implements MeterBinder {

    @Inject
    Config config;

    private final Map<String, Counter> changes = new ConcurrentHashMap<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        for (KeyVaultConfigSource source : KeyVaultConfigSource.of(config)) {
            Tags tags = Tags.of(VaultMeters.TAG, source.alias());
            for (VaultMeters.Gauge g : VaultMeters.gauges()) {
                Gauge.Builder<KeyVaultConfigSource> gauge = Gauge.builder(g.name(), source, g::valueOf).tags(tags)
                        .description(g.description());
                g.unit().ifPresent(gauge::baseUnit);
                gauge.register(registry);
            }
            changes.put(source.alias(), Counter.builder(VaultMeters.CHANGES).tags(tags)
                    .description(VaultMeters.CHANGES_DESCRIPTION).register(registry));
        }
    }

    void onChange(@Observes SecretsChangeEvent change) {
        Counter counter = changes.get(change.alias());
        if (counter != null) {
            counter.increment(change.changedProperties().size());
        }
    }
}
