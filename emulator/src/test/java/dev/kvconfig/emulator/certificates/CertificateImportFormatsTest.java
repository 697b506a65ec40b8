package dev.kvconfig.emulator.certificates;

import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificateWithPolicy;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.emulator.server.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Import in the forms the other SDKs and tools send: PEM text base64-encoded with content type PEM (the Python SDK's
 * import sample), and PKCS#12 files whose key sits in an unencrypted key bag (Python {@code cryptography} with
 * {@code NoEncryption()}, password-less OpenSSL exports), which the JDK's {@code KeyStore} does not see.
 */
@ExtendWith(KeyVaultEmulatorExtension.class)
class CertificateImportFormatsTest {
    private static KeyVaultEmulator emulator;
    private static CertificateClient client;

    @BeforeAll
    static void client(KeyVaultEmulator started) {
        emulator = started;
        client = new CertificateClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(EmulatorClients.httpClient(emulator))
                .retryOptions(EmulatorClients.quickRetries(1)).disableChallengeResourceVerification().buildClient();
    }

    /** A PKCS#12 with the certificate and the key in plain (not shrouded) bags, not encrypted; MAC when pwd given. */
    private static byte[] plainKeyBagPkcs12(TestCertificates certs, char[] password) throws Exception {
        DEROctetString keyId = new DEROctetString(new byte[] {1, 2, 3, 4});
        PKCS12SafeBagBuilder certificateBag = new JcaPKCS12SafeBagBuilder(certs.leaf())
                .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
        PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(certs.leafKeys().getPrivate())
                .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
        PKCS12PfxPduBuilder builder = new PKCS12PfxPduBuilder();
        builder.addData(certificateBag.build());
        builder.addData(keyBag.build());
        return (password == null ? builder.build(null, null)
                : builder.build(new BcPKCS12MacCalculatorBuilder(), password)).getEncoded();
    }

    @Test
    void importPkcs12_plainKeyBagWithoutPassword_isRead() throws Exception {
        TestCertificates certs = TestCertificates.rsa("plain-bag.example.test");

        KeyVaultCertificateWithPolicy imported = client.importCertificate(
                new ImportCertificateOptions("plain-bag", plainKeyBagPkcs12(certs, null)));

        assertThat(imported.getCer()).isEqualTo(certs.leaf().getEncoded());
    }

    @Test
    void importPkcs12_plainKeyBagWithMacPassword_isRead() throws Exception {
        TestCertificates certs = TestCertificates.ec("plain-bag-mac.example.test");

        KeyVaultCertificateWithPolicy imported = client.importCertificate(new ImportCertificateOptions(
                "plain-bag-mac", plainKeyBagPkcs12(certs, "pw".toCharArray())).setPassword("pw"));

        assertThat(imported.getCer()).isEqualTo(certs.leaf().getEncoded());
    }

    @Test
    void importPkcs12_jdkKeyStoreFile_isStillRead() throws Exception {
        TestCertificates certs = TestCertificates.rsa("jdk.example.test");

        KeyVaultCertificateWithPolicy imported = client.importCertificate(
                new ImportCertificateOptions("jdk-p12", certs.pkcs12("changeit")).setPassword("changeit"));

        assertThat(imported.getCer()).isEqualTo(certs.leaf().getEncoded());
    }

    @Test
    void importPem_base64EncodedWithPemContentType_isRead() throws Exception {
        TestCertificates certs = TestCertificates.rsa("b64-pem.example.test");
        String body = Json.writeString(Map.of("value", Base64.getEncoder().encodeToString(
                certs.pem().getBytes(StandardCharsets.UTF_8)), "policy", Map.of("secret_props",
                Map.of("contentType", "application/x-pem-file"))));

        HttpResponse<String> response = HttpClient.newBuilder().sslContext(emulator.sslContext()).build().send(
                HttpRequest.newBuilder(URI.create(emulator.vaultUrl("demo") + "certificates/b64-pem/import"
                        + "?api-version=7.5")).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + emulator.issueToken("11111111-2222-3333-4444-555555555555"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(client.getCertificate("b64-pem").getCer()).isEqualTo(certs.leaf().getEncoded());
        assertThat(client.getCertificatePolicy("b64-pem").getContentType().toString())
                .isEqualTo("application/x-pem-file");
    }
}
