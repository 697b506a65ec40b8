package dev.kvconfig.emulator;

import dev.kvconfig.emulator.certificates.CertificatesModule;
import dev.kvconfig.emulator.identity.ClientRegistry;
import dev.kvconfig.emulator.identity.EmulatorIdentity;
import dev.kvconfig.emulator.keys.KeysModule;
import dev.kvconfig.emulator.secrets.SecretsModule;
import dev.kvconfig.emulator.server.IdentityContext;
import dev.kvconfig.emulator.server.IdentityProvider;
import dev.kvconfig.emulator.server.VaultModule;
import java.util.List;

/**
 * The one place that lists the emulator's features: the vault modules (secrets, keys, certificates) and the identity
 * provider; see EMULATOR-CORE.md.
 */
final class Modules {
    private Modules() {
    }

    /** New instances for one emulator; registered on every vault in this order. */
    static List<VaultModule> vaultModules() {
        KeysModule keys = new KeysModule();
        // keys before certificates: an import adds the certificate's backing key to the vault's keys
        return List.of(new SecretsModule(), keys, new CertificatesModule(keys));
    }

    /** The identity feature for one emulator, knowing the builder's registered clients. */
    static IdentityProvider identity(IdentityContext context, ClientRegistry clients) {
        return new EmulatorIdentity(context, clients);
    }
}
