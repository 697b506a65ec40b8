package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code vault delete NAME}: soft-deletes a vault (recoverable for its retention period). */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a vault. It stays recoverable for its soft-delete retention (`vault recover`).")
final class VaultDeleteCommand extends BootstrapCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "RG", description = "Resource group (default: search the subscription).")
    String resourceGroup;

    @Override
    int run(GlobalOptions global, Output output) {
        NameRules.requireVaultName(name);
        Vaults vaults = new Vaults(Connection.open(global, null));
        VaultInner vault = vaults.require(resourceGroup, name);
        String group = Vaults.resourceGroupOf(vault.id());
        vaults.client().delete(group, vault.name());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", vault.name());
        json.put("resourceGroup", group);
        json.put("deleted", true);
        json.put("recoverable", true);
        output.json(json);
        output.line("Deleted vault " + vault.name() + "; recoverable for its retention period with `vault recover "
                + vault.name() + "`.");
        return Failures.OK;
    }
}
