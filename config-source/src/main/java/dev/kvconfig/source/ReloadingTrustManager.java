package dev.kvconfig.source;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager over one {@link TlsTrustView}: each check goes to the JDK PKIX trust manager built over the view's
 * current anchors, so an {@code SSLContext} built once trusts rotated anchors on its next handshake. No I/O;
 * thread-safe.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {

    private final TlsTrustView view;

    ReloadingTrustManager(TlsTrustView view) {
        this.view = view;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        view.trustManager().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        view.trustManager().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        view.trustManager().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        view.trustManager().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        view.trustManager().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        view.trustManager().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return view.trustManager().getAcceptedIssuers();
    }

    @Override
    public String toString() {
        return "ReloadingTrustManager[" + view + "]";
    }
}
