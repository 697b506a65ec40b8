package dev.kvconfig.source;

import dev.kvconfig.source.naming.NameMapping;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
        final String version;
        final OffsetDateTime updatedOn;
        final OffsetDateTime expiresOn;
        /** When the value was fetched, by the server's clock (Date header) when it sent one. */
        final Instant fetchedAt;

        Entry(String secretName, String servedName, String value, String version, OffsetDateTime updatedOn,
                OffsetDateTime expiresOn, Instant fetchedAt) {
            this.secretName = secretName;
            this.propertyName = NameMapping.propertyName(servedName);
            this.value = value;
            this.version = version;
            this.updatedOn = updatedOn;
            this.expiresOn = expiresOn;
            this.fetchedAt = fetchedAt;
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
            if (updatedOn == null || listedUpdated == null || !updatedOn.isEqual(listedUpdated)) {
                return false;
            }
            return fetchedAt.getEpochSecond() > updatedOn.toEpochSecond();
        }

        /** Same version and value as another entry of the same secret. */
        boolean sameContent(Entry other) {
            return java.util.Objects.equals(version, other.version) && value.equals(other.value)
                    && java.util.Objects.equals(expiresOn, other.expiresOn);
        }

        @Override
        public String toString() {
            return "Entry[secret=" + secretName + ", version=" + version + "]";
        }
    }

    /** Secret names are at most 127 characters, and the mapping keeps the length. */
    private static final int MAX_NAME = 128;

    private final Map<String, Entry> byKey;
    /** Exact property names as listed: the common hit needs no normalisation. */
    private final Map<String, Entry> byPropertyName;
    /** Which name lengths exist: most lookups are misses (SmallRye asks every source), and most miss on length alone. */
    private final boolean[] lengths = new boolean[MAX_NAME];
    private final Set<String> propertyNames;
    private final Instant loadedAt;

    Snapshot(Map<String, Entry> byKey, Instant loadedAt) {
        this.byKey = Map.copyOf(byKey);
        Set<String> names = new LinkedHashSet<>();
        Map<String, Entry> exact = new HashMap<>();
        for (Entry e : this.byKey.values()) {
            names.add(e.propertyName);
            exact.put(e.propertyName, e);
            if (e.propertyName.length() < MAX_NAME) {
                lengths[e.propertyName.length()] = true;
            }
        }
        this.byPropertyName = Map.copyOf(exact);
        this.propertyNames = Collections.unmodifiableSet(names);
        this.loadedAt = loadedAt;
    }

    /** The value for a property name, or null; never I/O. */
    String value(String propertyName) {
        if (propertyName == null || propertyName.length() >= MAX_NAME || !lengths[propertyName.length()]) {
            return null;
        }
        Entry e = byPropertyName.get(propertyName);
        if (e == null) {
            e = byKey.get(NameMapping.lookupKey(propertyName));
        }
        return e == null ? null : e.value;
    }

    Entry entry(String key) {
        return byKey.get(key);
    }

    Map<String, Entry> entries() {
        return byKey;
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
                Instant i = e.expiresOn.toInstant();
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
        for (Map.Entry<String, Entry> e : next.byKey.entrySet()) {
            Entry old = byKey.get(e.getKey());
            if (old == null) {
                added.add(e.getValue().propertyName);
            } else if (old != e.getValue() && !old.sameContent(e.getValue())) {
                updated.add(e.getValue().propertyName);
            }
        }
        for (Map.Entry<String, Entry> e : byKey.entrySet()) {
            if (!next.byKey.containsKey(e.getKey())) {
                removed.add(e.getValue().propertyName);
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
