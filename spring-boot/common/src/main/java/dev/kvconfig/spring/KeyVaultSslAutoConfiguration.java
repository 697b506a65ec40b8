package dev.kvconfig.spring;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/**
 * SSL bundles from the {@code keyvault.tls-material.<name>.*} groups of the imported vaults
 * ({@link KeyVaultSslBundles}), handed to Boot's {@code SslBundleRegistry} as an {@code SslBundleRegistrar} (Boot's
 * {@code SslAutoConfiguration} collects every registrar bean when it makes the registry). Present only when
 * {@code spring.config.import} imported at least one vault; a vault without groups registers nothing. Each starter
 * registers it in {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
@AutoConfiguration
@ConditionalOnBean(name = LoadedVaults.BEAN)
public class KeyVaultSslAutoConfiguration {

    @Bean(destroyMethod = "close")
    KeyVaultSslBundles kvconfigSslBundles(@Qualifier(LoadedVaults.BEAN) LoadedVaults vaults) {
        return new KeyVaultSslBundles(vaults);
    }
}
