package dev.kvconfig.emulator.certificates;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.CertificateProperties;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificateWithPolicy;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CertificateClient (and the backing secret and key through SecretClient and KeyClient) against the emulator. */
@ExtendWith(KeyVaultEmulatorExtension.class)
class CertificateClientTest {
    private static KeyVaultEmulator emulator;
    private static CertificateClient client;

    @BeforeAll
    static void client(KeyVaultEmulator started) {
        emulator = started;
        client = new CertificateClientBuilder()
                .vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential())
                .httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(2))
                .disableChallengeResourceVerification()
                .buildClient();
    }

    private static KeyVaultKey key(String name) {
        return new KeyClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(EmulatorClients.httpClient(emulator))
                .disableChallengeResourceVerification().buildClient().getKey(name);
    }

    private static byte[] sha1(byte[] der) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(der);
    }

    @Test
    void importCertificate_pem_returnsThumbprintCerAndPolicy() throws Exception {
        TestCertificates certs = TestCertificates.rsa("pem.example.com");
        CertificatePolicy policy = new CertificatePolicy("Unknown", "CN=pem.example.com")
                .setContentType(CertificateContentType.PEM);

        KeyVaultCertificateWithPolicy imported = client.importCertificate(new ImportCertificateOptions("pem-cert",
                certs.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(policy));

        assertThat(imported.getCer()).isEqualTo(certs.leaf().getEncoded());
        assertThat(imported.getProperties().getX509Thumbprint()).isEqualTo(sha1(certs.leaf().getEncoded()));
        assertThat(imported.getProperties().getVersion()).matches("[0-9a-f]{32}");
        assertThat(imported.getPolicy().getContentType()).isEqualTo(CertificateContentType.PEM);
        assertThat(imported.getPolicy().getSubject()).isEqualTo("CN=pem.example.com");
        assertThat(imported.getPolicy().getIssuerName()).isEqualTo("Unknown");
        assertThat(imported.getKeyId()).endsWith("/keys/pem-cert/" + imported.getProperties().getVersion());
        assertThat(imported.getSecretId()).endsWith("/secrets/pem-cert/" + imported.getProperties().getVersion());
    }

    @Test
    void importCertificate_pem_backingSecretIsManagedPemWithKey() throws Exception {
        TestCertificates certs = TestCertificates.ec("backing.example.com");
        KeyVaultCertificateWithPolicy imported = client.importCertificate(new ImportCertificateOptions("backed",
                certs.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(
                        new CertificatePolicy("Unknown", "CN=backing.example.com")
                                .setContentType(CertificateContentType.PEM)));

        KeyVaultSecret secret = EmulatorClients.secretClient(emulator, "demo").getSecret("backed");

        assertThat(secret.getProperties().isManaged()).isTrue();
        assertThat(secret.getProperties().getContentType()).isEqualTo("application/x-pem-file");
        assertThat(secret.getProperties().getKeyId()).isEqualTo(imported.getKeyId());
        assertThat(secret.getProperties().getVersion()).isEqualTo(imported.getProperties().getVersion());
        try (PEMParser parser = new PEMParser(new StringReader(secret.getValue()))) {
            assertThat(parser.readObject()).isNotNull();
        }
        assertThat(secret.getValue()).contains("PRIVATE KEY").contains("BEGIN CERTIFICATE");
        KeyVaultKey key = key("backed");
        assertThat(key.getProperties().isManaged()).isTrue();
        assertThat(key.getId()).isEqualTo(imported.getKeyId());
        assertThat(key.getKey().toEc().getPublic()).isEqualTo(certs.leaf().getPublicKey());
    }

    @Test
    void importCertificate_pkcs12WithPassword_backingSecretIsPkcs12() throws Exception {
        TestCertificates certs = TestCertificates.rsa("pfx.example.com");

        KeyVaultCertificateWithPolicy imported = client.importCertificate(
                new ImportCertificateOptions("pfx-cert", certs.pkcs12("s3cret")).setPassword("s3cret"));

        assertThat(imported.getCer()).isEqualTo(certs.leaf().getEncoded());
        assertThat(imported.getPolicy().getContentType()).isEqualTo(CertificateContentType.PKCS12);
        KeyVaultSecret secret = EmulatorClients.secretClient(emulator, "demo").getSecret("pfx-cert");
        assertThat(secret.getProperties().isManaged()).isTrue();
        assertThat(secret.getProperties().getContentType()).isEqualTo("application/x-pkcs12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(secret.getValue())), new char[0]);
        assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(certs.leaf());
    }

    @Test
    void importCertificate_keyNotExportable_backingSecretHoldsTheChainOnly() throws Exception {
        TestCertificates pemCerts = TestCertificates.rsa("ne-pem.example.com");
        client.importCertificate(new ImportCertificateOptions("ne-pem", pemCerts.pem().getBytes(StandardCharsets.US_ASCII))
                .setPolicy(new CertificatePolicy("Unknown", "CN=ne-pem.example.com")
                        .setContentType(CertificateContentType.PEM).setExportable(false)));
        TestCertificates pfxCerts = TestCertificates.rsa("ne-pfx.example.com");
        KeyVaultCertificateWithPolicy pfx = client.importCertificate(new ImportCertificateOptions("ne-pfx",
                pfxCerts.pkcs12("s3cret")).setPassword("s3cret").setPolicy(new CertificatePolicy("Unknown",
                        "CN=ne-pfx.example.com").setExportable(false)));

        String pem = EmulatorClients.secretClient(emulator, "demo").getSecret("ne-pem").getValue();
        assertThat(pem).contains("BEGIN CERTIFICATE").doesNotContain("PRIVATE KEY");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(
                EmulatorClients.secretClient(emulator, "demo").getSecret("ne-pfx").getValue())), new char[0]);
        String alias = store.aliases().nextElement();
        assertThat(store.isKeyEntry(alias)).isFalse();
        assertThat(store.getCertificate(alias)).isEqualTo(pfxCerts.leaf());
        assertThat(pfx.getPolicy().isExportable()).isFalse();
        // the key stays in the vault: its public part is served as for any certificate
        assertThat(key("ne-pfx").getKey().toRsa().getPublic()).isEqualTo(pfxCerts.leaf().getPublicKey());
    }

    @Test
    void getCertificate_latestAndVersion_andPolicy() throws Exception {
        TestCertificates first = TestCertificates.rsa("v1.example.com");
        TestCertificates second = TestCertificates.rsa("v2.example.com");
        KeyVaultCertificate v1 = client.importCertificate(new ImportCertificateOptions("versioned",
                first.pkcs12("p")).setPassword("p"));
        client.importCertificate(new ImportCertificateOptions("versioned", second.pkcs12("p")).setPassword("p"));

        KeyVaultCertificateWithPolicy latest = client.getCertificate("versioned");
        KeyVaultCertificate older = client.getCertificateVersion("versioned", v1.getProperties().getVersion());

        assertThat(latest.getCer()).isEqualTo(second.leaf().getEncoded());
        assertThat(latest.getPolicy().getSubject()).isEqualTo("CN=v2.example.com");
        assertThat(older.getCer()).isEqualTo(first.leaf().getEncoded());
        assertThat(client.getCertificatePolicy("versioned").getKeyType().toString()).isEqualTo("RSA");
        assertThat(client.listPropertiesOfCertificateVersions("versioned").stream().count()).isEqualTo(2);
        assertThat(client.listPropertiesOfCertificates().stream().map(CertificateProperties::getName))
                .contains("versioned");
        assertThat(emulator.stats().vault("demo").operation("ImportCertificate")).isEqualTo(2);
    }

    @Test
    void getCertificate_unknown_isResourceNotFound() {
        assertThatThrownBy(() -> client.getCertificate("no-such-cert")).isInstanceOf(ResourceNotFoundException.class);
    }
}
