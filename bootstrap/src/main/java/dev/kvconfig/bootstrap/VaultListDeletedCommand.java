package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code vault list-deleted}: soft-deleted vaults of the subscription. */
@Command(name = "list-deleted", mixinStandardHelpOptions = true,
        description = "List deleted vaults that can still be recovered or purged.")
final class VaultListDeletedCommand extends BootstrapCommand {
    @Override
    int run(GlobalOptions global, Output output) {
        Vaults vaults = new Vaults(Connection.open(global, null));
        List<Object> json = new ArrayList<>();
        for (DeletedVaultInner deleted : vaults.client().listDeleted()) {
            Map<String, Object> item = VaultCommand.json(deleted);
            json.add(item);
            output.line(deleted.name() + "  " + item.get("location") + "  deleted " + item.get("deletionDate")
                    + "  purged " + item.get("scheduledPurgeDate"));
        }
        if (json.isEmpty()) {
            output.line("No deleted vaults.");
        }
        output.json(Map.of("deletedVaults", json));
        return Failures.OK;
    }
}
