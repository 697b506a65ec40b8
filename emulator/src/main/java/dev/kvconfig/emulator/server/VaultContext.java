package dev.kvconfig.emulator.server;

import dev.kvconfig.emulator.secrets.SecretStore;
import java.time.Clock;

/**
 * What a {@link VaultModule} gets to know about one vault.
 *
 * @param name    the vault name as given to the builder
 * @param secrets the vault's secret store (certificates put their managed backing secrets there)
 * @param clock   the emulator clock (use it for created/updated dates)
 */
public record VaultContext(String name, SecretStore secrets, Clock clock) {
}
