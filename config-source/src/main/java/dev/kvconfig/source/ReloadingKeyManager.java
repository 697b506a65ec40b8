package dev.kvconfig.source;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager over one {@link TlsCertificateView}: every handshake reads the view's current material, so an
 * {@code SSLContext} built once presents a renewed certificate on its next handshake. The alias names the version
 * ({@code name/version}), and the view keeps the previous version readable, so a handshake that chose an alias just
 * before a switch gets that version's key and chain together. No I/O; thread-safe.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private final TlsCertificateView view;

    ReloadingKeyManager(TlsCertificateView view) {
        this.view = view;
    }

    /**
     * The current alias when its key fits {@code keyType}: the JDK asks with a key algorithm ({@code RSA}, {@code EC},
     * {@code RSASSA-PSS}) or, for TLS 1.2 ECDH suites, {@code <key>_<signer>} ({@code EC_RSA}).
     */
    private String aliasFor(String keyType) {
        if (keyType == null) {
            return null;
        }
        TlsCertificateView.Material m = view.current();
        String algorithm = m.key.getAlgorithm();
        int underscore = keyType.indexOf('_');
        String wanted = underscore < 0 ? keyType : keyType.substring(0, underscore);
        boolean fits = wanted.equals(algorithm) || (wanted.equals("RSASSA-PSS") && algorithm.equals("RSA"));
        return fits ? m.alias() : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String keyType : keyTypes) {
            String alias = aliasFor(keyType);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsCertificateView.Material m = alias == null ? null : view.byAlias(alias);
        return m == null ? null : m.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsCertificateView.Material m = alias == null ? null : view.byAlias(alias);
        return m == null ? null : m.key;
    }

    @Override
    public String toString() {
        return "ReloadingKeyManager[" + view + "]";
    }
}
