package dev.kvconfig.micronaut;

import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code keyvault.vaults.<alias>.*}: one more vault, the same keys as {@code keyvault.*}; credential, TLS, refresh,
 * retry, {@code optional} and {@code max-concurrency} fall back to the main vault's (the core's rule).
 */
@EachProperty("keyvault.vaults")
@BootstrapContextCompatible
public final class VaultConfiguration extends VaultSettings {

    private final String alias;

    VaultConfiguration(@Parameter String alias) {
        this.alias = alias;
    }

    /** The alias: {@code payments} for {@code keyvault.vaults.payments.*}. */
    public String alias() {
        return alias;
    }
}
