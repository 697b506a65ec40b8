package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code vault list [-g RG]}: the vaults of a resource group or of the subscription. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List vaults of the subscription or of one resource group.")
final class VaultListCommand extends BootstrapCommand {
    @Option(names = {"-g", "--resource-group"}, paramLabel = "RG", description = "Only this resource group.")
    String resourceGroup;

    @Override
    int run(GlobalOptions global, Output output) {
        Vaults vaults = new Vaults(Connection.open(global, null));
        Iterable<VaultInner> found = resourceGroup == null ? vaults.client().listBySubscription()
                : vaults.client().listByResourceGroup(resourceGroup);
        List<Object> json = new ArrayList<>();
        int count = 0;
        for (VaultInner vault : found) {
            json.add(VaultCommand.json(vault));
            output.line(VaultCommand.line(vault));
            count++;
        }
        if (count == 0) {
            output.line("No vaults" + (resourceGroup == null ? "." : " in resource group " + resourceGroup + "."));
        }
        output.json(Map.of("vaults", json));
        return Failures.OK;
    }
}
