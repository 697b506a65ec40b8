package dev.kvconfig.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.models.BuiltInRole;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.models.KeyPermissions;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.resourcemanager.keyvault.models.Vault;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** Data-plane permission checks from access policies and role assignments, with requireEmulatorTokens on. */
class EnforcementTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").seed("demo", Map.of("greeting", "hello")).requireEmulatorTokens(true));
    private static final String LOCATION = "westeurope";
    private static final String READER = "aaaaaaaa-0000-4000-8000-00000000000a";
    private static final String LISTER = "bbbbbbbb-0000-4000-8000-00000000000b";
    private static final String STRANGER = "cccccccc-0000-4000-8000-00000000000c";

    private static KeyVaultEmulator emulator;
    private static KeyVaultManager kv;
    private static AuthorizationManager authz;

    @BeforeAll
    static void setUp(KeyVaultEmulator e) {
        emulator = e;
        kv = ArmClients.keyVault(e);
        authz = ArmClients.authorization(e);
        ResourceManager rm = ArmClients.resources(e);
        rm.resourceGroups().define("rg-app").withRegion(LOCATION).create();
    }

    private static SecretClient as(String vaultUri, String objectId) {
        return ArmClients.secrets(emulator, vaultUri, ArmClients.principal(emulator, objectId));
    }

    private static Vault policyVault(String name) {
        Vault v = kv.vaults().define(name).withRegion(LOCATION).withExistingResourceGroup("rg-app")
                .defineAccessPolicy().forObjectId(READER)
                .allowSecretPermissions(SecretPermissions.GET, SecretPermissions.LIST).attach()
                .defineAccessPolicy().forObjectId(LISTER).allowSecretPermissions(SecretPermissions.LIST).attach()
                .create();
        emulator.setSecret(name, "db-password", "s3cret");
        return v;
    }

    @Test
    void accessPolicy_principalWithGetAndList_readsSecrets() {
        Vault v = policyVault("kv-ap-read");
        SecretClient reader = as(v.vaultUri(), READER);

        assertThat(reader.getSecret("db-password").getValue()).isEqualTo("s3cret");
        assertThat(reader.listPropertiesOfSecrets().stream().map(SecretProperties::getName))
                .containsExactly("db-password");
    }

    @Test
    void accessPolicy_principalWithoutPolicy_gets403NamingThePermission() {
        Vault v = policyVault("kv-ap-deny");

        assertThatThrownBy(() -> as(v.vaultUri(), STRANGER).getSecret("db-password"))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .contains("oid=" + STRANGER)
                            .contains("does not have secrets get permission on key vault 'kv-ap-deny;location="
                                    + LOCATION + "'")
                            .contains("https://go.microsoft.com/fwlink/?linkid=2125287")
                            .doesNotContain("s3cret");
                });
        assertThat(emulator.stats().vault("kv-ap-deny").operations()).containsKey("GetSecret");
    }

    @Test
    void accessPolicy_listOnly_listsButCannotGetOrSet() {
        Vault v = policyVault("kv-ap-list");
        SecretClient lister = as(v.vaultUri(), LISTER);

        assertThat(lister.listPropertiesOfSecrets().stream().map(SecretProperties::getName))
                .containsExactly("db-password");
        assertThatThrownBy(() -> lister.getSecret("db-password")).isInstanceOfSatisfying(
                HttpResponseException.class, e -> assertThat(e.getMessage()).contains("secrets get permission"));
        assertThatThrownBy(() -> lister.setSecret("other", "x")).isInstanceOfSatisfying(
                HttpResponseException.class, e -> assertThat(e.getMessage()).contains("secrets set permission"));
    }

    @Test
    void accessPolicy_grantedLater_takesEffectAtOnce() {
        Vault v = policyVault("kv-ap-later");
        SecretClient stranger = as(v.vaultUri(), STRANGER);
        assertThatThrownBy(() -> stranger.getSecret("db-password")).isInstanceOf(HttpResponseException.class);

        v.update().defineAccessPolicy().forObjectId(STRANGER).allowSecretPermissions(SecretPermissions.GET)
                .attach().apply();
        assertThat(stranger.getSecret("db-password").getValue()).isEqualTo("s3cret");
    }

    @Test
    void accessPolicy_keysPermissions_guardKeyOperations() {
        Vault v = kv.vaults().define("kv-ap-keys").withRegion(LOCATION).withExistingResourceGroup("rg-app")
                .defineAccessPolicy().forObjectId(READER).allowKeyPermissions(KeyPermissions.CREATE).attach()
                .create();
        KeyClient creator = keys(v.vaultUri(), READER);
        creator.createEcKey(new CreateEcKeyOptions("signing"));
        assertThatThrownBy(() -> creator.getKey("signing")).isInstanceOfSatisfying(HttpResponseException.class,
                e -> assertThat(e.getMessage()).contains("does not have keys get permission"));
        assertThatThrownBy(() -> keys(v.vaultUri(), STRANGER).createEcKey(new CreateEcKeyOptions("other")))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getMessage()).contains("does not have keys create permission"));
    }

    @Test
    void accessPolicy_withoutDecrypt_decryptIsForbiddenNamingThePermission() {
        Vault v = kv.vaults().define("kv-ap-crypto").withRegion(LOCATION).withExistingResourceGroup("rg-app")
                .defineAccessPolicy().forObjectId(READER)
                .allowKeyPermissions(KeyPermissions.CREATE, KeyPermissions.GET, KeyPermissions.ENCRYPT).attach()
                .create();
        KeyVaultKey key = keys(v.vaultUri(), READER).createRsaKey(new CreateRsaKeyOptions("payroll"));
        CryptographyClient crypto = new CryptographyClientBuilder().keyIdentifier(key.getId())
                .credential(ArmClients.principal(emulator, READER)).httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(1)).disableChallengeResourceVerification().buildClient();
        byte[] ciphertext = crypto.encrypt(EncryptionAlgorithm.RSA_OAEP, new byte[] {1, 2, 3}).getCipherText();

        assertThatThrownBy(() -> crypto.decrypt(EncryptionAlgorithm.RSA_OAEP, ciphertext))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("does not have keys decrypt permission");
                });
    }

    private static KeyClient keys(String vaultUri, String objectId) {
        return new KeyClientBuilder().vaultUrl(vaultUri).credential(ArmClients.principal(emulator, objectId))
                .httpClient(EmulatorClients.httpClient(emulator)).retryOptions(EmulatorClients.quickRetries(2))
                .disableChallengeResourceVerification().buildClient();
    }

    @Test
    void rbac_secretsUser_readsButCannotSet_othersForbiddenByRbac() {
        Vault v = kv.vaults().define("kv-rbac-app").withRegion(LOCATION).withExistingResourceGroup("rg-app")
                .withRoleBasedAccessControl().create();
        emulator.setSecret("kv-rbac-app", "api-key", "k3y");
        authz.roleAssignments().define(UUID.randomUUID().toString()).forObjectId(READER)
                .withBuiltInRole(BuiltInRole.KEY_VAULT_SECRETS_USER).withResourceScope(v).create();

        SecretClient reader = as(v.vaultUri(), READER);
        assertThat(reader.getSecret("api-key").getValue()).isEqualTo("k3y");
        assertThatThrownBy(() -> reader.setSecret("api-key", "new")).isInstanceOfSatisfying(
                HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("Microsoft.KeyVault/vaults/secrets/setSecret/action");
                });
        assertThatThrownBy(() -> as(v.vaultUri(), STRANGER).getSecret("api-key")).isInstanceOfSatisfying(
                HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("Caller is not authorized to perform action on resource")
                            .contains("Microsoft.KeyVault/vaults/secrets/getSecret/action");
                });
    }

    @Test
    void rbac_officerAtResourceGroupScope_setsSecrets() {
        Vault v = kv.vaults().define("kv-rbac-rg").withRegion(LOCATION).withExistingResourceGroup("rg-app")
                .withRoleBasedAccessControl().create();
        authz.roleAssignments().define(UUID.randomUUID().toString()).forObjectId(LISTER)
                .withBuiltInRole(BuiltInRole.KEY_VAULT_SECRETS_OFFICER)
                .withResourceGroupScope(ArmClients.resources(emulator).resourceGroups().getByName("rg-app")).create();

        SecretClient officer = as(v.vaultUri(), LISTER);
        officer.setSecret("written", "by-officer");
        assertThat(officer.getSecret("written").getValue()).isEqualTo("by-officer");
    }

    @Test
    void declaredVault_staysOpenToAnyVerifiedCaller() {
        assertThat(as(emulator.vaultUrl("demo").toString(), STRANGER).getSecret("greeting").getValue())
                .isEqualTo("hello");
    }

    @Test
    void arm_tokenNotIssuedByEmulator_is401() {
        TokenCredential forged = request -> Mono.just(new AccessToken("not-an-emulator-token",
                OffsetDateTime.now().plusMinutes(5)));
        KeyVaultManager foreign = KeyVaultManager.configure().withHttpClient(EmulatorClients.httpClient(emulator))
                .authenticate(forged, ArmClients.profile(emulator));
        assertThatThrownBy(() -> foreign.vaults().listByResourceGroup("rg-app").stream().count())
                .isInstanceOfSatisfying(ManagementException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
    }
}
