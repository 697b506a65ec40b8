package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;
import dev.kvconfig.source.naming.NameMapping;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one reference design, shared by the secret, key and certificate handlers: the vaults' settings by alias, read
 * under the handler's root ({@code keyvault.}, {@code quarkus.keyvault.}) on first need, one {@link VaultAccess} per alias, and per vault and kind an {@link Items} store that
 * holds every fetched reference for the life of the handler and refreshes it ahead of reads, plus the mapping of
 * failures to messages that name the reference, the item, the reason and, on a 403, what to grant. Thread-safe.
 *
 * <p>Where values come from, so that no read after startup waits on the network:
 * <ul>
 *   <li>the references a handler finds in the configuration when it is created ({@link ReferenceScan}) are fetched
 *       then, together (as many at once as {@code max-concurrency}), within {@code startup-timeout};</li>
 *   <li>a reference first read later (its text built at run time, or a context that cannot list the configuration) is
 *       fetched on the caller's thread at that first read, once; from then on it is held like the others;</li>
 *   <li>a held latest version read more than {@code refresh.interval} after its fetch is served as held, and fetched
 *       again in the background (on a Reactor worker, one fetch at a time per item); a failed refresh keeps the value.
 *       Nothing expires: {@code refresh.max-staleness} is the source's health bound, not a reason to drop a value and
 *       make a reader wait. Pinned versions never change in Key Vault and are fetched once.</li>
 * </ul>
 * Refreshing on read rather than on a timer means no thread of our own: SmallRye never closes a handler, so a timer
 * would keep fetching for every config ever built (Quarkus dev mode builds one per reload). A failed fetch is not kept:
 * the error goes to the reader, and the next read asks the vault again.
 */
final class ItemVaults implements AutoCloseable {

    private static final System.Logger LOG = Refresher.LOG;

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
     * @throws IllegalArgumentException for an unknown alias, or no alias without the main vault's URL, naming the key
     *     to set under the root
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

    /**
     * A new store of one kind of item for one vault.
     *
     * @param kind what it holds, for log lines ({@code key}, {@code secret})
     * @param loader fetches {@code (name, version)}, version null for the latest
     */
    <T> Items<T> items(Vault vault, String kind, BiFunction<String, String, Mono<T>> loader) {
        return new Items<>(vault, kind, loader);
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
                String url = KeyVaultSetting.URL.keyUnder(root);
                throw new IllegalArgumentException("Key Vault reference " + ref.expression() + " has no alias, but "
                        + url + " is not set; set " + url + ", or name a vault: ${" + ref.handler()
                        + "::<alias>:name} with " + KeyVaultSetting.URL.keyUnder(SettingsReader.aliasPrefix(root,
                        "<alias>")));
            }
            List<String> aliases = SettingsReader.aliases(known);
            throw new IllegalArgumentException("Key Vault reference " + ref.expression() + " names unknown vault alias '"
                    + ref.alias() + "'; known aliases: " + aliases + ". Set "
                    + KeyVaultSetting.URL.keyUnder(SettingsReader.aliasPrefix(root, ref.alias())) + " or fix the alias");
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
     * One vault's items of one kind, held for the life of the handler (see the class comment for when each is fetched).
     * Reads of a held item return it without waiting on I/O.
     */
    static final class Items<T> {
        private final Vault vault;
        private final String kind;
        private final BiFunction<String, String, Mono<T>> loader;
        private final long refreshNanos;
        private final Map<Id, Held<T>> held = new ConcurrentHashMap<>();
        /** Whether the last background refresh of some item failed, so failures are logged once per change. */
        private final AtomicBoolean refreshFailing = new AtomicBoolean();

        private Items(Vault vault, String kind, BiFunction<String, String, Mono<T>> loader) {
            this.vault = vault;
            this.kind = kind;
            this.loader = loader;
            this.refreshNanos = vault.options().refreshInterval().toNanos();
        }

