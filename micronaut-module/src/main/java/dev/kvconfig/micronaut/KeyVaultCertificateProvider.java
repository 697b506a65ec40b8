package dev.kvconfig.micronaut;

import dev.kvconfig.source.TlsMaterial;
import dev.kvconfig.source.TlsMaterialSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.ssl.CertificateProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Sinks;

/**
 * One {@code keyvault.tls-material.<name>} group as Micronaut's {@link CertificateProvider} named {@code <name>}: what
 * {@code micronaut.server.ssl.key-name} / {@code trust-name} (and the HTTP client's {@code micronaut.http.client.ssl.*})
 * point at. Micronaut subscribes to {@link #getKeyStore()} and {@link #getTrustStore()} and builds a new SSL context from
 * each key store they emit; new handshakes use it, open connections keep theirs.
 *
 * <p>Each publisher replays the current store on subscription (on the subscribing thread, so a server never starts
 * without one) and emits a new one, on the vault's refresher thread, when {@link TlsMaterial} swaps in a renewed
 * certificate or rotated trust anchors. A refused version emits nothing: the served store stays. The stores are
 * in-memory PKCS#12 copies of the material {@link TlsMaterial} serves; the key entry has no password, so leave
 * Micronaut's {@code key.password} and {@code key-store.password} unset for this provider.
 *
 * <p>Thread-safe. {@link #toString()} names the group and the versions served, never key material.
 */
final class KeyVaultCertificateProvider implements CertificateProvider {

    /** Key algorithms a vault certificate can have, in the order asked of the key manager. */
    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "Ed25519", "Ed448");

    private final TlsMaterialSettings group;
    private final TlsMaterial material;
    private final Sinks.Many<KeyStore> keyStores;
    private final Sinks.Many<KeyStore> trustStores;
    private TlsMaterial.Status emitted; // guarded by this

    KeyVaultCertificateProvider(TlsMaterialSettings group, TlsMaterial material) {
        this.group = group;
        this.material = material;
        this.keyStores = group.certificate().isPresent() ? Sinks.many().replay().latest() : null;
        this.trustStores = group.trust().isEmpty() ? null : Sinks.many().replay().latest();
        // Listen and emit the first stores under the lock: a change reported meanwhile waits, then compares with them.
        synchronized (this) {
            material.addChangeListener(this::changed);
            emit(material.status(), null);
        }
    }

    private synchronized void changed(TlsMaterial.Status status) {
        emit(status, emitted);
    }

    private void emit(TlsMaterial.Status status, TlsMaterial.Status before) {
        if (keyStores != null && (before == null || !status.certificate().equals(before.certificate()))) {
            keyStores.tryEmitNext(keyStore()).orThrow();
        }
        if (trustStores != null && (before == null || !status.trust().equals(before.trust()))) {
            trustStores.tryEmitNext(trustStore()).orThrow();
        }
        emitted = status;
    }

    /** The key and chain the material's key manager presents now, under the group's name. */
    private KeyStore keyStore() {
        X509ExtendedKeyManager km = material.keyManager();
        String alias = KEY_TYPES.stream().map(type -> km.getServerAliases(type, null)).filter(a -> a != null
                && a.length > 0).map(a -> a[0]).findFirst().orElseThrow(() -> new IllegalStateException("TLS material "
                        + group.name() + " serves a key of none of the types " + KEY_TYPES));
        // The alias names one version: its key and chain are read together even if a renewal lands in between.
        PrivateKey key = km.getPrivateKey(alias);
        X509Certificate[] chain = km.getCertificateChain(alias);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(group.name(), key, null, chain);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS material " + group.name() + ": could not hold certificate "
                    + group.certificate().orElseThrow() + " in a key store: " + e.getClass().getName(), e);
        }
    }

    /** The trust anchors the material trusts now (each named certificate's current version and the one it replaced). */
    private KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            X509Certificate[] anchors = material.trustManager().getAcceptedIssuers();
            for (int i = 0; i < anchors.length; i++) {
                store.setCertificateEntry(group.name() + "-anchor-" + i, anchors[i]);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS material " + group.name() + ": could not hold trust anchors "
                    + group.trust() + " in a trust store: " + e.getClass().getName(), e);
        }
    }

    /**
     * The current key store, then each renewed one.
     *
     * @throws ConfigurationException if the group names no certificate
     */
    @Override
    public Publisher<KeyStore> getKeyStore() {
        if (keyStores == null) {
            throw new ConfigurationException("key-name " + group.name() + " names kvconfig TLS material without a "
                    + "certificate: set " + group.keyPrefix() + "certificate to the vault certificate to present, or "
                    + "use " + group.name() + " as trust-name only");
        }
        return keyStores.asFlux();
    }

    /**
     * The current trust store, then each rotated one.
     *
     * @throws ConfigurationException if the group names no trust anchors
     */
    @Override
    public Publisher<KeyStore> getTrustStore() {
        if (trustStores == null) {
            throw new ConfigurationException("trust-name " + group.name() + " names kvconfig TLS material without "
                    + "trust anchors: set " + group.keyPrefix() + "trust to the vault certificates to trust, or use "
                    + group.name() + " as key-name only");
        }
        return trustStores.asFlux();
    }

    @Override
    public String getName() {
        return group.name();
    }

    /** Stops following the vault's refresh; Micronaut keeps the SSL context it built last. */
    void close() {
        material.close();
    }

    @Override
    public String toString() {
        return "KeyVaultCertificateProvider[" + material + "]";
    }
}
