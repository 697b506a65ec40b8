package dev.kvconfig.emulator;

import dev.kvconfig.emulator.secrets.SecretsModule;
import dev.kvconfig.emulator.server.IdentityContext;
import dev.kvconfig.emulator.server.IdentityProvider;
import dev.kvconfig.emulator.server.VaultModule;
import java.util.List;

/**
 * The one place that lists the emulator's features. A feature package adds itself here (keys, certificates) or
 * replaces the identity placeholder; see EMULATOR-CORE.md.
 */
final class Modules {
    private Modules() {
    }

    /** New instances for one emulator; registered on every vault in this order. */
    static List<VaultModule> vaultModules() {
        return List.of(new SecretsModule());
    }

    /** The identity feature for one emulator. */
    static IdentityProvider identity(IdentityContext context) {
        return new PlaceholderIdentity(context);
    }
}
