package dev.kvconfig.emulator.certificates;

import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificateWithPolicy;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --state}: an imported certificate, its backing key and its backing secret come back after a restart. */
class CertificateStateTest {

    private static CertificateClient client(KeyVaultEmulator emulator) {
        return new CertificateClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(EmulatorClients.httpClient(emulator))
                .disableChallengeResourceVerification().buildClient();
    }

    @Test
    void stateFile_restart_keepsCertificatesWithTheirKeysAndSecrets(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        TestCertificates certs = TestCertificates.ec("kept.example.com");
        KeyVaultCertificateWithPolicy imported;
        try (KeyVaultEmulator first = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            imported = client(first).importCertificate(new ImportCertificateOptions("kept-cert",
                    certs.pem().getBytes(StandardCharsets.US_ASCII))
                    .setPolicy(new CertificatePolicy("Unknown", "CN=kept.example.com")
                            .setContentType(CertificateContentType.PEM))
                    .setTags(Map.of("env", "dev")));
        }

        try (KeyVaultEmulator second = KeyVaultEmulator.builder().vault("demo").stateFile(state).start()) {
            KeyVaultCertificateWithPolicy restored = client(second).getCertificate("kept-cert");
            assertThat(restored.getCer()).isEqualTo(certs.leaf().getEncoded());
            assertThat(restored.getProperties().getVersion()).isEqualTo(imported.getProperties().getVersion());
            assertThat(restored.getProperties().getTags()).containsEntry("env", "dev");
            assertThat(restored.getPolicy().getContentType()).isEqualTo(CertificateContentType.PEM);
            assertThat(restored.getPolicy().getSubject()).isEqualTo("CN=kept.example.com");

            var key = new KeyClientBuilder().vaultUrl(second.vaultUrl("demo").toString())
                    .credential(second.credential()).httpClient(EmulatorClients.httpClient(second))
                    .disableChallengeResourceVerification().buildClient().getKey("kept-cert");
            assertThat(key.getProperties().isManaged()).isTrue();
            assertThat(key.getProperties().getVersion()).isEqualTo(imported.getProperties().getVersion());

            var secret = EmulatorClients.secretClient(second, "demo").getSecret("kept-cert");
            assertThat(secret.getProperties().isManaged()).isTrue();
            assertThat(secret.getValue()).contains("BEGIN CERTIFICATE");
        }
    }
}
