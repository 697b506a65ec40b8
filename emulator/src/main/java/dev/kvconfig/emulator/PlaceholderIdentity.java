package dev.kvconfig.emulator;

import dev.kvconfig.emulator.server.IdentityContext;
import dev.kvconfig.emulator.server.IdentityProvider;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Routes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in until the identity feature lands: no token endpoints (the authorityHost server answers 404), and
 * unsigned JWTs ({@code alg: none}) that only this instance recognises as its own.
 */
final class PlaceholderIdentity implements IdentityProvider {
    private final IdentityContext context;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    PlaceholderIdentity(IdentityContext context) {
        this.context = context;
    }

    @Override
    public void register(Routes identityRoutes) {
        // no token endpoints yet
    }

    @Override
    public boolean verify(String bearerToken) {
        return issued.contains(bearerToken);
    }

    @Override
    public String issueToken(String objectId) {
        long now = context.clock().instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", "https://vault.azure.net");
        claims.put("iss", context.authorityHost() + context.tenantId() + "/v2.0");
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 3600);
        claims.put("oid", objectId);
        claims.put("sub", objectId);
        claims.put("tid", context.tenantId());
        claims.put("appid", objectId);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(Json.write(claims)) + ".";
        issued.add(token);
        return token;
    }
}
