package dev.kvconfig.source;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
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

    private final KeyVaultOptions options;
    private final VaultAccess access;
    private final Clock clock;
    private final String prefixLower;
    private final String sourceName;
    /** The last {@code Date} header parsed (fetches run on several threads; a stale read only costs a parse). */
    private volatile ParsedDate lastDate;

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
        List<Snapshot.Entry> loaded = entries.collectList().block();
        Map<String, Snapshot.Entry> byKey = Snapshot.newMap();
        if (loaded != null) {
            for (Snapshot.Entry e : loaded) {
                byKey.put(NameMapping.lookupKey(e.propertyName), e);
            }
        }
        return new Snapshot(byKey, clock.instant());
    }

    private Flux<Snapshot.Entry> listed(Snapshot previous, OffsetDateTime now) {
        return access.listProperties()
                // Unbounded demand on the listing: the next page is requested as soon as one arrives instead of when
                // the fetches have used up the items, so value fetches never wait for a page (the list runs ahead by at
                // most N small property objects).
                .onBackpressureBuffer()
                .filter(p -> usable(p, now) && inPrefix(p.getName()) && hasTags(p) && !Boolean.TRUE.equals(p.isManaged()))
                .flatMap(p -> {
                    String served = served(p.getName());
                    Snapshot.Entry old = previous.entry(NameMapping.lookupKey(served));
                    if (old != null && old.sameAs(p.getVersion(), p.getUpdatedOn())) {
                        return Mono.just(old);
                    }
                    return fetch(p.getName(), p.getVersion(), now);
                }, options.maxConcurrency());
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
                p.getExpiresOn(), fetchedAt, sourceName, options.ordinal());
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
            try {
                Instant parsed = ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                lastDate = new ParsedDate(dateHeader, parsed);
                return parsed;
            } catch (DateTimeParseException e) {
                // fall through to the local clock
            }
        }
        return clock.instant().minus(CLOCK_SKEW_ALLOWANCE);
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
