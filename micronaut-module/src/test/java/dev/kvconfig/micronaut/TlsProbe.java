package dev.kvconfig.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.security.cert.X509Certificate;
import java.util.Locale;

/** Test endpoint of the TLS tests: answers with the serial of the client certificate the handshake presented. */
@Controller("/tls-probe")
@Requires(property = "tls-probe.enabled", value = "true")
class TlsProbe {

    @Get(produces = MediaType.TEXT_PLAIN)
    String clientSerial(HttpRequest<?> request) {
        return request.getCertificate().map(c -> ((X509Certificate) c).getSerialNumber().toString(16)
                .toUpperCase(Locale.ROOT)).orElse("none");
    }
}
