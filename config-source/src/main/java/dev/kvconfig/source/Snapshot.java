package dev.kvconfig.source;

import dev.kvconfig.source.naming.NameMapping;
import io.smallrye.config.ConfigValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The loaded secrets of one vault at one moment, immutable; published whole through one {@code AtomicReference}, so a
 * reader sees either the old or the new set, never a mix. Keys are {@link NameMapping#lookupKey} of the served name
 * (prefix stripped), which makes lookups case-insensitive and maps {@code a.b}, {@code a_b} and {@code A-B} alike.
 */
final class Snapshot {

    static final Snapshot EMPTY = new Snapshot(Map.of(), null);

    /** One loaded secret. {@link #toString()} leaves the value out. */
    static final class Entry {
        final String secretName;
        final String propertyName;
        final String value;
        /**
         * What SmallRye's {@code getConfigValue} returns for the exact property name, built once per fetched secret so a
         * config-level hit allocates nothing of ours (SmallRye then copies it to set the source position).
         */
        final ConfigValue configValue;
        final String version;
        /** Instants rather than the SDK's OffsetDateTimes: 96 KB less per 1,000 secrets. */
        final Instant updatedOn;
        final Instant expiresOn;
        /** When the value was fetched, by the server's clock (Date header) when it sent one. */
        final Instant fetchedAt;
        /** The secret's tags as fetched with this version (a credentials view reads {@code CredentialId}); never null. */
        final Map<String, String> tags;

        Entry(String secretName, String servedName, String value, String version, OffsetDateTime updatedOn,
                OffsetDateTime expiresOn, Instant fetchedAt, Map<String, String> tags, String sourceName, int ordinal) {
            this.secretName = secretName;
            this.propertyName = NameMapping.propertyName(servedName);
            this.value = value;
            this.configValue = ConfigValue.builder()
                    .withName(propertyName)
                    .withValue(value)
                    // The raw value must be set: SmallRye's CDI injection of a ConfigValue takes a null raw value
                    // for "not set" and injects the default instead (Quarkus ConfigValueInjectionTest).
                    // ConfigValue.toString() shows value and raw value (a SmallRye class with a private
                    // constructor), which is why the source hands out no map of these; the boundary is documented in
                    // docs/config-source.md ("What prints a value") and pinned by NoValueEscapesTest.
                    .withRawValue(value)
                    .withConfigSourceName(sourceName)
                    .withConfigSourceOrdinal(ordinal)
                    .build();
            this.version = version;
            this.updatedOn = updatedOn == null ? null : updatedOn.toInstant();
            this.expiresOn = expiresOn == null ? null : expiresOn.toInstant();
            this.fetchedAt = fetchedAt;
            this.tags = tags == null || tags.isEmpty() ? Map.of() : copyTags(tags);
        }

        /**
         * Whether a listed item is certainly the version this entry holds. Listing returns no version id, only the
         * {@code updated} time in whole seconds, so equal times prove nothing if the value was fetched within that same
         * second: a newer version created later in that second would carry the same time. Such an entry is fetched
         * once more; after that its fetch time lies past its update time and it is trusted.
         */
        boolean sameAs(String listedVersion, OffsetDateTime listedUpdated) {
            if (listedVersion != null && !listedVersion.equals(version)) {
                return false;
            }
            if (updatedOn == null || listedUpdated == null || !updatedOn.equals(listedUpdated.toInstant())) {
                return false;
            }
            return fetchedAt.getEpochSecond() > updatedOn.getEpochSecond();
        }

        /** Key Vault allows a tag without a value; such tags are kept with an empty one. */
        private static Map<String, String> copyTags(Map<String, String> tags) {
            Map<String, String> copy = new HashMap<>();
            tags.forEach((k, v) -> {
                if (k != null) {
                    copy.put(k, v == null ? "" : v);
                }
            });
            return Map.copyOf(copy);
        }

        /** Same version, value and tags as another entry of the same secret (a tag-only update is a change too). */
        boolean sameContent(Entry other) {
            return java.util.Objects.equals(version, other.version) && value.equals(other.value)
                    && java.util.Objects.equals(expiresOn, other.expiresOn) && tags.equals(other.tags);
        }

        @Override
        public String toString() {
            return "Entry[secret=" + secretName + ", version=" + version + "]";
        }
    }

    /** Secret names are at most 127 characters, and the mapping keeps the length. */
    private static final int MAX_NAME = 128;

    private final Map<String, Entry> byKey;
    /**
     * Entries by property name exactly as listed: the common hit is one hash lookup, with no normalisation. A private
     * {@code HashMap} never modified after construction (published with the snapshot through the
     * {@code AtomicReference}), filled in name order so equal names land in the same place of a bucket every run;
     * {@code Map.copyOf}'s probing table was slower here.
     */
    private final HashMap<String, Entry> byPropertyName;
    /** Which name lengths exist, as a 128-bit set in two fields rather than an array (one fewer load). */
    private final long lengthsBelow64;
    private final long lengthsFrom64;
    /** Every entry, sorted by property name: property names, iteration and logs come out in a stable order. */
    private final List<Entry> ordered;
    private final Set<String> propertyNames;
    private final Instant loadedAt;

    Snapshot(Map<String, Entry> byKey, Instant loadedAt) {
        this.byKey = Map.copyOf(byKey);
        List<Entry> sorted = new ArrayList<>(this.byKey.values());
        sorted.sort(Comparator.comparing(e -> e.propertyName));
        Set<String> names = new LinkedHashSet<>();
        HashMap<String, Entry> exact = new HashMap<>();
        long below = 0;
        long from = 0;
        for (Entry e : sorted) {
            names.add(e.propertyName);
            exact.put(e.propertyName, e);
            int length = e.propertyName.length();
            if (length < 64) {
                below |= 1L << length;
            } else if (length < MAX_NAME) {
                from |= 1L << (length - 64);
            }
        }
        this.byPropertyName = exact;
        this.lengthsBelow64 = below;
        this.lengthsFrom64 = from;
        this.ordered = List.copyOf(sorted);
        this.propertyNames = Collections.unmodifiableSet(names);
        this.loadedAt = loadedAt;
    }

    /**
     * The value for a property name, or null; never I/O. Most lookups are misses (SmallRye asks every source), and most
     * miss on the length test alone; a hit is then one exact-name hash lookup, and only other spellings pay for
     * normalising the name.
     */
    String value(String propertyName) {
        if (propertyName == null || !hasLength(propertyName.length())) {
            return null;
        }
        Entry exact = byPropertyName.get(propertyName);
        if (exact != null) {
            return exact.value;
        }
        Entry e = byKey.get(NameMapping.lookupKey(propertyName));
        return e == null ? null : e.value;
    }

    /** As {@link #value}, as SmallRye's {@link ConfigValue}, named as asked. */
    ConfigValue configValue(String propertyName) {
        if (propertyName == null || !hasLength(propertyName.length())) {
            return null;
        }
        Entry exact = byPropertyName.get(propertyName);
        if (exact != null) {
            return exact.configValue;
        }
        Entry e = byKey.get(NameMapping.lookupKey(propertyName));
        // Another spelling (DB_PASSWORD for db.password) is named as it was asked for.
        return e == null ? null : e.configValue.withName(propertyName);
    }

    private boolean hasLength(int length) {
        if (length < 64) {
            return (lengthsBelow64 & (1L << length)) != 0;
        }
        return length < MAX_NAME && (lengthsFrom64 & (1L << (length - 64))) != 0;
    }

    Entry entry(String key) {
        return byKey.get(key);
    }

    /** Every entry, sorted by property name. */
    List<Entry> entries() {
        return ordered;
    }

    Set<String> propertyNames() {
        return propertyNames;
    }

    int size() {
        return byKey.size();
    }

    /** When this snapshot was loaded; null for {@link #EMPTY}. */
    Instant loadedAt() {
        return loadedAt;
    }

    Optional<Instant> soonestExpiry() {
        Instant soonest = null;
        for (Entry e : byKey.values()) {
            if (e.expiresOn != null) {
                Instant i = e.expiresOn;
                if (soonest == null || i.isBefore(soonest)) {
                    soonest = i;
                }
            }
        }
        return Optional.ofNullable(soonest);
    }

    /** Property names added, updated and removed going from this snapshot to {@code next}. */
    SecretsChange diff(Snapshot next) {
        Set<String> added = new LinkedHashSet<>();
        Set<String> updated = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        for (Entry e : next.ordered) {
            Entry old = byKey.get(NameMapping.lookupKey(e.propertyName));
            if (old == null) {
                added.add(e.propertyName);
            } else if (old != e && !old.sameContent(e)) {
                updated.add(e.propertyName);
            }
        }
        for (Entry e : ordered) {
            if (!next.byKey.containsKey(NameMapping.lookupKey(e.propertyName))) {
                removed.add(e.propertyName);
            }
        }
        return new SecretsChange(added, updated, removed);
    }

    record SecretsChange(Set<String> added, Set<String> updated, Set<String> removed) {
        boolean isEmpty() {
            return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
        }
    }

    static Map<String, Entry> newMap() {
        return new HashMap<>();
    }
}
