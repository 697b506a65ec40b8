package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import com.azure.security.keyvault.certificates.models.KeyVaultCertificateWithPolicy;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ${keyvault-cert::…}}: certificate PEM, chain, metadata and private key through SmallRyeConfig. */
class CertificateReferenceTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo");

    private static CertificateClient certificates;

    @BeforeAll
    static void clients() {
        certificates = TestItems.certificates(EMULATOR.get(), "demo");
    }

    private static KeyVaultCertificateWithPolicy importPem(String name, TestItems.TestCertificate cert) {
        return certificates.importCertificate(new ImportCertificateOptions(name,
                cert.pem().getBytes(StandardCharsets.US_ASCII)).setPolicy(
                        new CertificatePolicy("Unknown", cert.leaf().getSubjectX500Principal().getName())
                                .setContentType(CertificateContentType.PEM)));
    }

    private static String read(Map<String, String> settings, String property) {
        SmallRyeConfig config = TestVaults.config(settings);
        try {
            return config.getValue(property, String.class);
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void certificate_importedPem_pemAndMetadataMatchWhatWasImported() throws Exception {
        TestItems.TestCertificate cert = TestItems.TestCertificate.issue("web.example.com", "RSA", Duration.ofDays(90));
        KeyVaultCertificateWithPolicy imported = importPem("web-tls", cert);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("tls.cert", "${keyvault-cert::web-tls}");
        s.put("tls.subject", "${keyvault-cert::web-tls#subject}");
        s.put("tls.issuer", "${keyvault-cert::web-tls#issuer}");
        s.put("tls.thumbprint", "${keyvault-cert::web-tls#thumbprint}");
        s.put("tls.not-before", "${keyvault-cert::web-tls#not-before}");
        s.put("tls.expires-on", "${keyvault-cert::web-tls#expires-on}");
        s.put("tls.serial", "${keyvault-cert::web-tls#serial-number}");
        s.put("tls.version", "${keyvault-cert::web-tls#version}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            EMULATOR.get().resetStats();
            String pem = config.getValue("tls.cert", String.class);

            assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n");
            assertThat(TestItems.der(pem, "CERTIFICATE")).isEqualTo(cert.leaf().getEncoded());
            assertThat(config.getValue("tls.subject", String.class))
                    .isEqualTo(cert.leaf().getSubjectX500Principal().getName()).contains("CN=web.example.com");
            assertThat(config.getValue("tls.issuer", String.class)).isEqualTo("CN=kvconfig test CA");
            assertThat(config.getValue("tls.thumbprint", String.class))
                    .isEqualTo(HexFormat.of().withUpperCase().formatHex(imported.getProperties().getX509Thumbprint()));
            assertThat(config.getValue("tls.not-before", String.class))
                    .isEqualTo(cert.leaf().getNotBefore().toInstant().toString())
                    .isEqualTo(imported.getProperties().getNotBefore().toInstant().toString());
            assertThat(config.getValue("tls.expires-on", String.class))
                    .isEqualTo(cert.leaf().getNotAfter().toInstant().toString())
                    .isEqualTo(imported.getProperties().getExpiresOn().toInstant().toString());
            assertThat(config.getValue("tls.serial", String.class))
                    .isEqualToIgnoringCase(cert.leaf().getSerialNumber().toString(16));
            assertThat(config.getValue("tls.version", String.class)).isEqualTo(imported.getProperties().getVersion());
            // The certificate and its metadata come from the bundle alone: the backing secret (private key) is not read.
            assertThat(TestVaults.count(EMULATOR.get(), "demo", "GetSecret")).isZero();
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void source_certificateBackingSecret_isNotServedAsProperty() {
        importPem("listed-cert", TestItems.TestCertificate.issue("listed.example.com", "RSA", Duration.ofDays(90)));
        EMULATOR.get().setSecret("demo", "plain-secret", "plain-value");
        SmallRyeConfig config = TestVaults.config(new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo")));
        try {
            // The managed secret behind a certificate holds its private key: only #private-key serves it.
            assertThat(config.getOptionalValue("listed.cert", String.class)).isEmpty();
            assertThat(TestVaults.source(config).getPropertyNames()).contains("plain.secret")
                    .doesNotContain("listed.cert");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void certificateChain_twoCertificatesInOneConfig_eachIsItsLeafThenCa() throws Exception {
        TestItems.TestCertificate first = TestItems.TestCertificate.issue("one.example.com", "EC", Duration.ofDays(90));
        TestItems.TestCertificate second = TestItems.TestCertificate.issue("two.example.com", "EC", Duration.ofDays(90));
        importPem("chained-one", first);
        importPem("chained-two", second);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("tls.one", "${keyvault-cert::chained-one#chain}");
        s.put("tls.two", "${keyvault-cert::chained-two#chain}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            for (Map.Entry<String, TestItems.TestCertificate> e : Map.of("tls.one", first, "tls.two", second)
                    .entrySet()) {
                String chain = config.getValue(e.getKey(), String.class);
                assertThat(Pem.blocks(chain)).extracting(Pem.Block::label).containsExactly("CERTIFICATE", "CERTIFICATE");
                assertThat(TestItems.der(Pem.blocks(chain).get(0).text(), "CERTIFICATE"))
                        .isEqualTo(e.getValue().leaf().getEncoded());
                assertThat(TestItems.der(Pem.blocks(chain).get(1).text(), "CERTIFICATE"))
                        .isEqualTo(e.getValue().ca().getEncoded());
                assertThat(chain).doesNotContain("PRIVATE KEY");
            }
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void certificatePrivateKey_importedPkcs12_signsWhatTheCertificateVerifies() throws Exception {
        TestItems.TestCertificate cert = TestItems.TestCertificate.issue("pfx.example.com", "RSA", Duration.ofDays(90));
        certificates.importCertificate(new ImportCertificateOptions("pfx-tls", cert.pkcs12("s3cret"))
                .setPassword("s3cret"));
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("tls.key", "${keyvault-cert::pfx-tls#private-key}");

        String pem = read(s, "tls.key");

        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(TestItems.der(pem, "PRIVATE KEY")));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update("hello".getBytes(StandardCharsets.UTF_8));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(cert.leaf());
        verifier.update("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void certificatePrivateKey_backingSecretDisabled_namesCertificateAndReason() {
        importPem("no-key-access", TestItems.TestCertificate.issue("nka.example.com", "RSA", Duration.ofDays(90)));
        EMULATOR.get().setSecretEnabled("demo", "no-key-access", false);
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("tls.key", "${keyvault-cert::no-key-access#private-key}");
        s.put("tls.cert", "${keyvault-cert::no-key-access}");
        SmallRyeConfig config = TestVaults.config(s);
        try {
            assertThat(config.getValue("tls.cert", String.class)).startsWith("-----BEGIN CERTIFICATE-----");
            assertThatThrownBy(() -> config.getValue("tls.key", String.class))
                    .hasMessageContaining("${keyvault-cert::no-key-access#private-key}")
                    .hasMessageContaining("the backing secret of certificate 'no-key-access' is disabled")
                    .hasMessageNotContaining("PRIVATE KEY");
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
    }

    @Test
    void certificateReference_unknownPart_namesTheReferenceAndTheParts() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("tls.x", "${keyvault-cert::web-tls#fingerprint}");

        assertThatThrownBy(() -> read(s, "tls.x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown part '#fingerprint'")
                .hasMessageContaining("#thumbprint");
    }

    @Test
    void certificateReference_missingCertificate_namesItAndTheVault() {
        Map<String, String> s = new HashMap<>(TestVaults.settings(EMULATOR.get(), "demo"));
        s.put("tls.cert", "${keyvault-cert::absent-cert#expires-on}");

        assertThatThrownBy(() -> read(s, "tls.cert"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate 'absent-cert' does not exist in vault default");
    }
}
