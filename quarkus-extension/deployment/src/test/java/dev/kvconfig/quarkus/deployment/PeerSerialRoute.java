package dev.kvconfig.quarkus.deployment;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/** {@code GET /peer-serial}: the serial of the client certificate of this connection (mutual TLS). */
@ApplicationScoped
public class PeerSerialRoute {

    void route(@Observes Router router) {
        router.get("/peer-serial").handler(rc -> {
            try {
                X509Certificate peer = (X509Certificate) rc.request().sslSession().getPeerCertificates()[0];
                rc.response().end(TestCa.serial(peer));
            } catch (SSLPeerUnverifiedException e) {
                rc.response().setStatusCode(401).end("no client certificate");
            }
        });
    }
}
