package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.IdentityContext;
import dev.kvconfig.emulator.server.IdentityProvider;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.Routes;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The emulator's Entra ID: on the authorityHost server
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token}: client credentials with {@code client_secret} or
 *       {@code client_assertion} (what {@code ClientSecretCredential}, {@code ClientCertificateCredential} and
 *       {@code WorkloadIdentityCredential} send with {@code disableInstanceDiscovery()});</li>
 *   <li>{@code GET /msi/token?api-version=2019-08-01&resource=…} with {@code X-IDENTITY-HEADER}: the App Service managed
 *       identity endpoint ({@code IDENTITY_ENDPOINT=<authorityHost>msi/token}, any non-empty {@code IDENTITY_HEADER});</li>
 *   <li>{@code GET /{tenant}/v2.0/.well-known/openid-configuration} and {@code GET /{tenant}/discovery/v2.0/keys}, so
 *       others can check emulator tokens (the Azure SDK does not call them).</li>
 * </ul>
 * Tokens are RS256 JWTs signed with a key pair made at start ({@code iss https://sts.windows.net/<tenant>/},
 * {@code aud} the requested resource, {@code tid}, {@code oid}, {@code appid}, {@code iat/nbf/exp}, one hour).
 * Any client id is accepted; its object id is {@code UUID.nameUUIDFromBytes(clientId)}. Thread-safe.
 */
public final class EmulatorIdentity implements IdentityProvider {
    private final IdentityContext context;
    private final IdentityService service;

    public EmulatorIdentity(IdentityContext context) {
        this(context, ClientRegistry.lax());
    }

    /** With registered clients (their secrets are checked; strict mode refuses the others). */
    public EmulatorIdentity(IdentityContext context, ClientRegistry clients) {
        this.context = Objects.requireNonNull(context, "context");
        this.service = IdentityService.create(context.tenantId(), clients, null, context.clock());
    }

    @Override
    public void register(Routes routes) {
        routes.add("POST", "/{tenant}/oauth2/v2.0/token", "Token", r -> service.token(r.param("tenant"),
                new String(r.body(), StandardCharsets.UTF_8), r.header("client-request-id")));
        routes.add("GET", IdentityService.MANAGED_IDENTITY_PATH, "ManagedIdentityToken",
                r -> service.managedIdentity(r.query(), r.header("X-IDENTITY-HEADER")));
        routes.add("GET", "/{tenant}/v2.0/.well-known/openid-configuration", "OpenIdConfiguration",
                r -> Response.ok(openIdConfiguration(r.param("tenant"))));
        routes.add("GET", "/{tenant}/discovery/v2.0/keys", "Keys", r -> Response.ok(Json.parse(
                service.jwks().getBytes(StandardCharsets.UTF_8))));
    }

    private Map<String, Object> openIdConfiguration(String tenant) {
        String base = context.authorityHost().toString().replaceAll("/+$", "") + "/" + tenant;
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("token_endpoint", base + "/oauth2/v2.0/token");
        configuration.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt"));
        configuration.put("jwks_uri", base + "/discovery/v2.0/keys");
        configuration.put("response_types_supported", List.of("token"));
        configuration.put("subject_types_supported", List.of("pairwise"));
        configuration.put("id_token_signing_alg_values_supported", List.of("RS256"));
        configuration.put("issuer", service.issuer());
        configuration.put("tenant_region_scope", "EU");
        return configuration;
    }

    @Override
    public boolean verify(String bearerToken) {
        return service.isEmulatorToken(bearerToken);
    }

    @Override
    public String issueToken(String objectId) {
        return service.issueToken(objectId);
    }

    @Override
    public String toString() {
        return "EmulatorIdentity[tenant=" + context.tenantId() + ", authorityHost=" + context.authorityHost() + "]";
    }
}
