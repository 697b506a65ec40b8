package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.secrets.SecretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code secrets import VAULT -f app.properties}: writes each property as a secret named by the config source's
 * mapping ({@code db.password} → {@code db-password}); unchanged values are skipped, each write is one SetSecret.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Write each property of a file as a secret (db.password -> db-password). Unchanged ones are skipped.")
final class SecretsImportCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;


    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "A UTF-8 .properties file.")
    Path file;

    @Option(names = "--prefix", defaultValue = "", description = "Prepended to every secret name, e.g. myapp-.")
    String prefix;

    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        if (!prefix.matches("[A-Za-z0-9-]*")) {
            throw new InvalidInputException("--prefix: '" + prefix + "' may hold only a-z, A-Z, 0-9 and '-'", "pass e.g. --prefix myapp-");
        }
        DesiredSecrets desired = DesiredSecrets.read(file, prefix);
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        SecretClient client = connection.secrets(found.properties().vaultUri());
        List<Object> results = new ArrayList<>();
        int written = 0;
        for (String name : desired.names()) {
            String action;
            try {
                action = unchanged(client, name, desired.value(name)) ? "unchanged" : "set";
                if (action.equals("set")) {
                    output.progress("setting secret " + name);
                    client.setSecret(name, desired.value(name));
                    written++;
                }
            } catch (HttpResponseException e) {
                throw Failures.dataPlane(e, connection, found.name(), "import secret " + name);
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", name);
            item.put("action", action);
            results.add(item);
            output.line(name + ": " + action);
        }
        output.line(written + " of " + desired.size() + " secret(s) written to " + found.name() + ".");
        output.json(Map.of("secrets", results));
        return Failures.OK;
    }

    private static boolean unchanged(SecretClient client, String name, String value) {
        try {
            return value.equals(client.getSecret(name).getValue());
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
