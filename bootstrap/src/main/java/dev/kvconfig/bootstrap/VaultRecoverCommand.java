package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.CreateMode;
import com.azure.resourcemanager.keyvault.models.Sku;
import com.azure.resourcemanager.keyvault.models.SkuFamily;
import com.azure.resourcemanager.keyvault.models.SkuName;
import com.azure.resourcemanager.keyvault.models.VaultCreateOrUpdateParameters;
import com.azure.resourcemanager.keyvault.models.VaultProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.UUID;

/** {@code vault recover NAME}: brings a soft-deleted vault back (PUT with {@code createMode: recover}). */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Recover a deleted vault with its secrets, keys, certificates and access policies.")
final class VaultRecoverCommand extends BootstrapCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "RG",
            description = "Resource group to recover into (default: the one it was deleted from).")
    String resourceGroup;

    @Override
    int run(GlobalOptions global, Output output) {
        NameRules.requireVaultName(name);
        Connection connection = Connection.open(global, null);
        Vaults vaults = new Vaults(connection);
        DeletedVaultInner deleted = VaultPurgeCommand.findDeleted(vaults, name);
        String group = resourceGroup != null ? resourceGroup : Vaults.resourceGroupOf(deleted.properties().vaultId());
        output.progress("recovering vault " + name + " into " + group);
        VaultInner vault = vaults.client().createOrUpdate(group, name, new VaultCreateOrUpdateParameters()
                .withLocation(deleted.properties().location())
                .withTags(deleted.properties().tags())
                .withProperties(new VaultProperties()
                        .withTenantId(UUID.fromString(connection.tenantId()))
                        .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.STANDARD)) // required; recover keeps the old
                        .withCreateMode(CreateMode.RECOVER)));
        output.line("Recovered vault " + vault.name() + ": " + vault.properties().vaultUri());
        output.json(VaultCommand.json(vault));
        return Failures.OK;
    }
}
