package dev.kvconfig.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An unmodifiable map view of one snapshot, by property name, whose {@code toString()} (and its entries') shows names
 * only: logging {@code getProperties()} or {@code getConfigValueProperties()} by accident leaks nothing, while
 * {@code get} and iteration return the real values.
 *
 * @param <V> the value type: the secret value, or SmallRye's {@code ConfigValue}
 */
final class MaskedView<V> extends AbstractMap<String, V> {

    private final Snapshot snapshot;
    private final BiFunction<Snapshot, String, V> lookup;
    private final Function<Snapshot.Entry, V> valueOf;

    private MaskedView(Snapshot snapshot, BiFunction<Snapshot, String, V> lookup, Function<Snapshot.Entry, V> valueOf) {
        this.snapshot = snapshot;
        this.lookup = lookup;
        this.valueOf = valueOf;
    }

    static MaskedView<String> values(Snapshot snapshot) {
        return new MaskedView<>(snapshot, Snapshot::value, e -> e.value);
    }

    static MaskedView<io.smallrye.config.ConfigValue> configValues(Snapshot snapshot) {
        return new MaskedView<>(snapshot, Snapshot::configValue, e -> e.configValue);
    }

    @Override
    public V get(Object key) {
        return key instanceof String ? lookup.apply(snapshot, (String) key) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                Iterator<Snapshot.Entry> it = snapshot.entries().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, V> next() {
                        Snapshot.Entry e = it.next();
                        return new SimpleImmutableEntry<>(e.propertyName, valueOf.apply(e)) {
                            @Override
                            public String toString() {
                                return getKey() + "=***";
                            }
                        };
                    }
                };
            }

            @Override
            public int size() {
                return snapshot.size();
            }

            @Override
            public String toString() {
                return MaskedView.this.toString();
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (String name : snapshot.propertyNames()) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(name).append("=***");
        }
        return s.append('}').toString();
    }
}
