package dev.kvconfig.source;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A certificate's parts as text. {@link Bundle}: what the certificate bundle carries (the leaf's DER and ids), public.
 * {@link Backing}: what only the backing secret holds (the chain and the private key); its {@code toString()} shows
 * neither. Pure functions over SDK values.
 */
final class CertificateParts {

    private CertificateParts() {
    }

    /**
     * The certificate bundle of one version.
     *
     * @param leaf the certificate, or null while it has no issued content ({@code cer} absent, e.g. pending)
     * @param secretName the backing secret's name, or null if the bundle names none
     * @param secretVersion the backing secret's version, or null for the latest
     */
    record Bundle(String name, String version, X509Certificate leaf, String secretName, String secretVersion) {

        String pem() {
            return CertificateParts.pem(leaf);
        }

        String subject() {
            return leaf.getSubjectX500Principal().getName();
        }

        String issuer() {
            return leaf.getIssuerX500Principal().getName();
        }

        /** SHA-1 of the DER, upper-case hex: what Key Vault's {@code x5t} and the Azure portal show. */
        String thumbprint() {
            return digest("SHA-1");
        }

        String thumbprintSha256() {
            return digest("SHA-256");
        }

        String notBefore() {
            return leaf.getNotBefore().toInstant().toString();
        }

        String expiresOn() {
            return leaf.getNotAfter().toInstant().toString();
        }

        String serialNumber() {
            return leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        }

        private String digest(String algorithm) {
            try {
                return HexFormat.of().withUpperCase()
                        .formatHex(MessageDigest.getInstance(algorithm).digest(leaf.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " is not available", e);
            }
        }

        @Override
        public String toString() {
            return "Bundle[certificate=" + name + ", version=" + version + "]";
        }
    }

    /** Reads a bundle: the leaf from {@code cer}, the backing secret's name and version from its id. */
    static Bundle bundle(String name, String version, byte[] cer, String secretId, String what) {
        X509Certificate leaf = null;
        if (cer != null && cer.length > 0) {
            try {
                leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(cer));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(what + ": the vault returned certificate content that is not X.509 ("
                        + e.getMessage() + ")", e);
            }
        }
        String secretName = null;
        String secretVersion = null;
        if (secretId != null) {
            // https://<vault>/secrets/<name>[/<version>]
            String[] segments = URI.create(secretId).getPath().split("/");
            if (segments.length >= 3 && segments[1].equals("secrets")) {
                secretName = segments[2];
                secretVersion = segments.length >= 4 && !segments[3].isEmpty() ? segments[3] : null;
            }
        }
        return new Bundle(name, version, leaf, secretName, secretVersion);
    }

    /**
     * What the backing secret holds.
     *
     * @param chain PEM of each certificate, leaf first
     * @param privateKey PEM of the private key, or null when the secret carries none (a non-exportable key)
     */
    record Backing(List<String> chain, String privateKey) {
        Backing {
            chain = List.copyOf(chain);
        }

        @Override
        public String toString() {
            return "Backing[certificates=" + chain.size() + ", privateKey=" + (privateKey == null ? "absent" : "***")
                    + "]";
        }
    }

    /**
     * Reads a backing secret: PEM text (certificates and one private key) or base64 PKCS#12 without a password, as Key
     * Vault stores them. Certificates in stored order.
     *
     * @throws IllegalArgumentException naming {@code what} when the content is neither; never quoting it
     */
    static Backing backing(String value, String contentType, String what) {
        String v = value == null ? "" : value.strip();
        if (v.startsWith("-----BEGIN")) {
            List<String> certificates = new ArrayList<>();
            String key = null;
            for (Pem.Block block : Pem.blocks(v)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add(block.text());
                } else if (block.isPrivateKey() && key == null) {
                    key = block.text();
                }
            }
            return new Backing(certificates, key);
        }
        byte[] pfx;
        try {
            pfx = Base64.getMimeDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " holds neither PEM nor base64 PKCS#12 (content type "
                    + contentType + ")");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pfx), new char[0]);
            List<String> certificates = new ArrayList<>();
            String key = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && key == null) {
                    Key k = store.getKey(alias, new char[0]);
                    if (k instanceof PrivateKey) {
                        key = Pem.encode("PRIVATE KEY", k.getEncoded());
                    }
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (chain != null) {
                        certificates.clear();
                        for (Certificate c : chain) {
                            certificates.add(pem((X509Certificate) c));
                        }
                    }
                } else if (store.isCertificateEntry(alias) && key == null) {
                    certificates.add(pem((X509Certificate) store.getCertificate(alias)));
                }
            }
            return new Backing(certificates, key);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException(what + " cannot be read as PKCS#12 without a password (content type "
                    + contentType + ", " + e.getClass().getSimpleName() + ")");
        }
    }

    /** The certificates with the one equal to {@code leaf} moved to the front, the others in their order. */
    static List<String> leafFirst(List<String> certificates, X509Certificate leaf) {
        if (leaf == null) {
            return certificates;
        }
        String leafPem = pem(leaf);
        List<String> ordered = new ArrayList<>();
        for (String c : certificates) {
            if (sameCertificate(c, leafPem)) {
                ordered.add(0, c);
            } else {
                ordered.add(c);
            }
        }
        return ordered;
    }

    private static boolean sameCertificate(String pemA, String pemB) {
        return pemA.replaceAll("\\s", "").equals(pemB.replaceAll("\\s", ""));
    }

    static String pem(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }
}
