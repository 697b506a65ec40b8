package dev.kvconfig.micronaut;

import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code keyvault.*}: the main vault, bound in the bootstrap context (so from {@code bootstrap.yml}, the environment,
 * system properties). The keys and their meaning are the core's (docs/configuration.md); values are bound
 * as text and validated by the core. Password-type keys are not bound (see {@link VaultSettings}).
 */
@ConfigurationProperties(EnvironmentSettings.PREFIX)
@BootstrapContextCompatible
public final class KeyVaultConfiguration extends VaultSettings {
}
