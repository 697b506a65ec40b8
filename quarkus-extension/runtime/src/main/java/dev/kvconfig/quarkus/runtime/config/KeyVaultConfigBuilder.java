package dev.kvconfig.quarkus.runtime.config;

import dev.kvconfig.source.KeyVaultCertificateHandlerFactory;
import dev.kvconfig.source.KeyVaultKeyHandlerFactory;
import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Adds the Key Vault source factory and the {@code keyvault}, {@code keyvault-key} and {@code keyvault-cert} reference
 * handlers, all reading {@code quarkus.keyvault.*},
 * to the runtime config. Registered by the deployment module through {@code RunTimeConfigBuilderBuildItem}; runs after
 * the services Quarkus discovers, so its handler replaces the core's discovered one of the same name.
 */
public final class KeyVaultConfigBuilder implements ConfigBuilder {

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withSources(new QuarkusKeyVaultConfigSourceFactory())
                .withSecretKeyHandlerFactories(
                        new QuarkusKeyVaultReferenceHandlerFactory(new KeyVaultSecretKeysHandlerFactory()),
                        new QuarkusKeyVaultReferenceHandlerFactory(new KeyVaultKeyHandlerFactory()),
                        new QuarkusKeyVaultReferenceHandlerFactory(new KeyVaultCertificateHandlerFactory()));
    }
}
