package dev.kvconfig.emulator.server;

/**
 * A vault feature (secrets, keys, certificates). The emulator creates one instance per emulator and calls
 * {@link #register} once per vault, before the vault's server starts. Keep per-vault state in objects created inside
 * {@code register} and captured by the handlers: nothing static.
 */
public interface VaultModule {
    /**
     * Adds this feature's routes for one vault.
     *
     * @param vault  the vault (name, its secret store, clock)
     * @param routes where to add routes; every route on a vault server requires {@code api-version} and a bearer token
     */
    void register(VaultContext vault, Routes routes);
}