        /**
         * The item: held (and refreshed in the background when older than {@code refresh.interval}), or fetched now on
         * the caller's thread (the first read of a reference not fetched before).
         *
         * @throws CompletionException with the fetch's failure as cause
         */
        T get(String name, String version) {
            Id id = new Id(name, version);
            Held<T> h = held.get(id);
            if (h != null) {
                if (version == null && refreshNanos > 0 && System.nanoTime() - h.fetchedAt >= refreshNanos
                        && h.refreshing.compareAndSet(false, true)) {
                    refreshInBackground(id, h);
                }
                return h.value;
            }
            T fetched;
            try {
                // toFuture().join() rather than block(): a reader may sit on a Reactor thread, where block() is refused.
                fetched = fetch(id).toFuture().join();
            } catch (CompletionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CompletionException(reactor.core.Exceptions.unwrap(e));
            }
            if (fetched == null) {
                throw new CompletionException(new IllegalStateException("the vault sent an empty response"));
            }
            Held<T> raced = held.putIfAbsent(id, new Held<>(fetched));
            return raced == null ? fetched : raced.value;
        }

        /**
         * Fetches these items together, within {@code startup-timeout}, and holds what arrived. Failures are not kept
         * and not logged above DEBUG: reading the reference fetches again and reports the error with its reason.
         */
        void prefetch(Collection<Id> ids) {
            List<Id> missing = ids.stream().filter(id -> !held.containsKey(id)).distinct().toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                List<Map.Entry<Id, T>> fetched = Flux.fromIterable(missing)
                        .flatMap(id -> fetch(id).map(v -> Map.entry(id, v)).onErrorResume(e -> {
                            LOG.log(Level.DEBUG, "kvconfig: {0} ''{1}'' of {2} not fetched at startup: {3}", kind,
                                    id.name(), vault.where(), Refresher.summary(e));
                            return Mono.empty();
                        }), vault.options().maxConcurrency())
                        .collectList().block(vault.options().startupTimeout());
                if (fetched != null) {
                    fetched.forEach(e -> held.putIfAbsent(e.getKey(), new Held<>(e.getValue())));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "kvconfig: fetching the {0} references of {1} at startup failed: {2}", kind,
                        vault.where(), Refresher.summary(e));
            }
        }

        /**
         * Fetches one held item again off the reader's thread (subscribed on a Reactor worker, so even the request's
         * preparation runs there); the reader has its value already. A failure keeps the held value and is logged once
         * per change of state, naming the item; the next read past the interval tries again.
         */
        private void refreshInBackground(Id id, Held<T> old) {
            fetch(id).subscribeOn(Schedulers.boundedElastic()).subscribe(
                    value -> {
                        held.replace(id, old, new Held<>(value));
                        if (refreshFailing.compareAndSet(true, false)) {
                            LOG.log(Level.INFO, "kvconfig: the {0} references of {1} refresh again", kind,
                                    vault.where());
                        }
                    },
                    e -> {
                        old.refreshing.set(false);
                        if (refreshFailing.compareAndSet(false, true)) {
                            LOG.log(Level.WARNING, "kvconfig: refreshing {0} ''{1}'' of {2} failed: {3}; serving the "
                                    + "value fetched before and trying again on a read after {4}", kind, id.name(),
                                    vault.where(), Refresher.summary(e), vault.options().refreshInterval());
                        }
                    },
                    () -> old.refreshing.set(false));
        }

        private Mono<T> fetch(Id id) {
            return Mono.defer(() -> loader.apply(id.name(), id.version()));
        }
    }

    /** A held value, when it was fetched, and whether a background refresh of it is under way. */
    private static final class Held<T> {
        final T value;
        final long fetchedAt = System.nanoTime();
        final AtomicBoolean refreshing = new AtomicBoolean();

        Held(T value) {
            this.value = value;
        }
    }

    /** The {@link Id}s of these references, for {@link Items#prefetch}. */
    static List<Id> ids(Collection<ItemReference> refs) {
        List<Id> ids = new ArrayList<>();
        for (ItemReference r : refs) {
            ids.add(new Id(r.name(), r.version()));
        }
        return ids;
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
