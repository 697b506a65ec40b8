package dev.kvconfig.bootstrap;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * The CLI's identity against the emulator: a client-credentials token from the emulator's token endpoint, or, when
 * that emulator has no token endpoint, an unsigned placeholder JWT for the same principal (object id
 * {@code UUID.nameUUIDFromBytes(clientId)}, as the emulator derives it). Emulators started with {@code --require-tokens}
 * reject the placeholder, so enforcement is never bypassed.
 */
final class EmulatorCredential implements TokenCredential {
    private final TokenCredential tokenEndpoint;
    private final String clientId;
    private final String tenantId;

    EmulatorCredential(TokenCredential tokenEndpoint, String clientId, String tenantId) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.tenantId = tenantId;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return tokenEndpoint.getToken(request).onErrorResume(e -> Mono.fromSupplier(this::placeholder));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        try {
            return tokenEndpoint.getTokenSync(request);
        } catch (RuntimeException e) {
            return placeholder();
        }
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
