package dev.kvconfig.source;

/**
 * Told when a {@link CredentialsView} starts serving a different username or password, so a pool can retire the
 * connections opened with the old ones (HikariCP: {@code softEvictConnections()}; Agroal: {@code flush(GRACEFUL)}).
 * Callers: framework adapters and applications, through {@link CredentialsView#addListener}.
 *
 * <p>Called on the vault's refresher thread after {@link CredentialsView#current()} returns the new credentials, once per
 * change, never concurrently for one view. Not called for a refused version (the view keeps the old credentials) nor for
 * a new version with the same username and password. Keep it short; an exception it throws is logged (listener class
 * only) and does not stop the refresher or other listeners.
 */
@FunctionalInterface
public interface CredentialsListener {

    /** @param current the credentials now served, as {@link CredentialsView#current()} returns them */
    void onChange(Credentials current);
}
