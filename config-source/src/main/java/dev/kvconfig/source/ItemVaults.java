package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kvconfig.source.naming.NameMapping;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * What the key and certificate handlers share: the {@code keyvault.*} settings by alias (read on the first reference),
 * one {@link VaultAccess} per alias opened on first use, Caffeine caches with the same rules as
 * {@code ${keyvault::…}}, and the mapping of failures to messages that name the reference, the item and the reason.
 * Thread-safe.
 */
final class ItemVaults implements AutoCloseable {

    private final SettingsLookup lookup;
    private final String root;
    private final Map<String, Vault> vaults = new ConcurrentHashMap<>();
    private volatile Map<String, KeyVaultOptions> settings;
    private volatile boolean closed;

    ItemVaults(SettingsLookup lookup, String root) {
        this.lookup = lookup;
        this.root = root;
    }

    /** One vault's settings and client. */
    record Vault(KeyVaultOptions options, VaultAccess access) {
        /** {@code vault default (https://…/)}, for messages. */
        String where() {
            return "vault " + options.displayName() + " (" + options.vaultUrl() + ")";
        }
    }

    /**
     * The vault a reference names, opened on first use.
     *
     * @throws IllegalArgumentException for an unknown alias, or no alias without {@code keyvault.url}
     */
    Vault vault(ItemReference ref) {
        requireOpen(ref);
        Vault vault = vaults.computeIfAbsent(KeyVaultOptions.aliasKey(ref.alias()), key -> open(ref));
        if (closed) {
            // Opened by a reference that raced with close(): released here, and this one fails like later ones.
            vault.access().close();
            requireOpen(ref);
        }
        return vault;
    }

    /** Releases every vault's connection pool; a closed instance resolves nothing. Idempotent. */
    @Override
    public void close() {
        closed = true;
        vaults.values().forEach(v -> v.access().close());
    }

    private void requireOpen(ItemReference ref) {
        if (closed) {
            throw new IllegalStateException("Key Vault reference " + ref.expression() + ": the " + ref.handler()
                    + " reference handler is closed (its config was closed); build a new config to resolve references");
        }
    }

