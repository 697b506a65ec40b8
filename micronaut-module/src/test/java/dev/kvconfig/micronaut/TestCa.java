package dev.kvconfig.micronaut;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import dev.kvconfig.emulator.KeyVaultEmulator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA made at test time with BouncyCastle (no fixture files), the certificates it issues (SANs {@code localhost}
 * and {@code 127.0.0.1}), and their import into an emulator vault with the official SDK, as PEM.
 */
final class TestCa {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    final KeyPair keys;
    final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A certificate with its key and its issuer; PEM as Key Vault imports it. */
    record Issued(KeyPair keys, X509Certificate leaf, X509Certificate issuer) {

        String serial() {
            return TestCa.serial(leaf);
        }

        /** Leaf, issuer, then the PKCS#8 private key. */
        String pem() {
            try {
                StringWriter out = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                    writer.writeObject(leaf);
                    if (!issuer.equals(leaf)) {
                        writer.writeObject(issuer);
                    }
                    writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
                }
                return out.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static TestCa create(String name) {
        try {
            KeyPair keys = generate("RSA");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name subject = new X500Name("CN=" + name);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIALS.incrementAndGet()),
                            Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(400, ChronoUnit.DAYS)),
                            subject, keys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TestCa(keys, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** This CA as an importable certificate: a trust anchor. */
    Issued self() {
        return new Issued(keys, certificate, certificate);
    }

    /** A leaf valid from two days ago for {@code validity} (negative: already expired), with a new key and serial. */
    Issued issue(String commonName, String keyAlgorithm, Duration validity) {
        try {
            KeyPair leafKeys = generate(keyAlgorithm);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    new X500Name(certificate.getSubjectX500Principal().getName()),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(2, ChronoUnit.DAYS)),
                    Date.from(now.plus(validity)), new X500Name("CN=" + commonName + ",O=kvconfig"),
                    leafKeys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new Issued(leafKeys, leaf, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's trust manager over this CA alone. */
    TrustManager trustManager() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory.getTrustManagers()[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The SDK's certificate client on an emulator vault, trusting the emulator's certificate. */
    static CertificateClient certificates(KeyVaultEmulator emulator, String vault) {
        return new CertificateClientBuilder().vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(emulator.credential()).disableChallengeResourceVerification().httpClient(http(emulator))
                .buildClient();
    }

    /** Imports {@code cert} as a new version of vault certificate {@code name}, its key exportable or not. */
    static void importPem(CertificateClient certificates, String name, Issued cert, boolean exportable) {
        certificates.importCertificate(new ImportCertificateOptions(name, cert.pem().getBytes(StandardCharsets.US_ASCII))
                .setPolicy(new CertificatePolicy("Unknown", cert.leaf().getSubjectX500Principal().getName())
                        .setContentType(CertificateContentType.PEM).setExportable(exportable)));
    }

    private static HttpClient http(KeyVaultEmulator emulator) {
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

    private static KeyPair generate(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
