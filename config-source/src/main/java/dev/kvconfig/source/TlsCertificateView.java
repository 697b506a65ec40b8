package dev.kvconfig.source;

import com.azure.security.keyvault.certificates.models.KeyVaultCertificate;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live key material of one vault certificate: the private key and chain from its backing secret, validated, held in
 * memory. {@link #current()} and {@link #byAlias(String)} read one volatile reference (no I/O, handshake threads);
 * {@link #refresh(Instant)} runs on the loading thread only. A new version that fails {@link #validate} is refused
 * and the last good material keeps serving; the version served before the current one stays readable by its alias so a
 * handshake that chose it just before a switch completes with a consistent key and chain.
 */
final class TlsCertificateView {

    /** Validated material of one certificate version; {@code toString()} shows no key. */
    static final class Material {
        final String name;
        final String version;
        final PrivateKey key;
        private final X509Certificate[] chain;

        Material(String name, String version, PrivateKey key, List<X509Certificate> chain) {
            this.name = name;
            this.version = version;
            this.key = key;
            this.chain = chain.toArray(new X509Certificate[0]);
        }

        /** The key manager's alias: name and version, so a chosen alias always names one key and its chain. */
        String alias() {
            return name + "/" + version;
        }

        X509Certificate leaf() {
            return chain[0];
        }

        X509Certificate[] chain() {
            return chain.clone();
        }

        @Override
        public String toString() {
            return "Material[certificate=" + name + ", version=" + version + ", key=" + key.getAlgorithm() + " ***]";
        }
    }

    private record Served(Material current, Material previous) {
    }

    private final String name;
    private final VaultAccess access;
    private final String where;
    private final AtomicReference<Served> served = new AtomicReference<>();
    private volatile String lastRefusal;
    /** The version last refused, so one bad version is logged once, not every cycle; loading thread only. */
    private String refusedVersion;

    /** Loads and validates the current version now, on the calling thread. */
    TlsCertificateView(String name, VaultAccess access, String where, Instant now) {
        this.name = name;
        this.access = access;
        this.where = where;
        KeyVaultCertificate certificate = access.certificates().getCertificate(name).block();
        Material first = validate(fetch(certificate), null, now);
        served.set(new Served(first, null));
    }

    String name() {
        return name;
    }

    Material current() {
        return served.get().current();
    }

    /** The material of this alias if it is the current or the previous version, else null. */
    Material byAlias(String alias) {
        Served s = served.get();
        if (s.current().alias().equals(alias)) {
            return s.current();
        }
        return s.previous() != null && s.previous().alias().equals(alias) ? s.previous() : null;
    }

    Optional<String> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    /**
     * Reads the latest version's metadata; when it differs from the served one, reads its backing secret and switches
     * to it if valid.
     *
     * @return whether the served material changed
     * @throws IllegalArgumentException the refusal of a new version (the caller logs it once; nothing changed)
     * @throws RuntimeException when the vault cannot be read (nothing changed)
     */
    boolean refresh(Instant now) {
        KeyVaultCertificate certificate = access.certificates().getCertificate(name).block();
        String version = certificate.getProperties().getVersion();
        Served s = served.get();
        if (version.equals(s.current().version) || version.equals(refusedVersion)) {
            return false;
        }
        Material next;
        try {
            next = validate(fetch(certificate), s.current(), now);
        } catch (IllegalArgumentException e) {
            refusedVersion = version;
            lastRefusal = e.getMessage();
            throw e;
        }
        served.set(new Served(next, s.current()));
        lastRefusal = null;
        refusedVersion = null;
        return true;
    }

    /** The backing secret of this certificate version, read as {@link CertificateParts} reads it for references. */
    private Candidate fetch(KeyVaultCertificate certificate) {
        String version = certificate.getProperties().getVersion();
        String what = what(version);
        CertificateParts.Bundle bundle = CertificateParts.bundle(certificate.getName(), version, certificate.getCer(),
                certificate.getSecretId(), what);
        if (bundle.leaf() == null) {
            throw new IllegalArgumentException(what + " has no issued X.509 content (e.g. still pending); complete or "
                    + "import the certificate");
        }
        if (bundle.secretName() == null) {
            throw new IllegalArgumentException(what + " names no backing secret, so its private key cannot be read");
        }
        KeyVaultSecret secret = access.getSecret(bundle.secretName(), bundle.secretVersion()).block();
        CertificateParts.Backing backing = CertificateParts.backing(secret.getValue(),
                secret.getProperties().getContentType(), what + ": its backing secret");
        return new Candidate(bundle, backing);
    }

    private String what(String version) {
        return "certificate '" + name + "' (version " + version + ") in " + where;
    }

    /** A version as read: the bundle and its backing secret, not yet validated. */
    record Candidate(CertificateParts.Bundle bundle, CertificateParts.Backing backing) {
    }

    /**
     * The rules a version must pass to serve TLS: a private key (an exportable key), PKCS#8, matching the leaf; within
     * its validity at {@code now}; the same key algorithm as {@code current} (a server's cipher suites and a peer's
     * expectations were set up for it), when there is a current one.
     *
     * @throws IllegalArgumentException naming the certificate, its version and the fix; never quoting key material
     */
    static Material validate(Candidate candidate, Material current, Instant now) {
        CertificateParts.Bundle bundle = candidate.bundle();
        String what = "certificate '" + bundle.name() + "' (version " + bundle.version() + ")";
        String pem = candidate.backing().privateKey();
        if (pem == null) {
            throw new IllegalArgumentException(what + " cannot serve TLS: its backing secret holds no private key "
                    + "because the key is not exportable. Create the certificate with an exportable key (policy "
                    + "keyProperties.exportable=true)");
        }
        X509Certificate leaf = bundle.leaf();
        PrivateKey key = privateKey(pem, leaf.getPublicKey().getAlgorithm(), what);
        if (!matches(key, leaf)) {
            throw new IllegalArgumentException(what + " cannot serve TLS: the private key of its backing secret does "
                    + "not belong to its certificate");
        }
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new IllegalArgumentException(what + " cannot serve TLS: it expired on "
                    + leaf.getNotAfter().toInstant() + ". Renew it or import a valid version");
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new IllegalArgumentException(what + " cannot serve TLS yet: it is valid from "
                    + leaf.getNotBefore().toInstant());
        }
        if (current != null && !current.key.getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(what + " has a " + key.getAlgorithm() + " key but the served version "
                    + current.version + " has a " + current.key.getAlgorithm() + " key; a renewal must keep the key "
                    + "type. Create the new version with a " + current.key.getAlgorithm() + " key");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (String c : CertificateParts.leafFirst(candidate.backing().chain(), leaf)) {
            chain.add(certificate(c, what));
        }
        if (chain.isEmpty() || !chain.get(0).equals(leaf)) {
            chain.add(0, leaf);
        }
        return new Material(bundle.name(), bundle.version(), key, chain);
    }

    private static PrivateKey privateKey(String pem, String algorithm, String what) {
        List<Pem.Block> blocks = Pem.blocks(pem);
        if (blocks.isEmpty() || !blocks.get(0).label().equals("PRIVATE KEY")) {
            throw new IllegalArgumentException(what + " cannot serve TLS: its private key is not PKCS#8 ("
                    + (blocks.isEmpty() ? "unreadable" : blocks.get(0).label()) + "); import it as PKCS#8 PEM or "
                    + "PKCS#12");
        }
        String body = blocks.get(0).text().replaceAll("-----[A-Z ]+-----", "");
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " cannot serve TLS: its private key cannot be read as a "
                    + algorithm + " key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether the key signs what the leaf's public key verifies: one check for RSA and EC alike. */
    private static boolean matches(PrivateKey key, X509Certificate leaf) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            byte[] probe = "kvconfig key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static X509Certificate certificate(String pem, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + ": a certificate of its chain is not X.509 ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "TlsCertificateView[certificate=" + name + ", version=" + current().version + "]";
    }
}
