package dev.kvconfig.bootstrap;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code keys show VAULT NAME}: one key's metadata and public parameters (type, size or curve, operations). */
@Command(name = "show", description = "Show a key's metadata (type, size/curve, operations, dates).")
final class KeysShowCommand extends BootstrapCommand {
    @Mixin
    ExistingVault vault;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", description = "A version (default: the latest).")
    String version;

    // Not mixinStandardHelpOptions: its -V/--version (the tool's version) would clash with --version VERSION above.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;


    @Override
    int run(GlobalOptions global, Output output) {
        vault.checkName();
        Connection connection = Connection.open(global, null);
        VaultInner found = vault.find(connection);
        KeyVaultKey key;
        try {
            key = connection.keys(found.properties().vaultUri()).getKey(name, version == null ? "" : version);
        } catch (ResourceNotFoundException e) {
            throw new BootstrapException("no key named " + name + (version == null ? "" : " with version " + version)
                    + " in vault " + found.name(), "check the name with `keys list " + found.name() + "`", e);
        } catch (HttpResponseException e) {
            throw Failures.dataPlane(e, connection, found.name(), "get keys", KeysCommand.PERMISSIONS, "--keys get,list");
        }
        Map<String, Object> json = KeysCommand.json(key);
        output.json(json);
        json.forEach((k, v) -> output.line(k + ": " + v));
        return Failures.OK;
    }
}
