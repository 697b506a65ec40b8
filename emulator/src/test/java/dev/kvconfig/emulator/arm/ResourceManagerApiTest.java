package dev.kvconfig.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.models.BuiltInRole;
import com.azure.resourcemanager.authorization.models.RoleAssignment;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicy;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.CheckNameAvailabilityResult;
import com.azure.resourcemanager.keyvault.models.DeletedVault;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.resourcemanager.keyvault.models.Sku;
import com.azure.resourcemanager.keyvault.models.SkuFamily;
import com.azure.resourcemanager.keyvault.models.SkuName;
import com.azure.resourcemanager.keyvault.models.Vault;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import com.azure.resourcemanager.keyvault.models.VaultCreateOrUpdateParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchProperties;
import com.azure.resourcemanager.keyvault.models.VaultProperties;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import com.azure.security.keyvault.secrets.SecretClient;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Resource Manager API through the official management SDKs (tokens not enforced). */
class ResourceManagerApiTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo");
    private static final String LOCATION = "westeurope";
    private static final String PRINCIPAL = "11111111-1111-1111-1111-111111111111";

    private static KeyVaultEmulator emulator;
    private static KeyVaultManager kv;
    private static ResourceManager rm;
    private static AuthorizationManager authz;

    @BeforeAll
    static void clients(KeyVaultEmulator e) {
        emulator = e;
        kv = ArmClients.keyVault(e);
        rm = ArmClients.resources(e);
        authz = ArmClients.authorization(e);
    }

    private static void group(String name) {
        rm.resourceGroups().define(name).withRegion(LOCATION).create();
    }

    private static Vault vault(String rg, String name) {
        group(rg);
        return kv.vaults().define(name).withRegion(LOCATION).withExistingResourceGroup(rg).withEmptyAccessPolicy()
                .create();
    }

    private static SecretClient secrets(String vaultUri) {
        return ArmClients.secrets(emulator, vaultUri, emulator.credential());
    }

    private static String code(ManagementException e) {
        return e.getValue().getCode();
    }

    @Test
    void resourceGroup_createGetDelete_roundTrips() {
        ResourceGroup created = rm.resourceGroups().define("rg-roundtrip").withRegion(LOCATION)
                .withTag("team", "orders").create();
        assertThat(created.regionName()).isEqualTo(LOCATION);

        ResourceGroup got = rm.resourceGroups().getByName("rg-roundtrip");
        assertThat(got.tags()).containsEntry("team", "orders");
        assertThat(rm.resourceGroups().contain("rg-roundtrip")).isTrue();

        rm.resourceGroups().deleteByName("rg-roundtrip");
        assertThat(rm.resourceGroups().contain("rg-roundtrip")).isFalse();
        assertThatThrownBy(() -> rm.resourceGroups().getByName("rg-roundtrip"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(code(e)).isEqualTo("ResourceGroupNotFound");
                });
    }

    @Test
    void resourceGroup_unknownSubscription_isSubscriptionNotFound() {
        ResourceManager other = ResourceManager.configure()
                .withHttpClient(dev.kvconfig.emulator.EmulatorClients.httpClient(emulator))
                .authenticate(emulator.credential(), ArmClients.profile(emulator))
                .withSubscription("99999999-9999-4999-8999-999999999999");
        assertThatThrownBy(() -> other.resourceGroups().getByName("rg-any"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(code(e)).isEqualTo("SubscriptionNotFound");
                });
    }

    @Test
    void declaredVault_isInDefaultResourceGroup_withoutPolicies() {
        Vault demo = kv.vaults().getByResourceGroup(ResourceManagerApi.DEFAULT_RESOURCE_GROUP, "demo");
        assertThat(demo.vaultUri()).isEqualTo(emulator.vaultUrl("demo").toString());
        assertThat(demo.accessPolicies()).isEmpty();
        assertThat(demo.roleBasedAccessControlEnabled()).isFalse();
        assertThat(demo.regionName()).isEqualTo(LOCATION);
    }

    @Test
    void vault_create_startsItsDataPlane() {
        Vault v = vault("rg-create", "kv-create");

        assertThat(v.vaultUri()).startsWith("https://localhost:");
        assertThat(emulator.vaultNames()).contains("kv-create");
        assertThat(emulator.vaultUrl("kv-create").toString()).isEqualTo(v.vaultUri());
        assertThat(emulator.infoJson()).contains("\"kv-create\":\"" + v.vaultUri() + "\"")
                .contains("\"armEndpoint\":\"" + emulator.armEndpoint() + "\"");
        SecretClient secrets = secrets(v.vaultUri());
        secrets.setSecret("db-password", "s3cret");
        assertThat(secrets.getSecret("db-password").getValue()).isEqualTo("s3cret");
        assertThat(v.softDeleteEnabled()).isTrue();
        assertThat(v.innerModel().properties().softDeleteRetentionInDays()).isEqualTo(90);
        assertThat(v.innerModel().properties().provisioningState().toString()).isEqualTo("Succeeded");
    }

    @Test
    void vault_update_changesTagsAndSku() {
        Vault v = vault("rg-update", "kv-update");

        v.update().withTag("env", "dev").withDeploymentEnabled().apply();
        Vault got = kv.vaults().getByResourceGroup("rg-update", "kv-update");
        assertThat(got.tags()).containsEntry("env", "dev");
        assertThat(got.enabledForDeployment()).isTrue();
        assertThat(got.sku().name()).isEqualTo(SkuName.STANDARD);

        // the fluent Update has no sku setter: PATCH through the service client
        VaultInner patched = kv.serviceClient().getVaults().update("rg-update", "kv-update",
                new VaultPatchParameters().withTags(Map.of("env", "prod")).withProperties(new VaultPatchProperties()
                        .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.PREMIUM))));
        assertThat(patched.tags()).containsExactlyEntriesOf(Map.of("env", "prod"));
        assertThat(patched.properties().enabledForDeployment()).isTrue();
        assertThat(kv.vaults().getByResourceGroup("rg-update", "kv-update").sku().name()).isEqualTo(SkuName.PREMIUM);
    }

    @Test
    void vault_list_byResourceGroupAndBySubscription() {
        vault("rg-list", "kv-list-a");
        kv.vaults().define("kv-list-b").withRegion(LOCATION).withExistingResourceGroup("rg-list")
                .withEmptyAccessPolicy().create();

        assertThat(kv.vaults().listByResourceGroup("rg-list").stream().map(Vault::name))
                .containsExactlyInAnyOrder("kv-list-a", "kv-list-b");
        VaultsClient client = kv.serviceClient().getVaults();
        assertThat(client.listBySubscription().stream().map(VaultInner::name))
                .contains("kv-list-a", "kv-list-b", "demo");
        assertThat(client.list().stream().map(r -> r.name()))
                .contains("kv-list-a", "kv-list-b", "demo");
    }

    @Test
    void checkName_invalidAvailableTakenAndDeleted() {
        for (String bad : List.of("ab", "1vault", "my--vault", "vault-", "v_ault")) {
            CheckNameAvailabilityResult r = kv.vaults().checkNameAvailability(bad);
            assertThat(r.nameAvailable()).as(bad).isFalse();
            assertThat(r.reason().toString()).as(bad).isEqualTo("AccountNameInvalid");
        }
        assertThat(kv.vaults().checkNameAvailability("kv-free-name").nameAvailable()).isTrue();

        vault("rg-names", "kv-taken");
        CheckNameAvailabilityResult taken = kv.vaults().checkNameAvailability("kv-taken");
        assertThat(taken.nameAvailable()).isFalse();
        assertThat(taken.reason().toString()).isEqualTo("AlreadyExists");
        assertThat(taken.message()).contains("kv-taken");

        kv.vaults().deleteByResourceGroup("rg-names", "kv-taken");
        CheckNameAvailabilityResult deleted = kv.vaults().checkNameAvailability("KV-TAKEN");
        assertThat(deleted.nameAvailable()).isFalse();
        assertThat(deleted.reason().toString()).isEqualTo("AlreadyExists");
    }

    @Test
    void vault_nameTakenInAnotherGroupOrSubscription_isVaultAlreadyExists() {
        vault("rg-owner", "kv-owned");
        group("rg-other");
        for (String name : List.of("kv-owned", ResourceManagerApi.FOREIGN_VAULT_NAME)) {
            assertThatThrownBy(() -> kv.vaults().define(name).withRegion(LOCATION).withExistingResourceGroup("rg-other")
                    .withEmptyAccessPolicy().create())
                    .isInstanceOfSatisfying(ManagementException.class, e -> {
                        assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                        assertThat(code(e)).isEqualTo("VaultAlreadyExists");
                    });
        }
        CheckNameAvailabilityResult foreign = kv.vaults().checkNameAvailability(ResourceManagerApi.FOREIGN_VAULT_NAME);
        assertThat(foreign.nameAvailable()).isFalse();
        assertThat(foreign.reason().toString()).isEqualTo("AlreadyExists");
        assertThat(kv.serviceClient().getVaults().listBySubscription().stream().map(VaultInner::name))
                .doesNotContain(ResourceManagerApi.FOREIGN_VAULT_NAME);
    }

    @Test
    void infoFile_followsVaultsCreatedAndDeletedThroughArm(@TempDir Path dir) throws Exception {
        Path info = emulator.writeInfoFile(dir.resolve("emulator.json"));
        Vault v = vault("rg-info", "kv-info");
        assertThat(Files.readString(info)).contains("\"kv-info\":\"" + v.vaultUri() + "\"");

        kv.vaults().deleteByResourceGroup("rg-info", "kv-info");
        assertThat(Files.readString(info)).doesNotContain("kv-info").contains("\"demo\"");
    }

    @Test
    void vault_invalidName_isVaultNameNotValid() {
        group("rg-badname");
        assertThatThrownBy(() -> kv.vaults().define("9lives").withRegion(LOCATION)
                .withExistingResourceGroup("rg-badname").withEmptyAccessPolicy().create())
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(code(e)).isEqualTo("VaultNameNotValid");
                    assertThat(e.getMessage()).contains("must begin with a letter");
                });
    }

    @Test
    void vault_retentionOutOfRange_isRejected() {
        group("rg-retention");
        VaultCreateOrUpdateParameters params = new VaultCreateOrUpdateParameters().withLocation(LOCATION)
                .withProperties(new VaultProperties().withTenantId(UUID.fromString(emulator.tenantId()))
                        .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.STANDARD))
                        .withAccessPolicies(List.of()).withSoftDeleteRetentionInDays(5));
        assertThatThrownBy(() -> kv.serviceClient().getVaults().createOrUpdate("rg-retention", "kv-retention", params))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("softDeleteRetentionInDays").contains("between 7 and 90");
                });

        VaultInner created = kv.serviceClient().getVaults().createOrUpdate("rg-retention", "kv-retention",
                params.withProperties(params.properties().withSoftDeleteRetentionInDays(7)));
        assertThat(created.properties().softDeleteRetentionInDays()).isEqualTo(7);
    }

    @Test
    void accessPolicies_addReplaceRemove() {
        Vault v = vault("rg-policies", "kv-policies");
        VaultsClient client = kv.serviceClient().getVaults();

        client.updateAccessPolicy("rg-policies", "kv-policies", AccessPolicyUpdateKind.ADD,
                policy(SecretPermissions.GET));
        client.updateAccessPolicy("rg-policies", "kv-policies", AccessPolicyUpdateKind.ADD,
                policy(SecretPermissions.LIST));
        assertThat(secretPermissions("rg-policies", "kv-policies")).containsExactly("get", "list");

        client.updateAccessPolicy("rg-policies", "kv-policies", AccessPolicyUpdateKind.REPLACE,
                policy(SecretPermissions.SET));
        assertThat(secretPermissions("rg-policies", "kv-policies")).containsExactly("set");

        client.updateAccessPolicy("rg-policies", "kv-policies", AccessPolicyUpdateKind.REMOVE,
                policy(SecretPermissions.SET));
        assertThat(kv.vaults().getByResourceGroup("rg-policies", "kv-policies").accessPolicies()).isEmpty();

        v.update().defineAccessPolicy().forObjectId(PRINCIPAL).allowSecretPermissions(SecretPermissions.GET)
                .attach().apply();
        assertThat(secretPermissions("rg-policies", "kv-policies")).containsExactly("get");
        v.refresh().update().withoutAccessPolicy(PRINCIPAL).apply();
        assertThat(kv.vaults().getByResourceGroup("rg-policies", "kv-policies").accessPolicies()).isEmpty();
    }

    private static VaultAccessPolicyParametersInner policy(SecretPermissions... permissions) {
        return new VaultAccessPolicyParametersInner().withProperties(new VaultAccessPolicyProperties()
                .withAccessPolicies(List.of(new AccessPolicyEntry().withTenantId(UUID.fromString(emulator.tenantId()))
                        .withObjectId(PRINCIPAL).withPermissions(new Permissions().withSecrets(List.of(permissions))))));
    }

    private static List<String> secretPermissions(String rg, String vault) {
        List<AccessPolicy> policies = kv.vaults().getByResourceGroup(rg, vault).accessPolicies();
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).objectId()).isEqualTo(PRINCIPAL);
        return policies.get(0).permissions().secrets().stream().map(Object::toString).collect(Collectors.toList());
    }

    @Test
    void vault_deleteListRecoverPurge() {
        Vault v = vault("rg-lifecycle", "kv-lifecycle");
        secrets(v.vaultUri()).setSecret("kept", "across-recover");

        kv.vaults().deleteByResourceGroup("rg-lifecycle", "kv-lifecycle");
        assertThat(emulator.vaultNames()).doesNotContain("kv-lifecycle");
        assertThat(kv.vaults().listDeleted().stream().map(DeletedVault::name)).contains("kv-lifecycle");
        DeletedVault gone = kv.vaults().getDeleted("kv-lifecycle", LOCATION);
        assertThat(gone.location()).isEqualTo(LOCATION);
        assertThat(gone.scheduledPurgeDate()).isAfter(gone.deletionDate());
        assertThat(gone.innerModel().properties().vaultId()).isEqualTo(v.id());
        assertThatThrownBy(() -> vault("rg-lifecycle", "kv-lifecycle"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                    assertThat(code(e)).isEqualTo("ConflictError");
                });

        Vault recovered = kv.vaults().recoverSoftDeletedVault("rg-lifecycle", "kv-lifecycle", LOCATION);
        assertThat(recovered.vaultUri()).isNotNull();
        assertThat(secrets(recovered.vaultUri()).getSecret("kept").getValue()).isEqualTo("across-recover");
        assertThat(kv.vaults().listDeleted().stream().map(DeletedVault::name)).doesNotContain("kv-lifecycle");

        kv.vaults().deleteByResourceGroup("rg-lifecycle", "kv-lifecycle");
        kv.vaults().purgeDeleted("kv-lifecycle", LOCATION);
        assertThat(kv.vaults().listDeleted().stream().map(DeletedVault::name)).doesNotContain("kv-lifecycle");
        assertThat(kv.vaults().checkNameAvailability("kv-lifecycle").nameAvailable()).isTrue();
        Vault again = kv.vaults().define("kv-lifecycle").withRegion(LOCATION)
                .withExistingResourceGroup("rg-lifecycle").withEmptyAccessPolicy().create();
        assertThat(secrets(again.vaultUri()).listPropertiesOfSecrets().stream().count()).isZero();
    }

    @Test
    void purgeProtection_refusesPurgeAndCannotBeTurnedOff() {
        group("rg-protected");
        kv.vaults().define("kv-protected").withRegion(LOCATION).withExistingResourceGroup("rg-protected")
                .withEmptyAccessPolicy().withPurgeProtectionEnabled().create();
        assertThatThrownBy(() -> kv.serviceClient().getVaults().update("rg-protected", "kv-protected",
                new VaultPatchParameters().withProperties(new VaultPatchProperties().withEnablePurgeProtection(false))))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("enablePurgeProtection").contains("irreversible");
                });

        kv.vaults().deleteByResourceGroup("rg-protected", "kv-protected");
        assertThat(kv.vaults().getDeleted("kv-protected", LOCATION).innerModel().properties().purgeProtectionEnabled())
                .isTrue();
        assertThatThrownBy(() -> kv.vaults().purgeDeleted("kv-protected", LOCATION))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(405);
                    assertThat(e.getMessage()).contains("DeletedVaultPurge");
                });
        assertThat(kv.vaults().listDeleted().stream().map(DeletedVault::name)).contains("kv-protected");
    }

    @Test
    void roleAssignments_createListDelete_onRbacVault() {
        group("rg-rbac");
        Vault v = kv.vaults().define("kv-rbac").withRegion(LOCATION).withExistingResourceGroup("rg-rbac")
                .withRoleBasedAccessControl().create();
        assertThat(v.roleBasedAccessControlEnabled()).isTrue();
        assertThat(authz.roleDefinitions().getByScopeAndRoleName(v.id(), "Key Vault Secrets Officer").id())
                .endsWith("b86a8fe4-44ce-4948-aee5-eccb2c155cd7");

        String name = UUID.randomUUID().toString();
        RoleAssignment a = authz.roleAssignments().define(name).forObjectId(PRINCIPAL)
                .withBuiltInRole(BuiltInRole.KEY_VAULT_SECRETS_USER).withResourceScope(v).create();
        assertThat(a.roleDefinitionId()).endsWith("4633458b-17de-408a-b874-0445c86b69e6");
        assertThat(a.scope()).isEqualToIgnoringCase(v.id());

        assertThat(authz.roleAssignments().listByScope(v.id()).stream().map(RoleAssignment::name)).contains(name);
        assertThat(authz.roleAssignments().getById(a.id()).principalId()).isEqualTo(PRINCIPAL);
        authz.roleAssignments().deleteById(a.id());
        assertThat(authz.roleAssignments().listByScope(v.id()).stream().map(RoleAssignment::name))
                .doesNotContain(name);
    }

    @Test
    void arm_withoutBearer_answers401WithArmChallenge() throws Exception {
        HttpResponse<String> r = raw(null, "subscriptions/" + emulator.subscriptionId()
                + "/resourcegroups?api-version=2025-04-01");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .startsWith("Bearer authorization_uri=\"" + emulator.authorityHost().toString().replaceAll("/$", "")
                        + "/" + emulator.tenantId() + "\"")
                .contains("resource=\"https://management.azure.com/\""));
        assertThat(r.body()).contains("AuthenticationFailed");
    }

    @Test
    void arm_withoutApiVersion_isMissingApiVersionParameter() throws Exception {
        HttpResponse<String> r = raw("any-token", "subscriptions/" + emulator.subscriptionId() + "/resourcegroups");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("MissingApiVersionParameter");
    }

    private static HttpResponse<String> raw(String token, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.armEndpoint() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
