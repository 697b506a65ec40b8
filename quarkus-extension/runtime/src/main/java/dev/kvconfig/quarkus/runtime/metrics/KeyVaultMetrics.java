package dev.kvconfig.quarkus.runtime.metrics;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.VaultStatus;
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
 * Micrometer meters per vault (tag {@code vault} = alias), registered only when quarkus-micrometer is present:
 * {@code kvconfig.secrets.loaded}, {@code kvconfig.staleness} (seconds since the last successful load),
 * {@code kvconfig.refresh.failures} (consecutive failed cycles), {@code kvconfig.up} (1 unless DOWN), and the counter
 * {@code kvconfig.refresh.changes} (refreshes that changed something). Gauges read the core status: no I/O.
 */
@Singleton
public class KeyVaultMetrics implements MeterBinder {

    @Inject
    Config config;

    private final Map<String, Counter> changes = new ConcurrentHashMap<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        for (KeyVaultConfigSource source : KeyVaultConfigSource.of(config)) {
            Tags tags = Tags.of("vault", source.alias());
            Gauge.builder("kvconfig.secrets.loaded", source, s -> s.status().secretCount()).tags(tags)
                    .description("Secrets served from the vault").register(registry);
            Gauge.builder("kvconfig.staleness", source, s -> s.status().staleness().toMillis() / 1000.0).tags(tags)
                    .baseUnit("seconds").description("Time since the last successful load").register(registry);
            Gauge.builder("kvconfig.refresh.failures", source, s -> s.status().consecutiveFailures()).tags(tags)
                    .description("Failed load or refresh cycles since the last success").register(registry);
            Gauge.builder("kvconfig.up", source, s -> s.status().state() == VaultStatus.State.DOWN ? 0 : 1).tags(tags)
                    .description("1 while the vault serves a snapshot within max-staleness").register(registry);
            changes.put(source.alias(), Counter.builder("kvconfig.refresh.changes").tags(tags)
                    .description("Refreshes that changed at least one secret").register(registry));
        }
    }

    void onChange(@Observes SecretsChangeEvent change) {
        Counter counter = changes.get(change.alias());
        if (counter != null) {
            counter.increment();
        }
    }
}
