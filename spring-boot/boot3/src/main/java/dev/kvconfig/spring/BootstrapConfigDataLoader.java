package dev.kvconfig.spring;

import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

/** {@link KeyVaultConfigDataLoader} with the vaults in Boot 3's bootstrap context. In {@code META-INF/spring.factories}. */
final class BootstrapConfigDataLoader extends KeyVaultConfigDataLoader {

    BootstrapConfigDataLoader(DeferredLogFactory logs) {
        super(logs);
    }

    @Override
    LoadedVaults vaults(ConfigDataLoaderContext context) {
        return BootstrapVaults.of(context.getBootstrapContext());
    }
}
