package dev.kvconfig.emulator;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A fresh self-signed server certificate (EC P-256, made with BouncyCastle) for localhost, 127.0.0.1,
 * *.vault.azure.net and extra names, the server's SSLContext, and the PKCS#12 trust store file clients use.
 */
final class TlsMaterial {
    static final String TRUST_STORE_TYPE = "PKCS12";
    private static final String ALIAS = "kvconfig-emulator";
    private static final ASN1ObjectIdentifier JDK_TRUSTED_KEY_USAGE = new ASN1ObjectIdentifier("2.16.840.1.113894.746875.1.1");

    private final X509Certificate certificate;
    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private final Path trustStore;
    private final String trustStorePassword;

    private TlsMaterial(X509Certificate certificate, SSLContext serverContext, SSLContext clientContext, Path trustStore,
                        String trustStorePassword) {
        this.certificate = certificate;
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
    }

    static TlsMaterial create(List<String> extraHostNames) throws GeneralSecurityException, IOException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keyPair = kpg.generateKeyPair();

        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.dNSName, "*.vault.azure.net"));
        for (String host : extraHostNames) {
            names.add(new GeneralName(GeneralName.dNSName, host));
        }
        X500Name subject = new X500Name("CN=localhost, O=kvconfig emulator");
        Instant now = Instant.now();
        X509Certificate cert;
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, random).abs().add(BigInteger.ONE), Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(30, ChronoUnit.DAYS)), subject, keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException("could not create the emulator's TLS certificate", e);
        }

        char[] keyPassword = password(random).toCharArray();
        KeyStore keyStore = KeyStore.getInstance(TRUST_STORE_TYPE);
        keyStore.load(null, null);
        keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), keyPassword, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, keyPassword);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, random);

        KeyStore trust = KeyStore.getInstance(TRUST_STORE_TYPE);
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), random);

        String trustPassword = password(random);
        Path file = Files.createTempFile("kvconfig-emulator-trust-", ".p12");
        Files.write(file, unprotectedTrustStore(cert));
        return new TlsMaterial(cert, server, client, file.toAbsolutePath(), trustPassword);
    }

    /**
     * A PKCS#12 trust store holding only the certificate, neither encrypted nor MAC-protected, which the JDK reads with
     * any password (so the info file's password stays valid). The JDK's own {@code KeyStore.store} protects it with
     * 10,000-iteration PBKDF2 twice; every client that loads the store paid for that in a fresh JVM, about 100 ms on its
     * main thread and a few hundred ms of JIT compilation (issue 13's first-start breakdown), to protect a public
     * certificate in a file only its owner can read or write.
     */
    private static byte[] unprotectedTrustStore(X509Certificate cert) throws IOException, GeneralSecurityException {
        PKCS12SafeBagBuilder bag = new PKCS12SafeBagBuilder(new JcaX509CertificateHolder(cert));
        bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(ALIAS));
        // What makes the JDK load a certificate without a key as a trusted certificate entry (its trustedKeyUsage).
        bag.addBagAttribute(JDK_TRUSTED_KEY_USAGE, KeyPurposeId.anyExtendedKeyUsage.toOID());
        PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
        try {
            pfx.addData(bag.build());
            return pfx.build(null, null).getEncoded(ASN1Encoding.DER);
        } catch (PKCSException e) {
            throw new GeneralSecurityException("could not write the emulator's trust store", e);
        }
    }

    private static String password(SecureRandom random) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    X509Certificate certificate() {
        return certificate;
    }

    SSLContext serverContext() {
        return serverContext;
    }

    SSLContext clientContext() {
        return clientContext;
    }

    Path trustStore() {
        return trustStore;
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    void deleteTrustStore() {
        try {
            Files.deleteIfExists(trustStore);
        } catch (IOException e) {
            // best effort: the file is in the temp directory
        }
    }
}
