package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Expiry awareness of one vault source: after each successful load it collects the expiry dates of the served secrets
 * (from the snapshot, no request) and of the keys and certificates the config references for this vault (one metadata
 * request each), then logs one WARNING per item as it enters {@code keyvault.expiry-warning}. {@link #expiring(Instant)}
 * is cheap and does no I/O. Runs on the loading thread (startup, then the refresher); reads are thread-safe.
 *
 * <p>A failed metadata request keeps what was known of that item and is logged at WARNING once, when the item becomes
 * unreadable (and at INFO when it is readable again), since its expiry then goes unwatched; a failure of the whole check
 * likewise. The source's health stays about secrets. A deleted item (404) is forgotten.
 */
final class ExpiryWatch {

    private static final System.Logger LOG = Refresher.LOG;

    /** A key or certificate referenced for this vault: {@code version} null for the latest. */
    record Watched(ExpiringItem.Kind kind, String name, String version) {
    }

    private final KeyVaultOptions options;
    private final VaultAccess access;
    private final List<Watched> watched;
    private final Clock clock;
    private final AtomicReference<List<ExpiringItem>> dated = new AtomicReference<>(List.of());
    /** Last known expiry of each watched item (absent: none known, or it has no {@code exp}); loading thread only. */
    private final Map<Watched, ExpiringItem> known = new ConcurrentHashMap<>();
    /** Items already warned about; loading thread only. */
    private final Set<ExpiringItem> warned = ConcurrentHashMap.newKeySet();
    /** Watched items whose metadata could not be read last time (logged once); written from the fetches' threads. */
    private final Set<Watched> unreadable = ConcurrentHashMap.newKeySet();
    /** Whether the last check failed as a whole (logged once); loading thread only. */
    private boolean failing;

    ExpiryWatch(KeyVaultOptions options, VaultAccess access, List<Watched> watched, Clock clock) {
        this.options = options;
        this.access = access;
        this.watched = List.copyOf(watched);
        this.clock = clock;
    }

    /** Collects expiry dates after a successful load and warns about items that entered the window. Never throws. */
    void update(Snapshot snapshot) {
        if (options.expiryWarning().isZero()) {
            return;
        }
        try {
            List<ExpiringItem> items = new ArrayList<>();
            for (Snapshot.Entry e : snapshot.entries()) {
                if (e.expiresOn != null) {
                    items.add(new ExpiringItem(ExpiringItem.Kind.SECRET, e.secretName,
                            e.version == null ? "" : e.version, e.expiresOn));
                }
            }
            if (!watched.isEmpty()) {
                List<Map.Entry<Watched, Optional<ExpiringItem>>> fetched = Flux.fromIterable(watched)
                        .flatMap(w -> metadata(w).map(item -> Map.entry(w, item))
                                // Deleted: nothing left to expire, so it leaves the list.
                                .onErrorResume(e -> e instanceof HttpResponseException
                                        && ((HttpResponseException) e).getResponse() != null
                                        && ((HttpResponseException) e).getResponse().getStatusCode() == 404,
                                        e -> Mono.just(Map.entry(w, Optional.<ExpiringItem>empty())))
                                .doOnNext(read -> readable(w))
                                .onErrorResume(e -> {
                                    unreadable(w, e);
                                    return Mono.empty();
                                }), options.maxConcurrency())
                        .collectList().block();
                if (fetched != null) {
                    for (Map.Entry<Watched, Optional<ExpiringItem>> f : fetched) {
                        if (f.getValue().isPresent()) {
                            known.put(f.getKey(), f.getValue().get());
                        } else {
                            known.remove(f.getKey());
                        }
                    }
                }
                items.addAll(known.values());
            }
            dated.set(items.stream().distinct().toList());
            warn(clock.instant());
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "kvconfig: expiry check of vault {0} works again", options.displayName());
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "kvconfig: expiry check of vault {0} ({1}) failed: {2}; status().expiring() and "
                        + "expiry warnings keep what was known before until a later refresh succeeds",
                        options.displayName(), options.vaultUrl(), Refresher.summary(e));
            }
        }
    }

    private void unreadable(Watched w, Throwable e) {
        if (unreadable.add(w)) {
            LOG.log(Level.WARNING, "kvconfig: expiry of {0} ''{1}'' in vault {2} ({3}) could not be read: {4}; it is "
                    + "not watched (what was known is kept) until a later refresh reads it", kind(w.kind()), w.name(),
                    options.displayName(), options.vaultUrl(), Refresher.summary(e));
        }
    }

    private void readable(Watched w) {
        if (unreadable.remove(w)) {
            LOG.log(Level.INFO, "kvconfig: expiry of {0} ''{1}'' in vault {2} is watched again", kind(w.kind()),
                    w.name(), options.displayName());
        }
    }

    /** Items expiring before {@code now + expiry-warning} (expired ones included), soonest first; no I/O. */
    List<ExpiringItem> expiring(Instant now) {
        if (options.expiryWarning().isZero()) {
            return List.of();
        }
        Instant horizon = now.plus(options.expiryWarning());
        return dated.get().stream()
                .filter(i -> i.expiresOn().isBefore(horizon))
                .sorted(Comparator.comparing(ExpiringItem::expiresOn).thenComparing(ExpiringItem::name))
                .toList();
    }

    private void warn(Instant now) {
        List<ExpiringItem> current = expiring(now);
        for (ExpiringItem item : current) {
            if (warned.add(item)) {
                LOG.log(Level.WARNING, "kvconfig: {0} ''{1}'' (version {2}) in vault {3} ({4}) {5} {6}, within {7}={8}; "
                        + "rotate or renew it", kind(item.kind()), item.name(), item.version(), options.displayName(),
                        options.vaultUrl(), item.expiredAt(now) ? "expired on" : "expires on", item.expiresOn(),
                        options.key(KeyVaultSetting.EXPIRY_WARNING), options.expiryWarning());
            }
        }
        // Forget items no longer in the window (rotated, deleted), so the set stays as small as the window.
        warned.retainAll(current);
    }

    private Mono<Optional<ExpiringItem>> metadata(Watched w) {
        if (w.kind() == ExpiringItem.Kind.KEY) {
            return (w.version() == null ? access.keys().getKey(w.name()) : access.keys().getKey(w.name(), w.version()))
                    .map(k -> item(w.kind(), k.getName(), k.getProperties().getVersion(),
                            k.getProperties().getExpiresOn()));
        }
        return (w.version() == null ? access.certificates().getCertificate(w.name())
                : access.certificates().getCertificateVersion(w.name(), w.version()))
                .map(c -> item(w.kind(), c.getName(), c.getProperties().getVersion(), c.getProperties().getExpiresOn()));
    }

    private static Optional<ExpiringItem> item(ExpiringItem.Kind kind, String name, String version,
            OffsetDateTime expiresOn) {
        return expiresOn == null ? Optional.empty()
                : Optional.of(new ExpiringItem(kind, name, version == null ? "" : version, expiresOn.toInstant()));
    }

    private static String kind(ExpiringItem.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
