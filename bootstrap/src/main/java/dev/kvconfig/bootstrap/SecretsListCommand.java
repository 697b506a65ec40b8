package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code secrets list VAULT}: names and attributes of a vault's secrets; never values. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List secret names and attributes (never values).")
final class SecretsListCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;


    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        List<Object> json = new ArrayList<>();
        try {
            for (SecretProperties p : connection.secrets(found.properties().vaultUri()).listPropertiesOfSecrets()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", p.getName());
                item.put("enabled", Boolean.TRUE.equals(p.isEnabled()));
                item.put("created", p.getCreatedOn() == null ? null : p.getCreatedOn().toString());
                item.put("updated", p.getUpdatedOn() == null ? null : p.getUpdatedOn().toString());
                item.put("expires", p.getExpiresOn() == null ? null : p.getExpiresOn().toString());
                item.put("contentType", p.getContentType());
                item.put("managed", Boolean.TRUE.equals(p.isManaged()));
                item.put("tags", p.getTags() == null ? Map.of() : new TreeMap<String, Object>(p.getTags()));
                json.add(item);
                output.line(p.getName() + "  " + (Boolean.TRUE.equals(p.isEnabled()) ? "enabled" : "disabled")
                        + "  updated " + item.get("updated"));
            }
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "list secrets");
        }
        if (json.isEmpty()) {
            output.line("No secrets in " + found.name() + ".");
        }
        output.json(Map.of("secrets", json));
        return Failures.OK;
    }
}
