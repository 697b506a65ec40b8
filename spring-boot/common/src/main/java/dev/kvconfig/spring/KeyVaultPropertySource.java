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

    private static final String PLACEHOLDER = "${";
    /** Spring's placeholder escape ({@code PlaceholderParser}, Spring Framework 6.2). */
    private static final String ESCAPED = "\\${";

    private final LoadedVaults.Vault vault;

    KeyVaultPropertySource(LoadedVaults.Vault vault) {
        super("keyvault-" + vault.source().alias(), vault.source());
        this.vault = vault;
    }

    /**
     * The value of the secret this name maps to, from the current snapshot; null if the vault does not hold it. A
     * <code>${</code> in a secret is returned escaped (<code>\${</code>): Spring resolves placeholders in every property value,
     * so without it a secret such as {@code pa${ss}} would be silently expanded, or fail with Spring's message, which
     * quotes the value. Through the {@code Environment}, the binder and {@code @Value} the secret reads back verbatim.
     */
    @Override
    public Object getProperty(String name) {
        return escaped(getSource().getValue(name));
    }

    /** {@code value} with every placeholder start escaped, so Spring's resolvers read it back verbatim; null stays null. */
    static String escaped(String value) {
        return value != null && value.contains(PLACEHOLDER) ? value.replace(PLACEHOLDER, ESCAPED) : value;
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
