package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.PagedResponse;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.source.naming.NameMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loads one vault into a {@link Snapshot}. Listing mode lists secret properties (every page) and, overlapped with the
 * listing, fetches values with at most {@code max-concurrency} requests in flight; a secret whose version and update time
 * equal the previous snapshot's is reused without a request, so an idle refresh costs only the list pages. Explicit mode
 * ({@code keyvault.secrets}) GETs each named secret and needs only the {@code get} permission.
 *
 * <p>Skipped: disabled, not yet valid ({@code nbf}) and expired ({@code exp}) secrets, names outside the prefix, secrets
 * missing a required tag, secrets deleted or disabled between list and get, and (when listing) the managed secrets
 * behind certificates: they hold private keys, served only through an explicit {@code ${keyvault-cert::name#private-key}}. Any other failure fails the whole load,
 * so a snapshot is never half-loaded.
 */
final class SecretLoader {

    private static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofSeconds(2);
    /** Key Vault's {@code updated} and {@code Date} have whole seconds. */
    private static final long SECOND_NANOS = Duration.ofSeconds(1).toNanos();

    private final KeyVaultOptions options;
    private final VaultAccess access;
    private final Clock clock;
    private final String prefixLower;
    private final String sourceName;
    /** The last {@code Date} header parsed (fetches run on several threads; a stale read only costs a parse). */
    private volatile ParsedDate lastDate;
    /** Throttled answers during the last load; written and read by the one thread that loads. */
    private long throttledInLastLoad;

    SecretLoader(KeyVaultOptions options, VaultAccess access, Clock clock) {
        this.options = options;
        this.access = access;
        this.clock = clock;
        this.prefixLower = options.secretPrefix().map(p -> p.toLowerCase(Locale.ROOT)).orElse(null);
        this.sourceName = KeyVaultConfigSource.sourceName(options);
    }

    /**
     * Loads the vault, reusing unchanged entries of {@code previous}. Blocks the calling (refresher or startup) thread.
     *
     * @throws RuntimeException the SDK's failure (HTTP status, vault URL in its message); never carries a value
     */
    Snapshot load(Snapshot previous) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Flux<Snapshot.Entry> entries = options.secrets().isEmpty() ? listed(previous, now) : explicit(now);
        long throttledBefore = access.throttle().throttledCount();
        List<Snapshot.Entry> loaded;
        try {
            // Cancels what is still running or waiting for the throttle gate when the budget is spent.
            loaded = entries.collectList().timeout(options.startupTimeout()).block();
        } catch (RuntimeException e) {
            if (Exceptions.unwrap(e) instanceof TimeoutException) {
                throw new LoadTimeoutException(options, access.throttle().throttledCount() - throttledBefore);
            }
            throw e;
        } finally {
            throttledInLastLoad = access.throttle().throttledCount() - throttledBefore;
        }
        Map<String, Snapshot.Entry> byKey = Snapshot.newMap();
        if (loaded != null) {
            for (Snapshot.Entry e : loaded) {
                byKey.put(NameMapping.lookupKey(e.propertyName), e);
            }
        }
        return new Snapshot(byKey, clock.instant());
    }

    /** How many answers of the last load were throttled (429, or 503 with {@code Retry-After}); for its log line. */
    long throttledInLastLoad() {
        return throttledInLastLoad;
    }

    private Flux<Snapshot.Entry> listed(Snapshot previous, OffsetDateTime now) {
        boolean refresh = previous.loadedAt() != null;
        return access.listPropertyPages()
                // Unbounded demand on the listing: the next page is requested as soon as one arrives instead of when
                // the fetches have used up the items, so value fetches never wait for a page (the list runs ahead by at
                // most N small property objects).
                .onBackpressureBuffer()
                .concatMapIterable(SecretLoader::listedItems)
                .filter(l -> usable(l.properties(), now) && inPrefix(l.properties().getName()) && hasTags(l.properties())
                        && !Boolean.TRUE.equals(l.properties().isManaged()))
                .flatMap(l -> {
                    SecretProperties p = l.properties();
                    String served = served(p.getName());
                    Snapshot.Entry old = previous.entry(NameMapping.lookupKey(served));
                    if (old != null && old.sameAs(p.getVersion(), p.getUpdatedOn())) {
                        return Mono.just(old);
                    }
                    Mono<Snapshot.Entry> fetch = fetch(p.getName(), p.getVersion(), now);
                    long settle = refresh ? l.settleNanos(System.nanoTime()) : 0;
                    return settle > 0 ? fetch.delaySubscription(Duration.ofNanos(settle)) : fetch;
                }, options.maxConcurrency());
    }

    private static List<Listed> listedItems(PagedResponse<SecretProperties> page) {
        long arrived = System.nanoTime();
        Instant pageTime = parseDate(page.getHeaders().getValue(HttpHeaderName.DATE));
        return page.getValue().stream().map(p -> new Listed(p, pageTime, arrived)).toList();
    }

    /**
     * A listed item, with the vault's time of its page ({@code Date}, null without one) and when that page arrived.
     *
     * <p>{@link #settleNanos}: {@code updated} has whole seconds, so a value fetched within the second of its update
     * proves nothing about a newer version later in that second ({@link Snapshot.Entry#sameAs}), and each cycle in that
     * second would fetch it again: back-to-back {@code refreshNow()} after a rotation fetched one secret about 36 times.
     * A refresh therefore fetches an item updated in its page's second only once that second is over by the vault's
     * clock, at most a second after the page arrived; the one fetch then proves the version. Startup does not wait:
     * there a value read in its update's second is fetched once more by the next cycle.
     */
    private record Listed(SecretProperties properties, Instant pageTime, long arrivedNanos) {
        long settleNanos(long nowNanos) {
            OffsetDateTime updated = properties.getUpdatedOn();
            if (pageTime == null || updated == null || updated.toEpochSecond() < pageTime.getEpochSecond()) {
                return 0;
            }
            return Math.max(0, SECOND_NANOS - (nowNanos - arrivedNanos));
        }
    }

    private Flux<Snapshot.Entry> explicit(OffsetDateTime now) {
        return Flux.fromIterable(options.secrets())
                .flatMap(name -> fetch(name, null, now), options.maxConcurrency());
    }

    private Mono<Snapshot.Entry> fetch(String name, String version, OffsetDateTime now) {
        return access.getSecretWithResponse(name, version)
                .filter(r -> usable(r.getValue().getProperties(), now) && inPrefix(r.getValue().getName()))
                .map(r -> toEntry(r.getValue(), serverTime(r.getHeaders().getValue(HttpHeaderName.DATE))))
                // Deleted (404) or disabled (403 SecretDisabled) since it was listed, or an explicit name that is not
                // there: the secret is simply absent from this snapshot.
                .onErrorResume(HttpResponseException.class, e -> isGone(e) ? Mono.empty() : Mono.error(e));
    }

    private Snapshot.Entry toEntry(KeyVaultSecret s, Instant fetchedAt) {
        SecretProperties p = s.getProperties();
        String value = s.getValue() == null ? "" : s.getValue();
        return new Snapshot.Entry(s.getName(), served(s.getName()), value, p.getVersion(), p.getUpdatedOn(),
                p.getExpiresOn(), fetchedAt, p.getTags(), sourceName, options.ordinal());
    }

    /**
     * The fetch time by the vault's clock (its {@code Date} header), which is what {@code updated} is measured against.
     * Without the header, our clock less a skew allowance, so a fast local clock errs towards fetching again.
     */
    private Instant serverTime(String dateHeader) {
        if (dateHeader != null) {
            ParsedDate last = lastDate;
            if (last != null && last.header().equals(dateHeader)) {
                return last.instant();
            }
            Instant parsed = parseDate(dateHeader);
            if (parsed != null) {
                lastDate = new ParsedDate(dateHeader, parsed);
                return parsed;
            }
        }
        return clock.instant().minus(CLOCK_SKEW_ALLOWANCE);
    }

    /** An RFC 1123 {@code Date} header, or null when absent or malformed. */
    private static Instant parseDate(String dateHeader) {
        if (dateHeader == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A parsed {@code Date} header; it has whole seconds, so one load's responses nearly all share one. */
    private record ParsedDate(String header, Instant instant) {
    }

    private static boolean isGone(HttpResponseException e) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        if (status == 404) {
            return true;
        }
        if (status == 403) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("disabled");
        }
        return false;
    }

    private static boolean usable(SecretProperties p, OffsetDateTime now) {
        if (p == null) {
            return false;
        }
        if (Boolean.FALSE.equals(p.isEnabled())) {
            return false;
        }
        if (p.getNotBefore() != null && p.getNotBefore().isAfter(now)) {
            return false;
        }
        return p.getExpiresOn() == null || p.getExpiresOn().isAfter(now);
    }

    private boolean inPrefix(String name) {
        if (prefixLower == null || options.secrets().size() > 0) {
            // Explicit names are loaded as given; the prefix is only stripped from those that carry it.
            return true;
        }
        return name.length() > prefixLower.length() && name.toLowerCase(Locale.ROOT).startsWith(prefixLower);
    }

    private String served(String name) {
        if (prefixLower != null && name.length() > prefixLower.length()
                && name.toLowerCase(Locale.ROOT).startsWith(prefixLower)) {
            return name.substring(prefixLower.length());
        }
        return name;
    }

    private boolean hasTags(SecretProperties p) {
        if (options.tags().isEmpty()) {
            return true;
        }
        Map<String, String> tags = p.getTags();
        if (tags == null) {
            return false;
        }
        for (Map.Entry<String, String> required : options.tags().entrySet()) {
            if (!required.getValue().equals(tags.get(required.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
