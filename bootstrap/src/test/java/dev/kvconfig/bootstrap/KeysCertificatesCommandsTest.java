package dev.kvconfig.bootstrap;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys list|show} and {@code certificates list|show|import} against the emulator; metadata only on screen. */
class KeysCertificatesCommandsTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("demo");

    @TempDir
    static Path dir;
    static String info;

    @BeforeAll
    static void writeInfo(KeyVaultEmulator emulator) {
        info = emulator.writeInfoFile(dir.resolve("emulator.json")).toString();
    }

    static Cli.Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--emulator-info";
        all[1] = info;
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    private static HttpClient http(KeyVaultEmulator emulator) throws Exception {
        KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
        try (InputStream in = Files.newInputStream(emulator.trustStore())) {
            store.load(in, emulator.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
        return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(spec -> spec.sslContext(ssl))).build();
    }

    /** A self-signed certificate made at test time (no fixture files) and its key pair. */
    private record SelfSigned(KeyPair keys, X509Certificate certificate) {
        static SelfSigned of(String commonName) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name name = new X500Name("CN=" + commonName);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now.minus(1, ChronoUnit.DAYS)),
                            Date.from(now.plus(90, ChronoUnit.DAYS)), name, keys.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new SelfSigned(keys, certificate);
        }

        String pem() throws Exception {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(certificate);
                writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
            }
            return out.toString();
        }

        void pkcs12(Path file, String password) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("leaf", keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
        }

        String thumbprint() throws Exception {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(certificate.getEncoded()));
        }
    }

    @Test
    void keys_listAndShow_printMetadataOnly(KeyVaultEmulator emulator) throws Exception {
        var keys = new KeyClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(http(emulator))
                .disableChallengeResourceVerification().buildClient();
        keys.createRsaKey(new CreateRsaKeyOptions("jwt-signing").setKeySize(3072));
        keys.createEcKey(new CreateEcKeyOptions("ec-signing").setCurveName(KeyCurveName.P_256));

        Cli.Result list = cli("keys", "list", "demo");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("jwt-signing  enabled").contains("ec-signing  enabled");

        Cli.Result show = cli("keys", "show", "demo", "jwt-signing", "--output", "json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        Map<String, Object> json = ApplyTest.json(show.out());
        assertThat(json).containsEntry("name", "jwt-signing").containsEntry("keyType", "RSA")
                .containsEntry("enabled", true);
        assertThat(((Number) json.get("keySize")).intValue()).isEqualTo(3072);
        assertThat(show.out()).doesNotContain("\"n\"");
        assertThat(cli("keys", "show", "demo", "ec-signing").out()).contains("curve: P-256");
    }

    @Test
    void keysCreate_rsaAndEc_createTheKeysAndPrintMetadataOnly(KeyVaultEmulator emulator) throws Exception {
        Cli.Result rsa = cli("keys", "create", "demo", "created-rsa", "--size", "3072", "--ops", "sign,verify",
                "--tag", "team=orders", "--expires", "2030-01-01T00:00:00Z", "--output", "json");
        assertThat(rsa.exitCode()).as(rsa.toString()).isZero();
        Map<String, Object> json = ApplyTest.json(rsa.out());
        assertThat(json).containsEntry("name", "created-rsa").containsEntry("keyType", "RSA")
                .containsEntry("keyOps", List.of("sign", "verify")).containsEntry("tags", Map.of("team", "orders"));
        assertThat(((Number) json.get("keySize")).intValue()).isEqualTo(3072);
        assertThat((String) json.get("expires")).startsWith("2030-01-01");
        assertThat(rsa.out()).doesNotContain("\"n\"", "\"d\"");

        Cli.Result ec = cli("keys", "create", "demo", "created-ec", "--type", "ec", "--curve", "P-384");
        assertThat(ec.exitCode()).as(ec.toString()).isZero();
        assertThat(ec.out()).contains("Created key created-ec version ").contains("curve: P-384");

        var keys = new KeyClientBuilder().vaultUrl(emulator.vaultUrl("demo").toString())
                .credential(emulator.credential()).httpClient(http(emulator))
                .disableChallengeResourceVerification().buildClient();
        assertThat(keys.getKey("created-ec").getKey().getCurveName()).isEqualTo(KeyCurveName.P_384);
        // Run again: Key Vault's CreateKey makes a new version.
        assertThat(cli("keys", "create", "demo", "created-ec", "--type", "ec").exitCode()).isZero();
        assertThat(keys.listPropertiesOfKeyVersions("created-ec").stream().count()).isEqualTo(2);
    }

    @Test
    void keysCreate_badOptions_areRefusedBeforeAnyCall(KeyVaultEmulator emulator) {
        long before = emulator.stats().total();
        Cli.Result oct = cli("keys", "create", "demo", "k1", "--type", "oct");
        assertThat(oct.exitCode()).isEqualTo(2);
        assertThat(oct.err()).contains("--type oct is not a key type").contains("use rsa or ec");
        Cli.Result size = cli("keys", "create", "demo", "k1", "--size", "1024");
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.err()).contains("use 2048, 3072 or 4096");
        assertThat(cli("keys", "create", "demo", "k1", "--curve", "P-256").err()).contains("--curve is for EC keys");
        assertThat(cli("keys", "create", "demo", "k1", "--type", "ec", "--ops", "encrypt").err())
                .contains("'encrypt' is not an operation of an EC key");
        assertThat(cli("keys", "create", "demo", "bad_name").exitCode()).isEqualTo(2);
        assertThat(emulator.stats().total()).isEqualTo(before);
    }

    @Test
    void keysShow_unknownKey_failsNamingKeyAndVault() {
        Cli.Result result = cli("keys", "show", "demo", "no-such-key");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no key named no-such-key in vault demo").contains("keys list demo");
    }

    @Test
    void certificates_importPemThenListAndShow_metadataOnly() throws Exception {
        SelfSigned cert = SelfSigned.of("web.example.com");
        Path pem = Files.writeString(dir.resolve("web.pem"), cert.pem());

        Cli.Result imported = cli("certificates", "import", "demo", "web-tls", "-f", pem.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("imported web-tls").contains("CN=web.example.com")
                .contains(cert.thumbprint());

        Cli.Result list = cli("certificates", "list", "demo");
        assertThat(list.out()).contains("web-tls  enabled").contains(cert.thumbprint());
        Cli.Result show = cli("certificates", "show", "demo", "web-tls", "--output", "json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(ApplyTest.json(show.out())).containsEntry("subject", "CN=web.example.com")
                .containsEntry("thumbprint", cert.thumbprint())
                .containsEntry("expires", cert.certificate().getNotAfter().toInstant().atOffset(java.time.ZoneOffset.UTC)
                        .toString());
        for (Cli.Result r : new Cli.Result[] {imported, list, show}) {
            assertThat(r.out() + r.err()).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN CERTIFICATE");
        }
    }

    @Test
    void certificatesImport_pkcs12WithPassword_importsAndNeverPrintsThePassword() throws Exception {
        SelfSigned cert = SelfSigned.of("pfx.example.com");
        Path pfx = dir.resolve("pfx.p12");
        cert.pkcs12(pfx, "pfx-pass-7c1e");

        Cli.Result imported = cli("certificates", "import", "demo", "pfx-tls", "-f", pfx.toString(),
                "--password=pfx-pass-7c1e", "--output", "json");

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(ApplyTest.json(imported.out())).containsEntry("thumbprint", cert.thumbprint());
        assertThat(imported.out() + imported.err()).doesNotContain("pfx-pass-7c1e");
    }

    @Test
    void certificatesImport_wrongPassword_failsSayingWhatToCheck() throws Exception {
        SelfSigned cert = SelfSigned.of("bad.example.com");
        Path pfx = dir.resolve("bad.p12");
        cert.pkcs12(pfx, "right-pass");

        Cli.Result result = cli("certificates", "import", "demo", "bad-tls", "-f", pfx.toString(), "--password=wrong");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("refused the certificate").contains("--password")
                .doesNotContain("wrong-pass");
    }
}
