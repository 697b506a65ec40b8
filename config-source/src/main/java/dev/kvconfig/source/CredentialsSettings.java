package dev.kvconfig.source;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One {@code <root>credentials-provider.<name>.*} group of the settings: which secret holds a connection pool's
 * credentials, in which {@link CredentialsView.Format}, in which vault, and whether the pool retires its connections when
 * they change. Read with the vault's other settings ({@link KeyVaultOptions#credentialsProviders()}), validated there, so
 * an adapter builds the view it names with {@link #build(List)} and reads no key itself.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the settings (no value of the secret).
 */
public final class CredentialsSettings {

    private final String name;
    private final String keyPrefix;
    private final CredentialsView.Builder view;
    private final String description;
    private final String vault;
    private final boolean evictOnChange;

    private CredentialsSettings(Builder b, String vault) {
        this.name = b.name;
        this.keyPrefix = b.view.key("");
        this.view = b.view;
        this.description = b.describe(vault);
        this.vault = vault;
        this.evictOnChange = b.evictOnChange == null
                ? Boolean.parseBoolean(KeyVaultSetting.Defaults.CREDENTIALS_PROVIDER_EVICT_ON_CHANGE) : b.evictOnChange;
    }

    /** The name in {@code credentials-provider.<name>}, as written. */
    public String name() {
        return name;
    }

    /** The keys of this group as written, e.g. {@code quarkus.keyvault.credentials-provider.orders-db.}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The alias of the vault serving the secret as {@link KeyVaultConfigSource#alias()} names it ({@code default}). */
    public String vault() {
        return vault;
    }

    /** Whether the pool retires its open connections when the credentials change ({@code evict-on-change}). */
    public boolean evictOnChange() {
        return evictOnChange;
    }

    /**
     * Builds the view over the source of {@link #vault()} among {@code sources}: its first read is from the source's
     * snapshot (no I/O); see {@link CredentialsView.Builder#build}.
     *
     * @throws IllegalStateException naming {@code vault} if no source serves that vault (it failed to start, or the
     *     sources are of another configuration), or if the secret cannot be read as credentials now
     */
    public CredentialsView build(List<KeyVaultConfigSource> sources) {
        return view.build(sourceOf(sources, vault, "credentials " + name + " (" + keyPrefix + "vault=" + vault + ")"));
    }

    /**
     * The source serving vault alias {@code vault} among {@code sources}, for a settings group's {@code build}.
     *
     * @throws IllegalStateException starting with {@code group} if none does
     */
    static KeyVaultConfigSource sourceOf(List<KeyVaultConfigSource> sources, String vault, String group) {
        requireNonNull(sources, "sources");
        String wanted = KeyVaultOptions.aliasKey(vault);
        for (KeyVaultConfigSource s : sources) {
            if (KeyVaultOptions.aliasKey(s.alias()).equals(wanted)) {
                return s;
            }
        }
        throw new IllegalStateException(group + ": no Key Vault source serves vault " + vault + "; check that it is "
                + "configured and started");
    }

    /** {@code CredentialsSettings[name=orders-db, secret=db-password, format=password, username=app, vault=default, evict-on-change=true]}. */
    @Override
    public String toString() {
        return "CredentialsSettings[name=" + name + ", " + description + ", evict-on-change=" + evictOnChange + "]";
    }

    /** Collects one group's keys, each setter validating its text, for {@link KeyVaultOptions.Builder}. */
    static final class Builder {
        private final String name;
        private final CredentialsView.Builder view;
        private final String keyPrefix;
        private String secret;
        private CredentialsView.Format format;
        private String username;
        private String usernameTag;
        private String vault;
        private Boolean evictOnChange;

        /** @param root the group's parent as written, e.g. {@code keyvault.credentials-provider.} */
        Builder(String root, String name) {
            this.view = new CredentialsView.Builder(root, name);
            this.name = name;
            this.keyPrefix = root + name + ".";
        }

        Builder secret(String text) {
            view.secret(text);
            secret = text.trim();
            return this;
        }

        Builder format(CredentialsView.Format f) {
            view.format(f);
            format = f;
            return this;
        }

        Builder username(String text) {
            view.username(text);
            username = text;
            return this;
        }

        Builder usernameTag(String text) {
            view.usernameTag(text);
            usernameTag = text;
            return this;
        }

        Builder vault(String alias) {
            if (vault != null) {
                throw new IllegalStateException(keyPrefix + "vault was already set to " + vault);
            }
            if (alias.isBlank()) {
                throw SettingText.invalid(keyPrefix + "vault", alias, "a vault alias, or leave it unset for the vault "
                        + "whose keys these are");
            }
            vault = alias.trim();
            return this;
        }

        Builder evictOnChange(boolean evict) {
            if (evictOnChange != null) {
                throw new IllegalStateException(keyPrefix + "evict-on-change was already set to " + evictOnChange);
            }
            evictOnChange = evict;
            return this;
        }

        /** The vault alias named, empty for the vault whose keys these are. */
        Optional<String> vault() {
            return Optional.ofNullable(vault);
        }

        String vaultKey() {
            return keyPrefix + "vault";
        }

        /**
         * Checks the group as a whole (secret present, username and username-tag only with their format) and builds it.
         *
         * @param declaringVault the vault these keys are under, the default of {@code vault}
         */
        CredentialsSettings build(String declaringVault) {
            view.check();
            return new CredentialsSettings(this, vault == null ? declaringVault : vault);
        }

        private String describe(String resolvedVault) {
            CredentialsView.Format f = format == null ? CredentialsView.DEFAULT_FORMAT : format;
            StringBuilder s = new StringBuilder("secret=").append(secret).append(", format=").append(f.configName());
            if (username != null) {
                s.append(", username=").append(username);
            }
            if (f == CredentialsView.Format.TAGGED) {
                s.append(", username-tag=").append(usernameTag == null ? CredentialsView.DEFAULT_USERNAME_TAG : usernameTag);
            }
            return s.append(", vault=").append(resolvedVault).toString();
        }
    }
}
