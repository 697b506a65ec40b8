package dev.kvconfig.spring;

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
 * A test CA (self-signed RSA) issuing leaves for {@code localhost}/{@code 127.0.0.1}, and their import into the
 * emulator through the official SDK's {@link CertificateClient} (PEM: leaf, CA, PKCS#8 key), as a user renews a
 * certificate in Key Vault.
 */
final class TestCa {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    final KeyPair keys;
    final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A certificate and its key, as imported. */
    record Issued(KeyPair keys, X509Certificate leaf, X509Certificate ca) {
        /** PEM: leaf, CA, then the PKCS#8 private key (none when {@code withKey} is false). */
        String pem(boolean withKey) {
            try {
                StringWriter out = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                    writer.writeObject(leaf);
                    if (ca != leaf) {
                        writer.writeObject(ca);
                    }
                    if (withKey) {
                        writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
                    }
                }
                return out.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String serial() {
            return TestCa.serial(leaf);
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

    /** A leaf with a new key and serial, valid from two days ago for {@code validity} (negative: already expired). */
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

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The SDK's certificate client on one emulator vault, trusting the emulator's TLS certificate. */
    static CertificateClient certificates(KeyVaultEmulator emulator, String vault) {
        return new CertificateClientBuilder().vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(emulator.credential()).disableChallengeResourceVerification().httpClient(http(emulator))
                .buildClient();
    }

    /** Imports {@code pem} as a new version of certificate {@code name}. */
    static void importPem(CertificateClient certificates, String name, X509Certificate leaf, String pem) {
        certificates.importCertificate(new ImportCertificateOptions(name, pem.getBytes(StandardCharsets.US_ASCII))
                .setPolicy(new CertificatePolicy("Unknown", leaf.getSubjectX500Principal().getName())
                        .setContentType(CertificateContentType.PEM)));
    }

    static void importPem(CertificateClient certificates, String name, Issued issued) {
        importPem(certificates, name, issued.leaf(), issued.pem(true));
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
