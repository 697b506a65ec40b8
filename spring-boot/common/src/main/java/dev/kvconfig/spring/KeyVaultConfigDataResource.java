package dev.kvconfig.spring;

import dev.kvconfig.source.SettingsLookup;
import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One vault to import: the main vault ({@code keyvault:}, alias empty) or an alias ({@code keyvault:payments}), with the
 * lookup the resolver made for it (that vault only). Equal by alias, so a vault imported twice is loaded once.
 */
final class KeyVaultConfigDataResource extends ConfigDataResource {

    private final String alias;
    private final SettingsLookup settings;

    KeyVaultConfigDataResource(String alias, boolean optional, SettingsLookup settings) {
        super(optional);
        this.alias = alias;
        this.settings = settings;
    }

    /** Empty for the main vault. */
    String alias() {
        return alias;
    }

    SettingsLookup settings() {
        return settings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyVaultConfigDataResource other && other.alias.equals(alias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alias);
    }

    /** {@code keyvault:} or {@code keyvault:<alias>}: where it comes from, never what it holds. */
    @Override
    public String toString() {
        return KeyVaultConfigDataLocationResolver.PREFIX + alias;
    }
}
