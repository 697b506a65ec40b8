package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code policy grant VAULT --object-id ID --secrets get,list}: adds permissions to a principal's access policy. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Add permissions for a principal (merged with what it has). Apps need only --secrets get,list.")
final class PolicyGrantCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;


    @Option(names = "--object-id", required = true, paramLabel = "ID", description = "The principal's object id.")
    String objectId;

    @Option(names = "--secrets", split = ",", paramLabel = "PERM", description = "Secret permissions, e.g. get,list.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--keys", split = ",", paramLabel = "PERM", description = "Key permissions, e.g. get,sign.")
    List<String> keys = new ArrayList<>();

    @Option(names = "--certificates", split = ",", paramLabel = "PERM", description = "Certificate permissions, e.g. get,list.")
    List<String> certificates = new ArrayList<>();

    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        String oid = PolicyCommand.objectId(objectId);
        Observed.Permissions permissions = new Observed.Permissions(
                PolicyCommand.permissions(secrets, SpecParser.SECRET_PERMISSIONS, "--secrets"),
                PolicyCommand.permissions(keys, SpecParser.KEY_PERMISSIONS, "--keys"),
                PolicyCommand.permissions(certificates, SpecParser.CERTIFICATE_PERMISSIONS, "--certificates"));
        if (permissions.secrets().isEmpty() && permissions.keys().isEmpty() && permissions.certificates().isEmpty()) {
            throw new InvalidInputException("nothing to grant", "pass --secrets, --keys and/or --certificates");
        }
        Connection connection = Connection.open(global, null);
        Vaults vaults = new Vaults(connection);
        VaultInner found = vault.find(vaults);
        PolicyCommand.update(vaults, found, AccessPolicyUpdateKind.ADD, connection.tenantId(), oid, permissions);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("vault", found.name());
        json.put("objectId", oid);
        json.put("granted", Map.of("secrets", List.copyOf(permissions.secrets()), "keys", List.copyOf(permissions.keys()),
                "certificates", List.copyOf(permissions.certificates())));
        output.json(json);
        output.line("Granted " + oid + " on " + found.name() + ": " + json.get("granted"));
        return Failures.OK;
    }
}
