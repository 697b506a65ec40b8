package dev.kvconfig.bootstrap;

import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.Sku;
import com.azure.resourcemanager.keyvault.models.SkuFamily;
import com.azure.resourcemanager.keyvault.models.SkuName;
import com.azure.resourcemanager.keyvault.models.VaultCreateOrUpdateParameters;
import com.azure.resourcemanager.keyvault.models.VaultProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** {@code vault create NAME -g RG -l LOCATION}: creates a vault (refuses an existing or taken name). */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a vault in an existing resource group.")
final class VaultCreateCommand extends BootstrapCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Vault name: " + NameRules.VAULT_RULE + ".")
    String name;

    @Option(names = {"-g", "--resource-group"}, required = true, paramLabel = "RG", description = "Resource group.")
    String resourceGroup;

    @Option(names = {"-l", "--location"}, required = true, paramLabel = "LOCATION", description = "Region, e.g. westeurope.")
    String location;

    @Option(names = "--sku", defaultValue = "standard", description = "standard or premium (default: ${DEFAULT-VALUE}).")
    String sku;

    @Option(names = "--rbac", description = "Use Azure RBAC instead of access policies for data-plane access.")
    boolean rbac;

    @Option(names = "--retention-days", defaultValue = "90", description = "Soft-delete retention, 7-90 days (default: ${DEFAULT-VALUE}).")
    int retentionDays;

    @Option(names = "--purge-protection", description = "Turn purge protection on (it can never be turned off).")
    boolean purgeProtection;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
    Map<String, String> tags = new TreeMap<>();

    @Override
    int run(GlobalOptions global, Output output) {
        NameRules.requireVaultName(name);
        if (!List.of("standard", "premium").contains(sku)) {
            throw new InvalidInputException("--sku: '" + sku + "' is not one of: standard, premium", "pass --sku standard");
        }
        if (retentionDays < 7 || retentionDays > 90) {
            throw new InvalidInputException("--retention-days: " + retentionDays + " is outside 7-90", "pass a value from 7 to 90");
        }
        if (!NameRules.isLocation(location)) {
            throw new InvalidInputException("--location: '" + location + "' is not an Azure region name", "pass e.g. westeurope");
        }
        Connection connection = Connection.open(global, null);
        Vaults vaults = new Vaults(connection);
        Vaults.NameCheck check = vaults.checkName(name);
        if (!check.available()) {
            throw Vaults.taken(check);
        }
        output.progress("creating vault " + name + " in " + resourceGroup);
        VaultInner vault = vaults.client().createOrUpdate(resourceGroup, name, new VaultCreateOrUpdateParameters()
                .withLocation(NameRules.location(location))
                .withTags(tags)
                .withProperties(new VaultProperties()
                        .withTenantId(UUID.fromString(connection.tenantId()))
                        .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.fromString(sku)))
                        .withAccessPolicies(List.of())
                        .withEnableRbacAuthorization(rbac)
                        .withEnableSoftDelete(true)
                        .withSoftDeleteRetentionInDays(retentionDays)
                        .withEnablePurgeProtection(purgeProtection ? Boolean.TRUE : null)));
        output.line("Created vault " + vault.name() + ": " + vault.properties().vaultUri());
        output.json(VaultCommand.json(vault));
        return Failures.OK;
    }
}
