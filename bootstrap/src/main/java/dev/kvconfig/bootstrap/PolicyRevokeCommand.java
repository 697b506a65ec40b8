package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code policy revoke VAULT --object-id ID}: removes a principal's access policy. */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Remove a principal's access policy.")
final class PolicyRevokeCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;


    @Option(names = "--object-id", required = true, paramLabel = "ID", description = "The principal's object id.")
    String objectId;

    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        String oid = PolicyCommand.objectId(objectId);
        Connection connection = Connection.open(global, null);
        Vaults vaults = new Vaults(connection);
        VaultInner found = vault.find(vaults);
        Observed.Permissions current = Vaults.observe(found).policies().get(oid);
        boolean had = current != null;
        if (had) {
            PolicyCommand.update(vaults, found, AccessPolicyUpdateKind.REMOVE, connection.tenantId(), oid, current);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vault", found.name());
        json.put("objectId", oid);
        json.put("revoked", had);
        output.json(json);
        output.line(had ? "Revoked the access policy of " + oid + " on " + found.name() + "."
                : oid + " has no access policy on " + found.name() + "; nothing to do.");
        return Failures.OK;
    }
}
