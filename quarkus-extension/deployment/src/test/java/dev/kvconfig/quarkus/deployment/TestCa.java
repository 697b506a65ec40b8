package dev.kvconfig.quarkus.deployment;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.certificates.CertificateClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.certificates.models.CertificateContentType;
import com.azure.security.keyvault.certificates.models.CertificatePolicy;
import com.azure.security.keyvault.certificates.models.ImportCertificateOptions;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
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
import reactor.core.publisher.Mono;

/**
 * A test CA issuing server certificates for {@code localhost} and {@code 127.0.0.1}, and their import as a new version
 * of a vault certificate through the official SDK, as an operator renews one. The CA is kept in a PKCS#12 file because
 * Quarkus loads the test class twice: the copy that starts the emulator and the copy that runs the tests share files
 * and system properties only.
 */
final class TestCa {

    private static final String PASSWORD = "test-ca";
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    final PrivateKey key;
    final X509Certificate certificate;

    private TestCa(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
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
            return new TestCa(keys.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Path save() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("ca", key, PASSWORD.toCharArray(), new Certificate[] {certificate});
            Path file = Files.createTempFile("kvconfig-test-ca", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TestCa load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return new TestCa((PrivateKey) store.getKey("ca", PASSWORD.toCharArray()),
                    (X509Certificate) store.getCertificate("ca"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A leaf for localhost with a new key and a new serial, valid from a day ago for {@code validity}. */
    Issued issue(String keyAlgorithm, Duration validity) {
        try {
            KeyPair keys = generate(keyAlgorithm);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(validity)), new X500Name("CN=localhost,O=kvconfig"), keys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
            return new Issued(keys.getPrivate(), leaf, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** This CA as an importable certificate: a trust anchor to import (Key Vault's import wants the key too). */
    Issued self() {
        return new Issued(key, certificate, certificate);
    }

    /** A trust manager factory trusting this CA only. */
    TrustManagerFactory trust() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
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

    /** An issued leaf with its key and chain. */
    record Issued(PrivateKey key, X509Certificate leaf, X509Certificate ca) {

        String serial() {
            return TestCa.serial(leaf);
        }

        /** Writes this as a new version of {@code name} (PEM: leaf, CA, PKCS#8 key), as Key Vault's import does. */
        void importAs(CertificateClient client, String name) {
            try {
                StringWriter out = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                    writer.writeObject(leaf);
                    if (!ca.equals(leaf)) {
                        writer.writeObject(ca);
                    }
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                }
                client.importCertificate(new ImportCertificateOptions(name, out.toString()
                        .getBytes(StandardCharsets.US_ASCII)).setPolicy(new CertificatePolicy("Unknown",
                                leaf.getSubjectX500Principal().getName()).setContentType(CertificateContentType.PEM)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The SDK's certificate client on a vault, trusting the emulator's certificate. */
    static CertificateClient certificates(String vaultUrl, Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            io.netty.handler.ssl.SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
            HttpClient http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                    .secure(spec -> spec.sslContext(ssl))).build();
            return new CertificateClientBuilder().vaultUrl(vaultUrl)
                    .credential(request -> Mono.just(new AccessToken("test-operator",
                            OffsetDateTime.now().plusHours(1))))
                    .httpClient(http).disableChallengeResourceVerification().buildClient();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the trust store " + trustStore, e);
        }
    }
}
