package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.Response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The emulator's Entra ID stand-in: the client-credentials token endpoint, the App Service managed identity endpoint,
 * and the check of bearer tokens the vaults receive.
 *
 * <p>What the official clients send (azure-identity 1.18.4 / MSAL4J 1.23.1, {@code disableInstanceDiscovery()}): only
 * {@code POST {authorityHost}/{tenant}/oauth2/v2.0/token}, no instance or OpenID discovery; the form carries
 * {@code grant_type=client_credentials}, {@code client_id}, {@code scope=openid profile offline_access
 * <resource>/.default}, {@code client_info=1} and either {@code client_secret} or {@code client_assertion} +
 * {@code client_assertion_type}. {@code ManagedIdentityCredential} with {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}
 * sends {@code GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=<resource>} with header {@code X-IDENTITY-HEADER};
 * the older App Service protocol ({@code MSI_ENDPOINT}/{@code MSI_SECRET}, the Azure CLI's {@code az login --identity})
 * sends {@code api-version=2017-09-01} with header {@code secret}. MSAL for Python and JavaScript read the discovery
 * documents first ({@link OpenIdMetadata}).
 *
 * <p>Thread-safe; holds no mutable state besides the signing key made at creation.
 */
final class IdentityService {
    /** Path (below the authority host) of the App Service style managed identity endpoint. */
    public static final String MANAGED_IDENTITY_PATH = "/msi/token";
    public static final String MANAGED_IDENTITY_API_VERSION = "2019-08-01";
    /** The older App Service protocol ({@code MSI_ENDPOINT}, {@code MSI_SECRET}, header {@code secret}). */
    public static final String LEGACY_MANAGED_IDENTITY_API_VERSION = "2017-09-01";
    /** The application id of the emulator's built-in test principal ({@code credential()}, {@code issueToken}). */
    public static final String TEST_PRINCIPAL_APP_ID = derived("kvconfig-emulator-test-principal");
    /** The client id of the system-assigned managed identity. */
    public static final String MANAGED_IDENTITY_CLIENT_ID = derived("kvconfig-emulator-managed-identity");
    private static final String DEFAULT_RESOURCE = "https://vault.azure.net";

    private final TokenIssuer issuer;
    private final ClientRegistry clients;
    private final String identityHeader;
    private final Clock clock;

    private IdentityService(String tenantId, ClientRegistry clients, String identityHeader, Clock clock) {
        this.issuer = new TokenIssuer(tenantId, clock);
        this.clients = clients;
        this.identityHeader = identityHeader;
        this.clock = clock;
    }

    /**
     * Creates the service with a fresh RS256 signing key.
     *
     * @param tenantId the only tenant whose token endpoint answers
     * @param clients registered applications and the strictness rule
     * @param identityHeader the value {@code X-IDENTITY-HEADER} must carry, or {@code null} to accept any non-empty value
     * @param clock time source for {@code iat/nbf/exp}
     */
    static IdentityService create(String tenantId, ClientRegistry clients, String identityHeader, Clock clock) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(clock, "clock");
        return new IdentityService(tenantId, clients, identityHeader, clock);
    }

    String tenantId() {
        return issuer.tenantId();
    }

    /** The {@code iss} claim of every emulator token. */
    String issuer() {
        return issuer.issuer();
    }

    /** The signing key as a JWK Set (JSON). */
    String jwks() {
        return issuer.jwks();
    }

    /**
     * Answers {@code POST /{tenant}/oauth2/v2.0/token}.
     *
     * @param tenant the tenant path segment of the request
     * @param formBody the {@code application/x-www-form-urlencoded} body
     * @param correlationId the {@code client-request-id} header, echoed in errors; may be {@code null}
     */
    Response token(String tenant, String formBody, String correlationId) {
        try {
            return ok(handleToken(tenant, TokenRequest.parse(formBody)));
        } catch (AadException e) {
            return e.error.toResponse(clock.instant(), correlationId);
        }
    }

    private static Response ok(Map<String, Object> body) {
        return Response.ok(body);
    }

    private Map<String, Object> handleToken(String tenant, TokenRequest request) {
        if (tenant == null || !tenant.equalsIgnoreCase(issuer.tenantId())) {
            throw new AadException(AadError.invalidRequest(90002, "Tenant '" + tenant + "' not found. The emulator"
                    + " serves only tenant '" + issuer.tenantId() + "': use it as the credential's tenant id."));
        }
        String grantType = request.grantType();
        if (grantType == null) {
            throw missing("grant_type");
        }
        if (!"client_credentials".equals(grantType)) {
            throw new AadException(new AadError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType
                            + "'. The emulator supports 'client_credentials'."));
        }
        String clientId = request.clientId();
        if (clientId == null) {
            throw missing("client_id");
        }
        String resource = request.resource().orElseThrow(() -> new AadException(new AadError(400, "invalid_scope",
                1002012, "The provided value for scope is not valid. Client credential flows must have a scope value"
                        + " with /.default suffixed to the resource identifier (application ID URI).")));
        Optional<ClientRegistry.Client> registered = clients.find(clientId);
        if (registered.isEmpty() && clients.strict()) {
            throw new AadException(new AadError(400, "unauthorized_client", 700016, "Application with identifier '"
                    + clientId + "' was not found in the directory '" + issuer.tenantId()
                    + "'. Register it on the emulator builder, or turn strict client checking off."));
        }
        String appidacr;
        Optional<String> secret = request.get("client_secret");
        Optional<String> assertion = request.get("client_assertion");
        if (secret.isPresent()) {
            if (registered.isPresent() && !registered.get().secretMatches(secret.get())) {
                throw new AadException(new AadError(401, "invalid_client", 7000215, "Invalid client secret provided."
                        + " Ensure the secret being sent in the request is the client secret value, not the client"
                        + " secret ID, for a secret added to app '" + clientId + "'."));
            }
            appidacr = "1";
        } else if (assertion.isPresent()) {
            checkAssertion(request, clientId, registered.isPresent(), assertion.get());
            appidacr = "2";
        } else {
            throw new AadException(new AadError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret'"
                    + " or 'request' is required for the 'client_credentials' grant type."));
        }
        String objectId = registered.map(ClientRegistry.Client::objectId)
                .orElseGet(() -> ClientRegistry.derivedObjectId(clientId));
        String token = issuer.issue(resource, objectId, clientId, appidacr);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", TokenIssuer.LIFETIME.toSeconds() - 1);
        body.put("ext_expires_in", TokenIssuer.LIFETIME.toSeconds() - 1);
        body.put("access_token", token);
        return body;
    }

    /**
     * A client assertion (a workload identity token file, or a certificate credential's self-signed JWT) must be a
     * well-formed, unexpired JWT. Registered clients and strict mode also require its {@code sub} or {@code iss} to be
     * the client id, as for a certificate credential; in lax mode any such JWT is taken, because a Kubernetes service
     * account token names the service account, not the application.
     */
    private void checkAssertion(TokenRequest request, String clientId, boolean registered, String assertion) {
        String type = request.get("client_assertion_type").orElse(null);
        if (!TokenRequest.JWT_BEARER.equals(type)) {
            throw new AadException(AadError.invalidRequest(7000219, "'client_assertion_type' must be '"
                    + TokenRequest.JWT_BEARER + "' when 'client_assertion' is sent; it was '" + type + "'."));
        }
        Jwt.Parsed parsed;
        try {
            parsed = Jwt.parse(assertion);
        } catch (IllegalArgumentException e) {
            throw new AadException(new AadError(401, "invalid_client", 50027,
                    "JWT token is invalid or malformed: " + e.getMessage() + "."));
        }
        Long exp = parsed.seconds("exp");
        if (exp != null && exp < issuer.now()) {
            throw new AadException(new AadError(401, "invalid_client", 700024,
                    "Client assertion is not within its valid time range (exp " + exp + ")."));
        }
        boolean namesClient = clientId.equalsIgnoreCase(parsed.claim("sub"))
                || clientId.equalsIgnoreCase(parsed.claim("iss"));
        if ((registered || clients.strict()) && !namesClient) {
            throw new AadException(new AadError(401, "invalid_client", 700021, "Client assertion application"
                    + " identifier doesn't match 'client_id' parameter: neither its 'sub' nor its 'iss' is '"
                    + clientId + "'."));
        }
    }

    private static AadException missing(String parameter) {
        return new AadException(AadError.invalidRequest(900144,
                "The request body must contain the following parameter: '" + parameter + "'."));
    }

    /** {@link #managedIdentity(Map, String, String)} without a {@code secret} header. */
    Response managedIdentity(Map<String, String> query, String identityHeaderValue) {
        return managedIdentity(query, identityHeaderValue, null);
    }

    /**
     * Answers the App Service managed identity endpoint in either protocol: {@code api-version=2019-08-01} with the
     * {@code X-IDENTITY-HEADER} header ({@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}, what azure-identity sends),
     * or {@code api-version=2017-09-01} with the {@code secret} header ({@code MSI_ENDPOINT}/{@code MSI_SECRET}, what
     * the Azure CLI's {@code az login --identity} and older SDKs send; the user-assigned identity is {@code clientid}).
     *
     * @param query the decoded query parameters
     * @param identityHeaderValue the {@code X-IDENTITY-HEADER} request header (may be {@code null})
     * @param secretHeaderValue the {@code secret} request header of the 2017 protocol (may be {@code null})
     */
    Response managedIdentity(Map<String, String> query, String identityHeaderValue, String secretHeaderValue) {
        String apiVersion = query.get("api-version");
        boolean legacy = LEGACY_MANAGED_IDENTITY_API_VERSION.equals(apiVersion);
        String header = legacy ? secretHeaderValue : identityHeaderValue;
        if (header == null || header.isBlank() || (identityHeader != null && !identityHeader.equals(header))) {
            return managedIdentityError(401, legacy
                    ? "The secret header is missing or does not match MSI_SECRET."
                    : "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
        }
        if (!legacy && !MANAGED_IDENTITY_API_VERSION.equals(apiVersion)) {
            return managedIdentityError(400, "api-version '" + apiVersion + "' is not supported: use "
                    + MANAGED_IDENTITY_API_VERSION + " (header X-IDENTITY-HEADER) or "
                    + LEGACY_MANAGED_IDENTITY_API_VERSION + " (header secret).");
        }
        String resource = query.get("resource");
        if (resource == null || resource.isBlank()) {
            return managedIdentityError(400, "No resource identifier found: pass ?resource=<resource URI>.");
        }
        if (resource.endsWith("/.default")) {
            resource = resource.substring(0, resource.length() - "/.default".length());
        }
        // user-assigned identities are chosen by client id, object id or resource id; otherwise system-assigned
        String clientId = query.get(legacy ? "clientid" : "client_id");
        if (clientId == null || clientId.isBlank()) {
            clientId = firstPresent(query, "principal_id", "object_id", "mi_res_id")
                    .map(id -> derived("user-assigned:" + id.toLowerCase(Locale.ROOT)))
                    .orElse(MANAGED_IDENTITY_CLIENT_ID);
        }
        String objectId = derived("oid:" + clientId.toLowerCase(Locale.ROOT));
        String token = issuer.issue(resource, objectId, clientId, "2");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        // seconds since the epoch, as a string, in both protocols (msrestazure reads the 2017 one with int())
        body.put("expires_on", String.valueOf(issuer.now() + TokenIssuer.LIFETIME.toSeconds()));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        if (!legacy) {
            body.put("client_id", clientId);
        }
        return Response.ok(body);
    }

    private static Optional<String> firstPresent(Map<String, String> query, String... names) {
        for (String name : names) {
            String value = query.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Response managedIdentityError(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        return Response.of(status, body);
    }

    /**
     * An emulator-signed access token for Key Vault ({@code aud https://vault.azure.net}) for the test principal.
     *
     * @param objectId the {@code oid} (and {@code sub}) claim
     */
    String issueToken(String objectId) {
        Objects.requireNonNull(objectId, "objectId");
        return issuer.issue(DEFAULT_RESOURCE, objectId, TEST_PRINCIPAL_APP_ID, "1");
    }

    /**
     * Whether a bearer token was signed by this emulator (run) and is within its validity window. Used by the vaults
     * when {@code requireEmulatorTokens(true)}.
     */
    boolean isEmulatorToken(String bearerToken) {
        return issuer.verify(bearerToken).isPresent();
    }

    /** The claims of an emulator token, or empty when {@link #isEmulatorToken} would say {@code false}. */
    Optional<Map<String, Object>> claims(String bearerToken) {
        return issuer.verify(bearerToken);
    }

    private static String derived(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return "IdentityService[tenant=" + issuer.tenantId() + ", " + clients + "]";
    }

    /** Carries an error reply out of the request checks. */
    private static final class AadException extends RuntimeException {
        private final transient AadError error;

        AadException(AadError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }
}
