package dev.kvconfig.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registers the {@link VaultMeters} of vault sources with a Micrometer registry: per source the gauges and the counter
 * of changed properties, tagged {@value VaultMeters#TAG}{@code =<alias>}, counted by a change listener on the source.
 * The one copy of the glue the adapters share (callers: the Quarkus, Micronaut and Spring Boot metrics beans). Needs
 * {@code io.micrometer:micrometer-core}, an optional dependency of kvconfig-source that an application with metrics
 * has; nothing else in the core loads this class. Thread-safe; {@link #close()} stops counting (the gauges stay with
 * the registry).
 */
public final class VaultMeterBinder implements AutoCloseable {

    private final Map<KeyVaultConfigSource, SecretsChangeListener> listeners = new LinkedHashMap<>();

    private VaultMeterBinder() {
    }

    /**
     * Registers the meters of every source with {@code registry} and starts counting their changes.
     *
     * @throws NullPointerException if an argument is null
     */
    public static VaultMeterBinder bind(MeterRegistry registry, List<KeyVaultConfigSource> sources) {
        Objects.requireNonNull(registry, "registry");
        VaultMeterBinder binder = new VaultMeterBinder();
        for (KeyVaultConfigSource source : List.copyOf(sources)) {
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
            binder.listeners.put(source, listener);
        }
        return binder;
    }

    /** Stops counting changes. Idempotent. */
    @Override
    public synchronized void close() {
        listeners.forEach(KeyVaultConfigSource::removeChangeListener);
        listeners.clear();
    }
}
