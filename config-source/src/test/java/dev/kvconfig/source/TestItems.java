package dev.kvconfig.source;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import dev.kvconfig.emulator.KeyVaultEmulator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test support for keys and certificates: SDK clients on an emulator vault, certificates made at test time with
 * BouncyCastle (a CA and a leaf it signed, validity chosen per test; no fixture files), JWTs signed in the vault, PEM
 * parsing and log capture.
 */
final class TestItems {

    private TestItems() {
    }

    static HttpClient http(KeyVaultEmulator emulator) {
        try {
            KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
            try (InputStream in = Files.newInputStream(emulator.trustStore())) {
                store.load(in, emulator.trustStorePassword().toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
            return new NettyAsyncHttpClientBuilder(
                    reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyClient keys(KeyVaultEmulator emulator, String vault) {
        return new KeyClientBuilder().vaultUrl(emulator.vaultUrl(vault).toString()).credential(emulator.credential())
                .disableChallengeResourceVerification().httpClient(http(emulator)).buildClient();
    }

    static CryptographyClient crypto(KeyVaultEmulator emulator, String keyId) {
        return new CryptographyClientBuilder().keyIdentifier(keyId).credential(emulator.credential())
                .disableChallengeResourceVerification().httpClient(http(emulator)).buildClient();
    }

    static CertificateClient certificates(KeyVaultEmulator emulator, String vault) {
        return new CertificateClientBuilder().vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(emulator.credential()).disableChallengeResourceVerification().httpClient(http(emulator))
                .buildClient();
    }

    /**
     * A compact JWS signed in the vault: SHA-256 of {@code header.payload} signed by {@link CryptographyClient}. For
     * ES256 the vault returns R||S, which is exactly JWS's format.
     */
    static String jwt(CryptographyClient crypto, SignatureAlgorithm algorithm, String kid) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString("{\"sub\":\"kvconfig\",\"iss\":\"https://issuer.example\"}"
                .getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + payload;
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(signingInput.getBytes(StandardCharsets.US_ASCII));
        byte[] signature = crypto.sign(algorithm, digest).getSignature();
        return signingInput + "." + b64.encodeToString(signature);
    }

    /** The DER inside the first PEM block with this label. */
    static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + label + "-----", start);
        if (start < 0 || end < 0) {
            throw new AssertionError("no " + label + " block in the PEM text");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }

    static PublicKey publicKey(String pem, String algorithm) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    }

    /** A CA and a leaf for {@code commonName} that it signed; the leaf is valid from a day ago for {@code validity}. */
    record TestCertificate(KeyPair leafKeys, X509Certificate leaf, X509Certificate ca) {

        static TestCertificate issue(String commonName, String keyAlgorithm, Duration validity) {
            try {
                KeyPair caKeys = generate("RSA");
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                X500Name caName = new X500Name("CN=kvconfig test CA");
                X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                        caName, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)),
                        Date.from(now.plus(400, ChronoUnit.DAYS)), caName, caKeys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
                KeyPair leafKeys = generate(keyAlgorithm);
                X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                        caName, BigInteger.valueOf(now.getEpochSecond()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                        Date.from(now.plus(validity)), new X500Name("CN=" + commonName + ",O=kvconfig"),
                        leafKeys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
                return new TestCertificate(leafKeys, leaf, ca);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static KeyPair generate(String algorithm) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        }

        /** PEM: leaf, CA, then the PKCS#8 private key. */
        String pem() {
            try {
                StringWriter out = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                    writer.writeObject(leaf);
                    writer.writeObject(ca);
                    writer.writeObject(new JcaPKCS8Generator(leafKeys.getPrivate(), null));
                }
                return out.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] pkcs12(String password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("leaf", leafKeys.getPrivate(), password.toCharArray(), new Certificate[] {leaf, ca});
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                store.store(out, password.toCharArray());
                return out.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Collects what {@code dev.kvconfig.source} logs (System.Logger goes to JUL here) until closed. */
    static final class LogCapture implements AutoCloseable {
        private final List<LogRecord> records = new ArrayList<>();
        private final Logger logger = Logger.getLogger("dev.kvconfig.source");
        private final Level before = logger.getLevel();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        LogCapture() {
            handler.setLevel(Level.ALL);
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);
        }

        /** Formatted WARNING messages so far. */
        List<String> warnings() {
            return messages(Level.WARNING);
        }

        /** Formatted INFO messages so far. */
        List<String> infos() {
            return messages(Level.INFO);
        }

        private List<String> messages(Level level) {
            java.util.logging.SimpleFormatter f = new java.util.logging.SimpleFormatter();
            synchronized (records) {
                return records.stream().filter(r -> r.getLevel() == level).map(f::formatMessage).toList();
            }
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
    }
}
