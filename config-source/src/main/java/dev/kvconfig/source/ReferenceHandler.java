package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kvconfig.source.naming.NameMapping;
import io.smallrye.config.SecretKeysHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code keyvault} secret-keys handler: resolves {@code [alias:]name[/version]} through one Caffeine cache per vault.
 * Settings are read on the first reference, so a config that never uses one costs nothing. Thread-safe.
 *
 * <p>{@link #close()} releases the per-vault connection pools; an adapter that owns the handler calls it (SmallRye never
 * does: there idle connections close after 50 s). A closed handler resolves nothing.
 */
final class ReferenceHandler implements SecretKeysHandler, AutoCloseable {

    /** The {@link KeyVaultOptions#aliasKey} of the main vault: no alias, or {@code default}. */
    static final String MAIN = "";
    private static final Pattern REFERENCE =
            Pattern.compile("(?:(?<alias>[A-Za-z0-9_-]{1,64}):)?(?<name>[0-9A-Za-z-]{1,127})(?:/(?<version>[0-9A-Za-z]{1,64}))?");
    static final String FORM = "${keyvault::[alias:]name[/version]}, e.g. ${keyvault::db-password} or "
            + "${keyvault::payments:api-key/<version>}";

    private final SettingsLookup lookup;
    private final String root;
    private final Map<String, VaultReferences> vaults = new ConcurrentHashMap<>();
    private volatile Map<String, KeyVaultOptions> settings;
    private volatile boolean closed;

    ReferenceHandler(SettingsLookup lookup, String root) {
        this.lookup = lookup;
        this.root = root;
    }

    @Override
    public String getName() {
        return KeyVaultSecretKeysHandlerFactory.NAME;
    }

    /**
     * Resolves one reference. The first use of a latest version waits for the fetch; later uses read the cache.
     *
     * @throws IllegalArgumentException for a malformed reference, an unknown alias or a secret that does not exist
     * @throws IllegalStateException when the vault cannot be read
     */
    @Override
    public String decode(String reference) {
        Matcher m = REFERENCE.matcher(reference == null ? "" : reference.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Malformed Key Vault reference '${keyvault::" + reference + "}'; use "
                    + FORM);
        }
        String alias = m.group("alias") == null ? MAIN : m.group("alias");
        Ref ref = new Ref(m.group("name"), m.group("version"));
        requireOpen();
        VaultReferences vault = vaults.computeIfAbsent(KeyVaultOptions.aliasKey(alias), key -> open(alias));
        if (closed) {
            // Opened by a decode that raced with close(): released here, and this decode fails like later ones.
            vault.access.close();
            requireOpen();
        }
        try {
            return (ref.version() == null ? vault.latest : vault.pinned).get(ref).join();
        } catch (CompletionException e) {
            throw failure(reference, vault.options, e.getCause() == null ? e : e.getCause());
        }
    }

    /** Releases every vault's connection pool. Idempotent. */
    @Override
    public void close() {
        closed = true;
        vaults.values().forEach(v -> v.access.close());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the Key Vault reference handler is closed (its config was closed); build "
                    + "a new config to resolve references");
        }
    }

    private VaultReferences open(String alias) {
        Map<String, KeyVaultOptions> known = settings();
        KeyVaultOptions options = known.get(KeyVaultOptions.aliasKey(alias));
        if (options == null) {
            if (KeyVaultOptions.aliasKey(alias).equals(MAIN)) {
                throw new IllegalArgumentException("Key Vault reference without alias, but " + root + "url is not set; set "
                        + root + "url, or name a vault: ${keyvault::<alias>:name} with " + root + "vaults.<alias>.url");
            }
            List<String> aliases = SettingsReader.aliases(known);
            throw new IllegalArgumentException("Key Vault reference names unknown vault alias '" + alias + "'; known "
                    + "aliases: " + aliases + ". Set " + root + "vaults." + alias + ".url or fix the alias");
        }
        return new VaultReferences(options);
    }

    private Map<String, KeyVaultOptions> settings() {
        Map<String, KeyVaultOptions> s = settings;
        if (s == null) {
            synchronized (this) {
                s = settings;
                if (s == null) {
                    settings = s = SettingsReader.byAliasKey(lookup, root);
                }
            }
        }
        return s;
    }

    private static RuntimeException failure(String reference, KeyVaultOptions options, Throwable cause) {
        Throwable t = reactor.core.Exceptions.unwrap(cause);
        String where = "vault " + options.displayName() + " (" + options.vaultUrl() + ")";
        if (t instanceof HttpResponseException) {
            HttpResponseException h = (HttpResponseException) t;
            int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
            if (status == 404) {
                return new IllegalArgumentException("Key Vault reference ${keyvault::" + reference + "}: the secret does "
                        + "not exist in " + where + "; create it or fix the reference", t);
            }
            if (status == 403 && String.valueOf(h.getMessage()).toLowerCase(Locale.ROOT).contains("disabled")) {
                return new IllegalArgumentException("Key Vault reference ${keyvault::" + reference + "}: the secret is "
                        + "disabled in " + where + "; enable it or fix the reference", t);
            }
        }
        return new IllegalStateException("Key Vault reference ${keyvault::" + reference + "} could not be read from "
                + where + ": " + Refresher.summary(t), t);
    }

    /** A secret name (case-folded: Key Vault names are case-insensitive) and an optional pinned version. */
    private record Ref(String name, String version) {
        Ref {
            name = NameMapping.lookupKey(name);
        }
    }

    /** One vault's client and caches, created on its first reference. */
    private static final class VaultReferences {
        final KeyVaultOptions options;
        final AsyncLoadingCache<Ref, String> latest;
        final AsyncLoadingCache<Ref, String> pinned;
        final VaultAccess access;

        VaultReferences(KeyVaultOptions options) {
            this.options = options;
            VaultAccess access = VaultAccess.open(options);
            this.access = access;
            Caffeine<Object, Object> latestBuilder = Caffeine.newBuilder()
                    // The staleness bound: past it a value is dropped, and the next use fetches again (or fails).
                    .expireAfterWrite(options.maxStaleness())
                    .recordStats();
            if (!options.refreshInterval().isZero()) {
                // Refreshed in the background on the first use after the interval; a failed refresh keeps the value.
                latestBuilder.refreshAfterWrite(options.refreshInterval());
            }
            this.latest = latestBuilder.buildAsync((ref, executor) ->
                    access.getSecret(ref.name(), null).map(s -> s.getValue() == null ? "" : s.getValue()).toFuture());
            // A pinned version never changes in Key Vault: fetched once, kept for the life of the config.
            this.pinned = Caffeine.newBuilder().recordStats().buildAsync((ref, executor) ->
                    access.getSecret(ref.name(), ref.version()).map(s -> s.getValue() == null ? "" : s.getValue())
                            .toFuture());
        }
    }
}
