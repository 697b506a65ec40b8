package dev.kvconfig.quarkus.runtime.tls;

import dev.kvconfig.source.TlsMaterial;
import io.quarkus.tls.TlsConfiguration;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A named configuration of Quarkus' TLS registry over one {@link TlsMaterial}. The Vert.x options hand Vert.x the
 * material's own managers ({@link KeyCertOptions#wrap}, {@link TrustOptions#wrap}), so a server or client built from
 * them presents a renewed certificate, and trusts rotated anchors, on its next handshake, without waiting for the
 * {@code CertificateUpdatedEvent}; {@link #createSSLContext()} does the same for JDK clients. The key and trust stores
 * are snapshots for consumers that read stores, rebuilt by {@link #reload()}.
 *
 * <p>Protocols, cipher suites, ALPN, the handshake timeout and hostname verification come from the registry's own
 * configuration of the same name ({@code quarkus.tls.<name>.*}) when there is one, else the registry's defaults.
 * Thread-safe: the stores are swapped whole through volatile fields.
 */
final class VaultTlsConfiguration implements TlsConfiguration {

    /** The registry's defaults (its TlsBucketConfig): TLS 1.3 and 1.2, ALPN on, a 10 second handshake timeout. */
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final boolean DEFAULT_ALPN = true;
    private static final long DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;
    /** What the JDK asks a key manager for; the material offers its certificate for its own key type only. */
    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "Ed25519", "Ed448", "DSA");

    private final String name;
    private final TlsMaterial material;
    private final SSLOptions base;
    private final Optional<String> hostnameVerification;
    private final KeyCertOptions keyCertOptions;
    private final TrustOptions trustOptions;
    private volatile KeyStore keyStore;
    private volatile KeyStore trustStore;

    /**
     * @param base the registry's configuration of this name ({@code quarkus.tls.<name>.*}) for everything but keys
     *     and anchors; empty for the registry's defaults
     */
    VaultTlsConfiguration(String name, TlsMaterial material, Optional<TlsConfiguration> base) {
        this.name = name;
        this.material = material;
        boolean hasCertificate = material.status().certificate().isPresent();
        boolean hasTrust = !material.status().trust().isEmpty();
        this.keyCertOptions = hasCertificate ? KeyCertOptions.wrap(material.keyManager()) : null;
        this.trustOptions = hasTrust ? TrustOptions.wrap(material.trustManager()) : null;
        SSLOptions configured = base.map(TlsConfiguration::getSSLOptions).orElseGet(VaultTlsConfiguration::defaults);
        this.base = new SSLOptions(configured).setKeyCertOptions(null).setTrustOptions(null);
        this.hostnameVerification = base.flatMap(TlsConfiguration::getHostnameVerificationAlgorithm);
        reload();
    }

    /** A new instance each time: SSLOptions is mutable. */
    private static SSLOptions defaults() {
        return new SSLOptions().setUseAlpn(DEFAULT_ALPN).setSslHandshakeTimeout(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS)
                .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                .setEnabledSecureTransportProtocols(new java.util.LinkedHashSet<>(DEFAULT_PROTOCOLS));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public KeyStore getKeyStore() {
        return keyStore;
    }

    @Override
    public KeyCertOptions getKeyStoreOptions() {
        return keyCertOptions;
    }

    @Override
    public KeyStore getTrustStore() {
        return trustStore;
    }

    @Override
    public TrustOptions getTrustStoreOptions() {
        return trustOptions;
    }

    /** A new copy each call: the HTTP server compares options on an update, and a copy is what it may keep. */
    @Override
    public SSLOptions getSSLOptions() {
        return new SSLOptions(base).setKeyCertOptions(keyCertOptions).setTrustOptions(trustOptions);
    }

    /**
     * A context over the material's managers: it follows the renewals as the Vert.x options do. Without trust anchors
     * it trusts the JDK's default anchors.
     */
    @Override
    public SSLContext createSSLContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyCertOptions == null ? null : new KeyManager[] {material.keyManager()},
                trustOptions == null ? null : new TrustManager[] {material.trustManager()}, null);
        return context;
    }

    @Override
    public boolean isTrustAll() {
        return false;
    }

    @Override
    public Optional<String> getHostnameVerificationAlgorithm() {
        return hostnameVerification;
    }

    @Override
    public boolean usesSni() {
        return false;
    }

    /**
     * Rebuilds the store snapshots from what the material serves now; the Vert.x options and contexts need no reload.
     * The key store holds one entry, named after this configuration, with an empty password.
     *
     * @return true
     */
    @Override
    public boolean reload() {
        try {
            keyStore = keyCertOptions == null ? null : keyStore(material.keyManager());
            trustStore = trustOptions == null ? null : trustStore(material.trustManager().getAcceptedIssuers());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("TLS configuration " + name + ": cannot build the in-memory key store ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        return true;
    }

    private KeyStore keyStore(X509ExtendedKeyManager keyManager) throws GeneralSecurityException, java.io.IOException {
        for (String type : KEY_TYPES) {
            String alias = keyManager.chooseServerAlias(type, null, null);
            PrivateKey key = alias == null ? null : keyManager.getPrivateKey(alias);
            X509Certificate[] chain = alias == null ? null : keyManager.getCertificateChain(alias);
            if (key != null && chain != null) {
                KeyStore store = emptyStore();
                store.setKeyEntry(name, key, new char[0], chain);
                return store;
            }
        }
        throw new IllegalStateException("TLS configuration " + name + ": the material offers no key of the types "
                + KEY_TYPES);
    }

    private static KeyStore trustStore(X509Certificate[] anchors) throws GeneralSecurityException,
            java.io.IOException {
        KeyStore store = emptyStore();
        for (int i = 0; i < anchors.length; i++) {
            store.setCertificateEntry("anchor-" + i, anchors[i]);
        }
        return store;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    /** Names only: {@code VaultTlsConfiguration[web, TlsMaterial[...]]}. */
    @Override
    public String toString() {
        return "VaultTlsConfiguration[" + name + ", " + material + "]";
    }
}
