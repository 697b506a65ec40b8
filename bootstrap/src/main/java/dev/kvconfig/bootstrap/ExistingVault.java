package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code VAULT} argument and {@code -g} option of every command that acts on an existing vault (a picocli mixin):
 * the name is checked before any call, and the vault is found in the given resource group or, without {@code -g},
 * anywhere in the subscription.
 */
final class ExistingVault {
    @Parameters(index = "0", paramLabel = "VAULT", description = "The vault's name.")
    String name;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "RG",
            description = "Resource group (default: search the subscription).")
    String resourceGroup;

    /** Refuses a malformed name (exit 2) before any request. */
    void checkName() {
        NameRules.requireVaultName(name);
    }

    /** The vault, or a failure that says where it was looked for and how to find the right name. */
    VaultInner find(Vaults vaults) {
        return vaults.require(resourceGroup, name);
    }

    VaultInner find(Connection connection) {
        return find(new Vaults(connection));
    }
}
