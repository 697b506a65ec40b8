package dev.kvconfig.emulator.certificates;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Test certificates made with BouncyCastle at test time (no fixture files): a CA and a leaf signed by it. */
public record TestCertificates(KeyPair leafKeys, X509Certificate leaf, X509Certificate ca) {

    public static TestCertificates rsa(String commonName) {
        return create(commonName, generate("RSA"));
    }

    public static TestCertificates ec(String commonName) {
        return create(commonName, generate("EC"));
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates create(String commonName, KeyPair leafKeys) {
        try {
            KeyPair caKeys = generate("RSA");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X500Name caName = new X500Name("CN=kvconfig test CA");
            X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    caName, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    caName, BigInteger.TWO, Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)), new X500Name("CN=" + commonName),
                    leafKeys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            return new TestCertificates(leafKeys, leaf, ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text: the leaf, the CA, then the PKCS#8 private key (order deliberately not leaf-key-first). */
    public String pem() {
        return pem(leafKeys.getPrivate(), leaf, ca);
    }

    static String pem(PrivateKey key, X509Certificate... certificates) {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                for (X509Certificate certificate : certificates) {
                    writer.writeObject(certificate);
                }
                if (key != null) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                }
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] pkcs12(String password) {
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
