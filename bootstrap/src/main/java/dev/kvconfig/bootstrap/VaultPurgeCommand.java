package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code vault purge NAME --yes}: deletes a soft-deleted vault for good; refused without {@code --yes}. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Permanently delete a deleted vault and everything in it. Requires --yes.")
final class VaultPurgeCommand extends BootstrapCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--yes", description = "Confirm: the vault and all its secrets are gone for good.")
    boolean yes;

    @Override
    int run(GlobalOptions global, Output output) {
        NameRules.requireVaultName(name);
        if (!yes) {
            throw new InvalidInputException("purge destroys deleted vault " + name + " and all its secrets for good; "
                    + "refused without --yes", "re-run as `vault purge " + name + " --yes` if you are sure");
        }
        Vaults vaults = new Vaults(Connection.open(global, null));
        DeletedVaultInner deleted = findDeleted(vaults, name);
        if (Boolean.TRUE.equals(deleted.properties().purgeProtectionEnabled())) {
            throw new BootstrapException("vault " + name + " has purge protection: it cannot be purged before "
                    + deleted.properties().scheduledPurgeDate(), "wait for that date, or recover it with `vault recover " + name + "`");
        }
        output.progress("purging vault " + name);
        vaults.client().purgeDeleted(name, deleted.properties().location());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("purged", true);
        output.json(json);
        output.line("Purged vault " + name + "; the name is free again.");
        return Failures.OK;
    }

    static DeletedVaultInner findDeleted(Vaults vaults, String name) {
        for (DeletedVaultInner deleted : vaults.client().listDeleted()) {
            if (deleted.name().equalsIgnoreCase(name) && deleted.properties() != null) {
                return deleted;
            }
        }
        throw new BootstrapException("no deleted vault named " + name + " in this subscription",
                "see `vault list-deleted`; a purged or never-deleted vault cannot be recovered or purged");
    }
}
