package dev.kvconfig.emulator.certificates;

import dev.kvconfig.emulator.server.ServiceError;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate chain with its private key, read from an import request's PEM text or base64 PKCS#12, and written
 * back out as the backing secret's value. Holds key material: no {@code toString()} of it.
 *
 * @param keyPair the leaf certificate's key pair
 * @param chain leaf first, then the rest in the order given
 */
record CertificateContent(KeyPair keyPair, List<X509Certificate> chain) {
    static final String PKCS12 = "application/x-pkcs12";
    static final String PEM = "application/x-pem-file";
    /** BouncyCastle's provider, used directly (never registered JVM-wide) for the PKCS#12 ciphers the JDK lacks. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    CertificateContent {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    static boolean looksLikePem(String value) {
        return value.stripLeading().startsWith("-----BEGIN");
    }

    /** Reads PEM text: certificates plus one private key (PKCS#8, PKCS#1/SEC1, or encrypted with {@code password}). */
    static CertificateContent fromPem(String text, String password) {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey privateKey = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(certs.getCertificate(holder));
                } else if (item instanceof PEMKeyPair pair) {
                    privateKey = keys.getKeyPair(pair).getPrivate();
                } else if (item instanceof PrivateKeyInfo info) {
                    privateKey = keys.getPrivateKey(info);
                } else if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    char[] pwd = requirePassword(password);
                    privateKey = keys.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().build(pwd)));
                } else if (item instanceof PEMEncryptedKeyPair encrypted) {
                    char[] pwd = requirePassword(password);
                    privateKey = keys.getKeyPair(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().build(pwd))).getPrivate();
                }
            }
        } catch (ServiceError e) {
            throw e;
        } catch (Exception e) {
            throw ServiceError.badParameter("The specified PEM X.509 certificate content is in an unexpected"
                    + " format or its key cannot be decrypted (wrong 'pwd'?). Please check that it is valid PEM.");
        }
        if (certificates.isEmpty()) {
            throw ServiceError.badParameter("The specified PEM content has no X.509 certificate"
                    + " ('-----BEGIN CERTIFICATE-----').");
        }
        if (privateKey == null) {
            throw ServiceError.badParameter("Private key is not specified in the specified X.509 PEM certificate"
                    + " content. Please specify private key in the X.509 PEM certificate content.");
        }
        return withLeafFirst(privateKey, certificates);
    }

    private static char[] requirePassword(String password) {
        if (password == null) {
            throw ServiceError.badParameter("The PEM private key is encrypted: pass its password as 'pwd'.");
        }
        return password.toCharArray();
    }

    /**
     * The PEM text of an import value sent base64-encoded with content type PEM (what the Python SDK's import sample
     * sends), or null when the value is not base64 of PEM text.
     */
    static String decodedPem(String value) {
        try {
            String text = new String(Base64.getMimeDecoder().decode(value.strip()), StandardCharsets.UTF_8);
            return looksLikePem(text) ? text : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Reads a base64 PKCS#12 (PFX); {@code password} may be {@code null} for none. Parsed with BouncyCastle's PKCS#12
     * reader rather than the JDK's {@code KeyStore}, which skips unencrypted key bags (what Python's
     * {@code cryptography} and password-less OpenSSL exports write): every bag layout Key Vault accepts is read,
     * keys in shrouded or plain key bags, certificates in encrypted or plain safe contents.
     */
    static CertificateContent fromPkcs12(String base64, String password) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ServiceError.badParameter("The certificate value is neither PEM text nor base64 PKCS#12.");
        }
        char[] pwd = password == null ? new char[0] : password.toCharArray();
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey privateKey = null;
        try {
            PKCS12PfxPdu pfx = new PKCS12PfxPdu(bytes);
            if (pfx.hasMac() && !pfx.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(
                    BcDefaultDigestProvider.INSTANCE), pwd)) {
                throw ServiceError.badParameter("The specified PKCS#12 X.509 certificate content can not be read:"
                        + " its integrity check fails, so 'pwd' is not its password.");
            }
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter(); // JDK keys: BC names EC keys "ECDSA"
            JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
            for (ContentInfo info : pfx.getContentInfos()) {
                PKCS12SafeBagFactory bags = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                        ? new PKCS12SafeBagFactory(info, new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC)
                                .build(pwd))
                        : new PKCS12SafeBagFactory(info);
                for (PKCS12SafeBag bag : bags.getSafeBags()) {
                    Object value = bag.getBagValue();
                    if (value instanceof X509CertificateHolder holder) {
                        certificates.add(certs.getCertificate(holder));
                    } else if (value instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                        privateKey = keys.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                                new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(pwd)));
                    } else if (value instanceof PrivateKeyInfo plain) {
                        privateKey = keys.getPrivateKey(plain);
                    }
                }
            }
        } catch (ServiceError e) {
            throw e;
        } catch (Exception e) {
            throw ServiceError.badParameter("The specified PKCS#12 X.509 certificate content can not be read:"
                    + " check that it is valid base64 PKCS#12 and that 'pwd' is its password.");
        }
        if (privateKey == null || certificates.isEmpty()) {
            throw ServiceError.badParameter("The specified PKCS#12 content has no private key with a certificate.");
        }
        return withLeafFirst(privateKey, certificates);
    }

    private static CertificateContent withLeafFirst(PrivateKey privateKey, List<X509Certificate> certificates) {
        for (X509Certificate certificate : certificates) {
            if (matches(privateKey, certificate)) {
                List<X509Certificate> ordered = new ArrayList<>();
                ordered.add(certificate);
                certificates.stream().filter(c -> c != certificate).forEach(ordered::add);
                return new CertificateContent(new KeyPair(certificate.getPublicKey(), privateKey), ordered);
            }
        }
        throw ServiceError.badParameter("The private key does not belong to any certificate in the content.");
    }

    /** Whether {@code privateKey} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey privateKey, X509Certificate certificate) {
        String algorithm = privateKey.getAlgorithm();
        if (!algorithm.equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        String signatureAlgorithm = "RSA".equals(algorithm) ? "SHA256withRSA" : "EC".equals(algorithm)
                ? "SHA256withECDSA" : null;
        if (signatureAlgorithm == null) {
            return false;
        }
        try {
            byte[] probe = "kvconfig-emulator-key-match".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The backing secret's value for {@code contentType}: base64 PKCS#12 without password, or PEM text. As Key Vault
     * does, a certificate whose policy makes the key non-exportable gets a value without the private key (the chain
     * only).
     */
    String secretValue(String contentType, String alias, boolean exportable) {
        try {
            if (PEM.equals(contentType)) {
                StringWriter out = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                    if (exportable) {
                        writer.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
                    }
                    for (X509Certificate certificate : chain) {
                        writer.writeObject(certificate);
                    }
                }
                return out.toString();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            if (exportable) {
                store.setKeyEntry(alias, keyPair.getPrivate(), new char[0], chain.toArray(new Certificate[0]));
            } else {
                for (int i = 0; i < chain.size(); i++) {
                    store.setCertificateEntry(i == 0 ? alias : alias + "-" + i, chain.get(i));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, new char[0]);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the backing secret of certificate " + alias, e);
        }
    }

    @Override
    public String toString() {
        return "CertificateContent[subject=" + leaf().getSubjectX500Principal().getName() + "]";
    }
}
