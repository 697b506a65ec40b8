package dev.kvconfig.source;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one refresh changed in one vault source, by property name (as {@code getPropertyNames()} lists them), immutable.
 * Carries names only, never values: read new values through the {@code Config}. Delivered to
 * {@link SecretsChangeListener}s.
 *
 * @param alias the vault alias, {@code default} for {@code keyvault.url}
 * @param vaultUrl the vault URL
 * @param added properties that appeared
 * @param updated properties whose secret has a new version, value or tags
 * @param removed properties that disappeared (secret deleted, disabled, expired or filtered out)
 * @param at when the new snapshot was published
 */
public record SecretsChangeEvent(String alias, URI vaultUrl, Set<String> added, Set<String> updated, Set<String> removed,
        Instant at) {

    public SecretsChangeEvent {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(vaultUrl, "vaultUrl");
        added = Collections.unmodifiableSet(new LinkedHashSet<>(added));
        updated = Collections.unmodifiableSet(new LinkedHashSet<>(updated));
        removed = Collections.unmodifiableSet(new LinkedHashSet<>(removed));
        Objects.requireNonNull(at, "at");
    }

    /** Every property name added, updated or removed. */
    public Set<String> changedProperties() {
        Set<String> all = new LinkedHashSet<>(added);
        all.addAll(updated);
        all.addAll(removed);
        return Collections.unmodifiableSet(all);
    }
}
