package dev.kvconfig.bootstrap;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.aad.msal4j.MsalServiceException;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * The CLI's identity against the emulator: a client-credentials token from the emulator's token endpoint, or, only when
 * that emulator has no token endpoint (it answers 404), an unsigned placeholder JWT for the same principal (object id
 * {@code UUID.nameUUIDFromBytes(clientId)}, as the emulator derives it). Emulators started with {@code --require-tokens}
 * reject the placeholder, so enforcement is never bypassed. Any other failure of the token endpoint (a wrong client
 * secret, TLS, the network) is reported as it is, naming the endpoint, rather than as a later 401/403 from the vault.
 */
final class EmulatorCredential implements TokenCredential {
    private final TokenCredential tokenEndpoint;
    private final String authorityHost;
    private final String clientId;
    private final String tenantId;

    EmulatorCredential(TokenCredential tokenEndpoint, String authorityHost, String clientId, String tenantId) {
        this.tokenEndpoint = tokenEndpoint;
        this.authorityHost = authorityHost;
        this.clientId = clientId;
        this.tenantId = tenantId;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return tokenEndpoint.getToken(request).onErrorResume(e -> noTokenEndpoint(e)
                ? Mono.fromSupplier(this::placeholder) : Mono.error(refused(e)));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        try {
            return tokenEndpoint.getTokenSync(request);
        } catch (RuntimeException e) {
            if (noTokenEndpoint(e)) {
                return placeholder();
            }
            throw refused(e);
        }
    }

    /** Whether the failure is the emulator answering 404 for the token endpoint: a build without one. */
    private static boolean noTokenEndpoint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MsalServiceException m && m.statusCode() == 404) {
                return true;
            }
        }
        return false;
    }

    private BootstrapException refused(Throwable failure) {
        String base = authorityHost.endsWith("/") ? authorityHost : authorityHost + "/";
        return new BootstrapException("authentication failed: the emulator's token endpoint " + base + tenantId
                + "/oauth2/v2.0/token did not issue a token for client '" + clientId + "': "
                + Failures.firstLine(Failures.rootMessage(failure)), "correct what the token endpoint names: the "
                + "tenant (--tenant, or none for the emulator's own), the client (" + Connection.EMULATOR_CLIENT_ID_ENV
                + "; an emulator started with --client checks that client's secret); check that --emulator-info names "
                + "the running emulator", failure);
    }

    static String objectId(String clientId) {
        return UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private AccessToken placeholder() {
        OffsetDateTime expires = OffsetDateTime.now().plusMinutes(55);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"oid\":\"" + objectId(clientId) + "\",\"tid\":\"" + tenantId
                + "\",\"appid\":\"" + clientId + "\",\"exp\":" + expires.toEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return new AccessToken(header + "." + claims + ".", expires);
    }
}
