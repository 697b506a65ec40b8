package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.models.CertificatePermissions;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A missing permission, as the emulator enforces it: vault "demo" gets an access policy (through its Resource Manager
 * API) that lets the application list secrets and get certificates, and nothing else: no key get, no secret get. The
 * application authenticates with an emulator token for its own object id.
 */
class PermissionTest {

    private static final String APP = "dddddddd-0000-4000-8000-00000000000d";

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").requireEmulatorTokens(true));

    @BeforeAll
    static void seedThenRestrict() {
        KeyVaultEmulator emulator = EMULATOR.get();
        // Seeded as the emulator's test principal while "demo" has no access policy (then nothing is checked).
        TestItems.keys(emulator, "demo").createRsaKey(new CreateRsaKeyOptions("signing"));
        TestItems.TestCertificate cert = TestItems.TestCertificate.issue("perm.example.com", "RSA",
                Duration.ofDays(90));
        TestItems.certificates(emulator, "demo").importCertificate(new ImportCertificateOptions("web-tls",
                cert.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(new CertificatePolicy("Unknown",
                        "CN=perm.example.com").setContentType(CertificateContentType.PEM)));

        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", emulator.armEndpoint().toString());
        endpoints.put("managementEndpointUrl", emulator.armEndpoint().toString());
        endpoints.put("activeDirectoryEndpointUrl", emulator.authorityHost().toString());
        endpoints.put("keyVaultDnsSuffix", ".vault.azure.net");
        KeyVaultManager kv = KeyVaultManager.configure().withHttpClient(TestItems.http(emulator))
                .authenticate(emulator.credential(), new AzureProfile(emulator.tenantId(), emulator.subscriptionId(),
                        new AzureEnvironment(endpoints)));
        kv.vaults().getByResourceGroup("rg-emulator", "demo").update()
                .defineAccessPolicy().forObjectId(APP)
                .allowSecretPermissions(SecretPermissions.LIST)
                .allowCertificatePermissions(CertificatePermissions.GET).attach()
                .apply();
    }

    private static SmallRyeConfig config(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("keyvault.credential.token", EMULATOR.get().issueToken(APP));
        s.putAll(extra);
        return TestVaults.config(s);
    }

    @Test
    void keyReference_noKeysGetPermission_namesKeyVaultAndWhatToGrant() {
        SmallRyeConfig config = config(Map.of("app.key", "${keyvault-key::signing}"));
        try {
            assertThatThrownBy(() -> config.getValue("app.key", String.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("${keyvault-key::signing}")
                    .hasMessageContaining("the credential may not read key 'signing' in vault default")
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("grant it 'get' on keys");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void certificatePrivateKey_noSecretsGetPermission_saysTheBackingSecretNeedsIt() {
        SmallRyeConfig config = config(Map.of("tls.cert", "${keyvault-cert::web-tls}",
                "tls.key", "${keyvault-cert::web-tls#private-key}"));
        try {
            // Certificates 'get' is enough for the certificate itself...
            assertThat(config.getValue("tls.cert", String.class)).startsWith("-----BEGIN CERTIFICATE-----");
            // ...the private key lives in the backing secret, which needs secrets 'get'.
            assertThatThrownBy(() -> config.getValue("tls.key", String.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("may not read the backing secret of certificate 'web-tls'")
                    .hasMessageContaining("'get' on secrets");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
