package dev.kvconfig.spring;

import dev.kvconfig.source.VaultMeterBinder;
import dev.kvconfig.source.VaultMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;

/**
 * Micrometer meters per vault: the core's {@link VaultMeters} ({@code kvconfig.vault.secrets}, {@code .up},
 * {@code .staleness}, {@code .failures} and the counter {@code kvconfig.vault.changes}, tagged {@code vault=<alias>}),
 * registered by the core's {@link VaultMeterBinder} as under Quarkus and Micronaut. Gauges read the core's status: no
 * I/O. Boot binds it to every registry; off with {@code management.metrics.enable.kvconfig=false}.
 */
final class KeyVaultMetrics implements MeterBinder, DisposableBean {

    private final KeyVaultSources vaults;
    private final List<VaultMeterBinder> binders = new ArrayList<>(); // guarded by itself

    KeyVaultMetrics(KeyVaultSources vaults) {
        this.vaults = vaults;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        VaultMeterBinder binder = VaultMeterBinder.bind(registry, List.copyOf(vaults.sources()));
        synchronized (binders) {
            binders.add(binder);
        }
    }

    @Override
    public void destroy() {
        synchronized (binders) {
            binders.forEach(VaultMeterBinder::close);
            binders.clear();
        }
    }
}
