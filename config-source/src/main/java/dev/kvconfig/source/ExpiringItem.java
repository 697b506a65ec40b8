package dev.kvconfig.source;

import java.time.Instant;
import java.util.Objects;

/**
 * A secret, key or certificate that expires within {@code keyvault.expiry-warning} (or has expired), immutable. Callers:
 * health checks of the adapters and applications, through {@link VaultStatus#expiring()}. Names and dates only, never a
 * value.
 *
 * @param kind what the item is
 * @param name the item's name in the vault
 * @param version the version that expires (the one served, or the pinned one a reference names)
 * @param expiresOn when it expires ({@code exp}; for a certificate its not-after)
 */
public record ExpiringItem(Kind kind, String name, String version, Instant expiresOn) {

    /** The kind of vault item. */
    public enum Kind {
        /** A secret served by the source. */
        SECRET,
        /** A key referenced with {@code ${keyvault-key::…}}. */
        KEY,
        /** A certificate referenced with {@code ${keyvault-cert::…}}. */
        CERTIFICATE
    }

    public ExpiringItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(expiresOn, "expiresOn");
    }

    /** Whether the item has already expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !expiresOn.isAfter(now);
    }
}
