package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code policy grant|revoke}: access policies of a vault, one principal at a time. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Grant or revoke a principal's access policy.",
        subcommands = {PolicyGrantCommand.class, PolicyRevokeCommand.class})
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a policy command: grant or revoke");
    }

    /** Sends one access-policy update (add merges permissions, remove drops the principal). */
    static void update(Vaults vaults, VaultInner vault, AccessPolicyUpdateKind kind, String tenantId, String objectId,
                       Observed.Permissions permissions) {
        if (Boolean.TRUE.equals(vault.properties().enableRbacAuthorization())) {
            throw new BootstrapException("vault " + vault.name() + " uses Azure RBAC, so access policies have no effect",
                    "declare roles under access: in kvconfig.yaml and run apply, or use `az role assignment create`");
        }
        vaults.client().updateAccessPolicy(Vaults.resourceGroupOf(vault.id()), vault.name(), kind,
                new VaultAccessPolicyParametersInner().withProperties(new VaultAccessPolicyProperties()
                        .withAccessPolicies(List.of(Vaults.policyEntry(tenantId, objectId, permissions)))));
    }

    static Set<String> permissions(List<String> values, Set<String> allowed, String option) {
        Set<String> result = new LinkedHashSet<>();
        for (String value : values) {
            String normalized = value.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(normalized)) {
                throw new InvalidInputException(option + ": '" + value + "' is not a permission",
                        "use some of: " + new java.util.TreeSet<>(allowed));
            }
            result.add(normalized);
        }
        return result;
    }

    static String objectId(String value) {
        if (!NameRules.isGuid(value)) {
            throw new InvalidInputException("--object-id: '" + value + "' is not an object id (a GUID)",
                    "look it up with `az ad sp show --id <app-id> --query id -o tsv` (or `az ad user show`)");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
