package dev.kvconfig.quarkus.runtime.config;

import dev.kvconfig.source.KeyVaultCertificateHandlerFactory;
import dev.kvconfig.source.KeyVaultConfigSourceFactory;
import dev.kvconfig.source.KeyVaultKeyHandlerFactory;
import dev.kvconfig.source.KeyVaultSecretKeysHandlerFactory;
import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Adds the core's Key Vault source factory and its {@code keyvault}, {@code keyvault-key} and {@code keyvault-cert}
 * reference handlers, all reading the core's settings under {@value #ROOT}: the core parses, validates and names them
 * there, as for any other root, so no key is translated or renamed here. Registered by the deployment module through
 * {@code RunTimeConfigBuilderBuildItem}; runs after the services Quarkus discovers, so each handler replaces the core's
 * discovered one of the same name, which would read plain {@code keyvault.*}.
 */
public final class KeyVaultConfigBuilder implements ConfigBuilder {

    /** Where users of this extension write the core's settings. */
    public static final String ROOT = "quarkus.keyvault.";

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withSources(new KeyVaultConfigSourceFactory(ROOT))
                .withSecretKeyHandlerFactories(new KeyVaultSecretKeysHandlerFactory(ROOT),
                        new KeyVaultKeyHandlerFactory(ROOT), new KeyVaultCertificateHandlerFactory(ROOT));
    }
}
