package dev.kvconfig.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.models.BuiltInRole;
import com.azure.resourcemanager.authorization.models.RoleAssignment;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.models.DeletedVault;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.resourcemanager.keyvault.models.Vault;
import dev.kvconfig.emulator.KeyVaultEmulator;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a state file, what was provisioned through ARM survives an emulator restart. */
class StateFileArmTest {
    private static final String LOCATION = "westeurope";
    private static final String APP = "dddddddd-0000-4000-8000-00000000000d";

    @Test
    void stateFile_restart_keepsGroupsVaultsDeletedVaultsPoliciesAndRoles(@TempDir Path dir) {
        Path state = dir.resolve("state.json");
        String keptUri;
        String assignment = UUID.randomUUID().toString();
        try (KeyVaultEmulator first = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            KeyVaultManager kv = ArmClients.keyVault(first);
            ArmClients.resources(first).resourceGroups().define("rg-keep").withRegion(LOCATION).create();
            Vault kept = kv.vaults().define("kv-keep").withRegion(LOCATION).withExistingResourceGroup("rg-keep")
                    .defineAccessPolicy().forObjectId(APP).allowSecretPermissions(SecretPermissions.GET).attach()
                    .create();
            keptUri = kept.vaultUri();
            ArmClients.secrets(first, keptUri, first.credential()).setSecret("db-password", "kept");
            Vault gone = kv.vaults().define("kv-gone").withRegion(LOCATION).withExistingResourceGroup("rg-keep")
                    .withEmptyAccessPolicy().create();
            ArmClients.secrets(first, gone.vaultUri(), first.credential()).setSecret("old", "recoverable");
            kv.vaults().deleteByResourceGroup("rg-keep", "kv-gone");
            Vault rbac = kv.vaults().define("kv-roles").withRegion(LOCATION).withExistingResourceGroup("rg-keep")
                    .withRoleBasedAccessControl().create();
            ArmClients.authorization(first).roleAssignments().define(assignment).forObjectId(APP)
                    .withBuiltInRole(BuiltInRole.KEY_VAULT_SECRETS_USER).withResourceScope(rbac).create();
            kv.vaults().getByResourceGroup(ResourceManagerApi.DEFAULT_RESOURCE_GROUP, "demo").update()
                    .defineAccessPolicy().forObjectId(APP).allowSecretPermissions(SecretPermissions.LIST).attach()
                    .apply();
        }

        try (KeyVaultEmulator second = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            KeyVaultManager kv = ArmClients.keyVault(second);
            AuthorizationManager authz = ArmClients.authorization(second);
            assertThat(ArmClients.resources(second).resourceGroups().contain("rg-keep")).isTrue();

            Vault kept = kv.vaults().getByResourceGroup("rg-keep", "kv-keep");
            assertThat(kept.accessPolicies()).singleElement().satisfies(p -> assertThat(p.objectId()).isEqualTo(APP));
            assertThat(second.vaultNames()).contains("kv-keep", "kv-roles").doesNotContain("kv-gone");
            assertThat(second.vaultUrl("kv-keep").toString()).isEqualTo(kept.vaultUri());
            assertThat(ArmClients.secrets(second, kept.vaultUri(), second.credential()).getSecret("db-password")
                    .getValue()).isEqualTo("kept");

            assertThat(kv.vaults().listDeleted().stream().map(DeletedVault::name)).containsExactly("kv-gone");
            Vault recovered = kv.vaults().recoverSoftDeletedVault("rg-keep", "kv-gone", LOCATION);
            assertThat(ArmClients.secrets(second, recovered.vaultUri(), second.credential()).getSecret("old")
                    .getValue()).isEqualTo("recoverable");

            Vault rbac = kv.vaults().getByResourceGroup("rg-keep", "kv-roles");
            assertThat(authz.roleAssignments().listByScope(rbac.id()).stream().map(RoleAssignment::name))
                    .containsExactly(assignment);
            assertThat(kv.vaults().getByResourceGroup(ResourceManagerApi.DEFAULT_RESOURCE_GROUP, "demo")
                    .accessPolicies()).hasSize(1);
            assertThat(second.vaultUrl("demo")).isNotNull();
        }
        assertThat(keptUri).startsWith("https://localhost:");
    }
}
