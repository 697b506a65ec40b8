package dev.kvconfig.spring;

import org.springframework.boot.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.ConfigurableBootstrapContext;

/** This application run's {@link LoadedVaults}, kept in Boot 3's bootstrap context ({@code org.springframework.boot}). */
final class BootstrapVaults {

    private BootstrapVaults() {
    }

    /** The run's instance, registered on first use and handed over to the application context when it is ready. */
    static LoadedVaults of(ConfigurableBootstrapContext bootstrap) {
        bootstrap.registerIfAbsent(LoadedVaults.class, InstanceSupplier.from(LoadedVaults::new));
        LoadedVaults vaults = bootstrap.get(LoadedVaults.class);
        if (vaults.firstHandOverClaim()) {
            bootstrap.addCloseListener(event -> vaults.handOver(event.getApplicationContext()));
        }
        return vaults;
    }

    /** Closes the vaults the run had opened, if any. */
    static void closeOpened(ConfigurableBootstrapContext bootstrap) {
        if (bootstrap.isRegistered(LoadedVaults.class)) {
            bootstrap.get(LoadedVaults.class).close();
        }
    }
}
