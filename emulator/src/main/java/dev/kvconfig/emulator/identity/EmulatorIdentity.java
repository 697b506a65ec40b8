package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.IdentityContext;
import dev.kvconfig.emulator.server.IdentityProvider;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Request;
import dev.kvconfig.emulator.server.Response;
import dev.kvconfig.emulator.server.Routes;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The emulator's Entra ID: on the authorityHost server
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token} and the v1 {@code POST /{tenant}/oauth2/token} ({@code resource}
 *       instead of {@code scope}): client credentials with {@code client_secret} or {@code client_assertion} (what
 *       {@code ClientSecretCredential}, {@code ClientCertificateCredential} and {@code WorkloadIdentityCredential}
 *       send); {@code adfs} in place of the tenant is the AD FS authority, standing for the emulator's tenant;</li>
 *   <li>{@code GET /msi/token}: the App Service managed identity endpoint in both protocols:
 *       {@code api-version=2019-08-01} with header {@code X-IDENTITY-HEADER} ({@code IDENTITY_ENDPOINT} /
 *       {@code IDENTITY_HEADER}) and {@code api-version=2017-09-01} with header {@code secret} ({@code MSI_ENDPOINT} /
 *       {@code MSI_SECRET}); any non-empty header value;</li>
 *   <li>the discovery documents ({@link OpenIdMetadata}): {@code /{tenant}/v2.0/.well-known/openid-configuration},
 *       {@code /{tenant}/.well-known/openid-configuration} (v1; {@code /adfs/…} the AD FS one),
 *       {@code /{tenant}/discovery/instance}, and the signing keys at {@code /{tenant}/discovery/v2.0/keys} and
 *       {@code /{tenant}/discovery/keys}.</li>
 * </ul>
 * Tokens are RS256 JWTs signed with a key pair made at start ({@code iss https://sts.windows.net/<tenant>/},
 * {@code aud} the requested resource, {@code tid}, {@code oid}, {@code appid}, {@code iat/nbf/exp}, one hour).
 * Any client id is accepted; its object id is {@code UUID.nameUUIDFromBytes(clientId)}. Thread-safe.
 */
public final class EmulatorIdentity implements IdentityProvider {
    private final IdentityContext context;
    private final IdentityService service;
    private final OpenIdMetadata metadata;

    public EmulatorIdentity(IdentityContext context) {
        this(context, ClientRegistry.lax());
    }

    /** With registered clients (their secrets are checked; strict mode refuses the others). */
    public EmulatorIdentity(IdentityContext context, ClientRegistry clients) {
        this.context = Objects.requireNonNull(context, "context");
        this.service = IdentityService.create(context.tenantId(), clients, null, context.clock());
        this.metadata = new OpenIdMetadata(context.authorityHost().toString());
    }

    @Override
    public void register(Routes routes) {
        routes.add("POST", "/{tenant}/oauth2/v2.0/token", "Token", this::token);
        routes.add("POST", "/{tenant}/oauth2/token", "TokenV1", this::token);
        routes.add("GET", IdentityService.MANAGED_IDENTITY_PATH, "ManagedIdentityToken",
                r -> service.managedIdentity(r.query(), r.header("X-IDENTITY-HEADER"), r.header("secret")));
        routes.add("GET", "/{tenant}/v2.0/.well-known/openid-configuration", "OpenIdConfiguration",
                r -> Response.ok(metadata.v2(r.param("tenant"))));
        routes.add("GET", "/{tenant}/.well-known/openid-configuration", "OpenIdConfigurationV1",
                r -> Response.ok(OpenIdMetadata.ADFS.equalsIgnoreCase(r.param("tenant")) ? metadata.adfs()
                        : metadata.v1(r.param("tenant"), service.issuer())));
        routes.add("GET", "/{tenant}/discovery/v2.0/keys", "Keys", r -> jwks());
        routes.add("GET", "/{tenant}/discovery/keys", "KeysV1", r -> jwks());
        routes.add("GET", "/{tenant}/discovery/instance", "InstanceDiscovery",
                r -> Response.ok(metadata.instanceDiscovery(OpenIdMetadata.tenantOf(
                        r.query("authorization_endpoint"), context.tenantId()))));
    }

    /** The token endpoints; the AD FS authority ({@code /adfs}) stands for the emulator's tenant. */
    private Response token(Request r) {
        String tenant = r.param("tenant");
        return service.token(OpenIdMetadata.ADFS.equalsIgnoreCase(tenant) ? context.tenantId() : tenant,
                new String(r.body(), StandardCharsets.UTF_8), r.header("client-request-id"));
    }

    private Response jwks() {
        return Response.ok(Json.parse(service.jwks().getBytes(StandardCharsets.UTF_8)));
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
