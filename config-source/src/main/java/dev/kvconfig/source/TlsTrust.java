package dev.kvconfig.source;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client context for {@code keyvault.tls.trust-store}: the JDK's default trust plus the configured store, so a
 * corporate CA is added, not substituted. Built afresh for each vault client (no JVM-wide cache: two vaults, or two
 * configs, share no state). Thread-safe.
 */
final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * A new context for the options' trust store.
     *
     * @throws IllegalStateException naming the settings when the store cannot be read or its type is unknown
     */
    static SslContext sslContext(KeyVaultOptions options) {
        Path path = options.trustStore().orElseThrow();
        char[] password = options.trustStorePassword().map(s -> s.get()).orElse(null);
        try {
            return build(options, path, password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static SslContext build(KeyVaultOptions options, Path path, char[] password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(options.trustStoreType());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(options.key(KeyVaultSetting.TLS_TRUST_STORE_TYPE) + ": '" + options.trustStoreType()
                    + "' is not a key store type this JVM knows; use PKCS12 or JKS", e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw unreadable(options, path, e);
        }
        try {
            TrustManagerFactory extra = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            extra.init(store);
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            return SslContextBuilder.forClient()
                    .trustManager(new EitherTrustManager(x509(extra.getTrustManagers()), x509(jdk.getTrustManagers())))
                    .build();
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalStateException(options.key(KeyVaultSetting.TLS_TRUST_STORE) + ": cannot build TLS trust from " + path, e);
        }
    }

    private static IllegalStateException unreadable(KeyVaultOptions options, Path path, Exception e) {
        return new IllegalStateException(options.key(KeyVaultSetting.TLS_TRUST_STORE) + ": cannot read trust store " + path + " as "
                + options.trustStoreType() + " (" + e.getClass().getSimpleName() + "); check the path, "
                + options.key(KeyVaultSetting.TLS_TRUST_STORE_TYPE) + " and " + options.key(KeyVaultSetting.TLS_TRUST_STORE_PASSWORD), e);
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager) {
                return (X509TrustManager) m;
            }
        }
        throw new IllegalStateException("no X509TrustManager available");
    }

    /** Trusts a server chain that either the extra store or the JDK's default store trusts. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager first;
        private final X509TrustManager second;

        EitherTrustManager(X509TrustManager first, X509TrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            second.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
