package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * One vault in the Spring {@code Environment}: a live view of the core source's current snapshot, never a copy, so a
 * refresh is visible at once without a restart. Lookups never do I/O; a name the vault lacks costs a map miss. Relaxed
 * names work through the core's mapping ({@code app.api-key}, {@code app.api.key}, {@code APP_API_KEY} all read secret
 * {@code app-api-key}); property names are listed as the core lists them ({@code app.api.key}).
 *
 * <p>Named {@code keyvault-<alias>} ({@code keyvault-default} for {@code keyvault.url}); {@code toString()} names it,
 * never its content. Thread-safe.
 */
public final class KeyVaultPropertySource extends EnumerablePropertySource<KeyVaultConfigSource> {

    private final LoadedVaults.Vault vault;

    KeyVaultPropertySource(LoadedVaults.Vault vault) {
        super("keyvault-" + vault.source().alias(), vault.source());
        this.vault = vault;
    }

    /** The value of the secret this name maps to, from the current snapshot; null if the vault does not hold it. */
    @Override
    public Object getProperty(String name) {
        return getSource().getValue(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return getSource().getValue(name) != null;
    }

    /** The same array until a refresh changes the secrets, so Boot's name mapping is rebuilt only then. */
    @Override
    public String[] getPropertyNames() {
        return vault.propertyNames();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " {name='" + getName() + "', url=" + getSource().vaultUrl() + "}";
    }
}
