package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.keys.models.KeyProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code keys list VAULT}: names and attributes of a vault's keys. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List key names and attributes.")
final class KeysListCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;


    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        List<Object> json = new ArrayList<>();
        try {
            for (KeyProperties p : connection.keys(found.properties().vaultUri()).listPropertiesOfKeys()) {
                Map<String, Object> item = KeysCommand.properties(p);
                item.remove("version"); // listing returns no version
                json.add(item);
                output.line(p.getName() + "  " + (Boolean.TRUE.equals(p.isEnabled()) ? "enabled" : "disabled")
                        + "  expires " + (p.getExpiresOn() == null ? "never" : p.getExpiresOn())
                        + (Boolean.TRUE.equals(p.isManaged()) ? "  (certificate key)" : ""));
            }
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "list keys", KeysCommand.PERMISSIONS,
                    "--keys get,list");
        }
        if (json.isEmpty()) {
            output.line("No keys in " + found.name() + ".");
        }
        output.json(Map.of("keys", json));
        return Failures.OK;
    }
}
