package dev.kvconfig.emulator.arm;

import java.net.URI;

/**
 * What the Resource Manager API needs from the emulator: start, stop and forget vault data planes. Implemented by
 * {@code KeyVaultEmulator}; called under the Resource Manager's lock, so calls for one emulator never overlap.
 */
public interface VaultHost {
    /**
     * Starts answering for the vault (a new HTTPS server; its secrets kept from an earlier start, e.g. on recover).
     * Does nothing but return the URL when the vault is already running.
     *
     * @param preferredPort the port to take when it is free (a recovered or restored vault keeps its URL), 0 for any
     * @return the vault URL, {@code https://localhost:P/}
     * @throws IllegalStateException when no server can be started
     */
    URI startVault(String name, int preferredPort);

    /** Keeps (or creates) the vault's secret store without serving it: a soft-deleted vault restored from state. */
    void restoreVault(String name);

    /** Stops answering for the vault (soft delete); its secrets are kept for a recover. No-op when not running. */
    void stopVault(String name);

    /** Stops the vault if it runs and drops its secrets (purge, or delete without soft delete). */
    void purgeVault(String name);
}
