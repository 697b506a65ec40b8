package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/** {@code vault show NAME}: a vault's settings and access policies. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a vault's settings and access policies.")
final class VaultShowCommand extends BootstrapCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "RG", description = "Resource group (default: search the subscription).")
    String resourceGroup;

    @Override
    int run(GlobalOptions global, Output output) {
        NameRules.requireVaultName(name);
        VaultInner vault = new Vaults(Connection.open(global, null)).require(resourceGroup, name);
        Map<String, Object> json = VaultCommand.json(vault);
        output.json(json);
        if (!output.json()) {
            for (Map.Entry<String, Object> e : json.entrySet()) {
                if (!e.getKey().equals("accessPolicies")) {
                    output.line(e.getKey() + ": " + e.getValue());
                }
            }
            List<?> policies = (List<?>) json.get("accessPolicies");
            output.line("accessPolicies:" + (policies.isEmpty() ? " none" : ""));
            policies.forEach(p -> output.line("  " + p));
        }
        return Failures.OK;
    }
}