    private Vault open(ItemReference ref) {
        Map<String, KeyVaultOptions> known = settings();
        KeyVaultOptions options = known.get(KeyVaultOptions.aliasKey(ref.alias()));
        if (options == null) {
            if (KeyVaultOptions.aliasKey(ref.alias()).equals(ReferenceHandler.MAIN)) {
                throw new IllegalArgumentException("Key Vault reference " + ref.expression() + " has no alias, but "
                        + root + "url is not set; set " + root + "url, or name a vault: ${" + ref.handler()
                        + "::<alias>:name} with " + root + "vaults.<alias>.url");
            }
            List<String> aliases = SettingsReader.aliases(known);
            throw new IllegalArgumentException("Key Vault reference " + ref.expression() + " names unknown vault alias '"
                    + ref.alias() + "'; known aliases: " + aliases + ". Set " + root + "vaults." + ref.alias()
                    + ".url or fix the alias");
        }
        return new Vault(options, VaultAccess.open(options));
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

    /** An item name (case-folded: Key Vault names are case-insensitive) and an optional pinned version. */
    record Id(String name, String version) {
        Id {
            name = NameMapping.lookupKey(name);
        }
    }

    /**
     * One vault's items of one kind: latest versions refreshed in the background after {@code refresh.interval} and
     * dropped after {@code refresh.max-staleness}; pinned versions fetched once, kept for the life of the config (a
     * version never changes in Key Vault). A failed load is not kept; a failed refresh keeps the value.
     *
     * <p>Failures travel inside the cache as {@link Outcome}s rather than failed futures: Caffeine logs every failed
     * future with its stack trace at WARNING, while the caller of {@link #get} already gets the error with its reason.
     */
    static final class Items<T> {
        private final AsyncLoadingCache<Id, Outcome<T>> latest;
        private final AsyncLoadingCache<Id, Outcome<T>> pinned;

        Items(KeyVaultOptions options, BiFunction<String, String, Mono<T>> loader) {
            Caffeine<Object, Object> latestBuilder = Caffeine.newBuilder()
                    .expireAfterWrite(options.maxStaleness())
                    .recordStats();
            if (!options.refreshInterval().isZero()) {
                latestBuilder.refreshAfterWrite(options.refreshInterval());
            }
            this.latest = latestBuilder.buildAsync(new OutcomeLoader<>(loader, false));
            this.pinned = Caffeine.newBuilder().recordStats().buildAsync(new OutcomeLoader<>(loader, true));
        }

        /**
         * The item; waits for the first fetch of a latest version, later reads the cache.
         *
         * @throws CompletionException with the fetch's failure as cause
         */
        T get(String name, String version) {
            AsyncLoadingCache<Id, Outcome<T>> cache = version == null ? latest : pinned;
            Id id = new Id(name, version);
            CompletableFuture<Outcome<T>> future = cache.get(id);
            Outcome<T> outcome = future.join();
            if (outcome == null) {
                throw new CompletionException(new IllegalStateException("the vault sent an empty response"));
            }
            if (outcome.error() != null) {
                // Not kept: the next use asks the vault again.
                cache.asMap().remove(id, future);
                throw new CompletionException(outcome.error());
            }
            return outcome.value();
        }
    }

    /** A fetched item or the reason it could not be fetched. */
    private record Outcome<T>(T value, Throwable error) {
    }

    private static final class OutcomeLoader<T> implements AsyncCacheLoader<Id, Outcome<T>> {
        private final BiFunction<String, String, Mono<T>> loader;
        private final boolean pinned;

        OutcomeLoader(BiFunction<String, String, Mono<T>> loader, boolean pinned) {
            this.loader = loader;
            this.pinned = pinned;
        }

        @Override
        public CompletableFuture<Outcome<T>> asyncLoad(Id id, Executor executor) {
            return loader.apply(id.name(), pinned ? id.version() : null)
                    .map(v -> new Outcome<T>(v, null))
                    .onErrorResume(e -> Mono.just(new Outcome<>(null, e)))
                    .toFuture();
        }

        @Override
        public CompletableFuture<Outcome<T>> asyncReload(Id id, Outcome<T> old, Executor executor) {
            // A failed background refresh keeps serving the value it had.
            return loader.apply(id.name(), pinned ? id.version() : null)
                    .map(v -> new Outcome<T>(v, null))
                    .onErrorResume(e -> Mono.just(old.error() == null ? old : new Outcome<>(null, e)))
                    .toFuture();
        }
    }

    /**
     * A failure as the caller sees it, naming the reference: our own {@link IllegalArgumentException}s from a loader
     * (wrong key type, unreadable content) get the reference in front; HTTP failures name the item, the vault, the
     * status and what to do.
     *
     * @param item e.g. {@code key 'jwt-signing'} or {@code backing secret of certificate 'web'}
     * @param permission what to grant on a 403, e.g. {@code 'get' on keys (access policy) or a role with keys/read}
     */
    static RuntimeException failure(ItemReference ref, Vault vault, String item, String permission, Throwable cause) {
        Throwable t = cause;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        t = reactor.core.Exceptions.unwrap(t);
        String prefix = "Key Vault reference " + ref.expression() + ": ";
        if (t instanceof IllegalArgumentException) {
            return new IllegalArgumentException(prefix + t.getMessage(), t);
        }
        if (t instanceof HttpResponseException) {
            HttpResponseException h = (HttpResponseException) t;
            int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
            if (status == 404) {
                return new IllegalArgumentException(prefix + item + (ref.version() == null ? "" : " version "
                        + ref.version()) + " does not exist in " + vault.where() + "; create it or fix the reference",
                        t);
            }
            if (status == 403) {
                if (String.valueOf(h.getMessage()).toLowerCase(Locale.ROOT).contains("disabled")) {
                    return new IllegalArgumentException(prefix + item + " is disabled in " + vault.where()
                            + "; enable it or fix the reference", t);
                }
                return new IllegalStateException(prefix + "the credential may not read " + item + " in "
                        + vault.where() + " (HTTP 403 Forbidden); grant it " + permission, t);
            }
        }
        return new IllegalStateException(prefix + item + " could not be read from " + vault.where() + ": "
                + Refresher.summary(t), t);
    }
}
