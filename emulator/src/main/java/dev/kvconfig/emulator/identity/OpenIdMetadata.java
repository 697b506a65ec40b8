package dev.kvconfig.emulator.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents of the emulator's Entra ID, with the fields Entra ID serves, every endpoint on the emulator's
 * authority host. Who reads what:
 * <ul>
 *   <li>MSAL Node and MSAL Python (azure-identity for JavaScript and Python) resolve an authority by fetching
 *       {@code {authority}/v2.0/.well-known/openid-configuration}; both refuse a document without
 *       {@code authorization_endpoint} and {@code token_endpoint} (MSAL Node also wants {@code issuer} and
 *       {@code jwks_uri}), then post to its {@code token_endpoint}. MSAL Python takes the tenant from that URL's first
 *       path segment.</li>
 *   <li>An authority whose first path segment is {@code adfs} is trusted by MSAL without instance discovery (a call to
 *       login.microsoftonline.com that an offline machine cannot make); its document is
 *       {@code {host}/adfs/.well-known/openid-configuration}. The Azure CLI logs in to a registered cloud that way.</li>
 *   <li>Instance discovery ({@code /common/discovery/instance}) answers as Entra ID does for a host it does not know:
 *       the host is its own alias, its tenant discovery endpoint the v2.0 document.</li>
 * </ul>
 * Immutable and thread safe.
 */
final class OpenIdMetadata {
    /** The pseudo-tenant of an AD FS authority. */
    static final String ADFS = "adfs";

    private final String host;
    private final String hostAndPort;

    /** @param authorityHost {@code https://localhost:T/} */
    OpenIdMetadata(String authorityHost) {
        this.host = authorityHost.replaceAll("/+$", "");
        this.hostAndPort = this.host.replaceFirst("^https://", "");
    }

    /** {@code /{tenant}/v2.0/.well-known/openid-configuration}. */
    Map<String, Object> v2(String tenant) {
        String base = host + "/" + tenant;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token_endpoint", base + "/oauth2/v2.0/token");
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt",
                "client_secret_basic"));
        m.put("jwks_uri", base + "/discovery/v2.0/keys");
        m.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        m.put("subject_types_supported", List.of("pairwise"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        m.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        m.put("issuer", base + "/v2.0");
        m.put("request_uri_parameter_supported", false);
        m.put("userinfo_endpoint", host + "/oidc/userinfo");
        m.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        m.put("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode");
        m.put("http_logout_supported", true);
        m.put("frontchannel_logout_supported", true);
        m.put("end_session_endpoint", base + "/oauth2/v2.0/logout");
        m.put("claims_supported", claims());
        m.put("kerberos_endpoint", base + "/kerberos");
        m.put("tenant_region_scope", "EU");
        m.put("cloud_instance_name", "microsoftonline.com");
        m.put("cloud_graph_host_name", "graph.windows.net");
        m.put("msgraph_host", "graph.microsoft.com");
        m.put("rbac_url", "https://pas.windows.net");
        return m;
    }

    /** {@code /{tenant}/.well-known/openid-configuration}: the v1 endpoints; {@code issuer} is that of the tokens. */
    Map<String, Object> v1(String tenant, String tokenIssuer) {
        String base = host + "/" + tenant;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token_endpoint", base + "/oauth2/token");
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt",
                "client_secret_basic"));
        m.put("jwks_uri", base + "/discovery/keys");
        m.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        m.put("subject_types_supported", List.of("pairwise"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("response_types_supported", List.of("code", "id_token", "code id_token", "token id_token", "token"));
        m.put("scopes_supported", List.of("openid"));
        m.put("issuer", tokenIssuer);
        m.put("microsoft_multi_refresh_token", true);
        m.put("authorization_endpoint", base + "/oauth2/authorize");
        m.put("device_authorization_endpoint", base + "/oauth2/devicecode");
        m.put("http_logout_supported", true);
        m.put("frontchannel_logout_supported", true);
        m.put("end_session_endpoint", base + "/oauth2/logout");
        m.put("claims_supported", claims());
        m.put("check_session_iframe", base + "/oauth2/checksession");
        m.put("userinfo_endpoint", base + "/openid/userinfo");
        m.put("kerberos_endpoint", base + "/kerberos");
        m.put("tenant_region_scope", "EU");
        m.put("cloud_instance_name", "microsoftonline.com");
        m.put("cloud_graph_host_name", "graph.windows.net");
        m.put("msgraph_host", "graph.microsoft.com");
        m.put("rbac_url", "https://pas.windows.net");
        return m;
    }

    /** {@code /adfs/.well-known/openid-configuration}, as AD FS 2019 serves it. */
    Map<String, Object> adfs() {
        String base = host + "/" + ADFS;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", base);
        m.put("authorization_endpoint", base + "/oauth2/authorize/");
        m.put("token_endpoint", base + "/oauth2/token/");
        m.put("jwks_uri", base + "/discovery/keys");
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic",
                "private_key_jwt", "windows_client_authentication"));
        m.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token",
                "code token", "code id_token token"));
        m.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
                "urn:ietf:params:oauth:grant-type:jwt-bearer", "implicit", "password", "srv_challenge",
                "urn:ietf:params:oauth:grant-type:device_code", "device_code"));
        m.put("subject_types_supported", List.of("pairwise"));
        m.put("scopes_supported", List.of("openid", "profile", "email", "offline_access", "allatclaims",
                "user_impersonation", "logon_cert", "aza", "vpn_cert"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        m.put("access_token_issuer", base + "/services/trust");
        m.put("claims_supported", List.of("aud", "iss", "iat", "exp", "auth_time", "nonce", "at_hash", "c_hash",
                "sub", "upn", "unique_name", "pwd_url", "pwd_exp", "mfa_auth_time", "sid", "nbf"));
        m.put("microsoft_multi_refresh_token", true);
        m.put("userinfo_endpoint", base + "/userinfo");
        m.put("capabilities", List.of());
        m.put("end_session_endpoint", base + "/oauth2/logout");
        m.put("as_access_token_token_binding_supported", true);
        m.put("as_refresh_token_token_binding_supported", true);
        m.put("resource_access_token_token_binding_supported", true);
        m.put("op_id_token_token_binding_supported", true);
        m.put("rp_id_token_token_binding_supported", true);
        m.put("frontchannel_logout_supported", true);
        m.put("frontchannel_logout_session_supported", true);
        m.put("device_authorization_endpoint", base + "/oauth2/devicecode");
        return m;
    }

    /**
     * {@code /common/discovery/instance?api-version=1.1&authorization_endpoint=…}: the answer for a host Entra ID
     * does not know is the host as its own only alias, with the tenant's v2.0 document for discovery.
     *
     * @param tenant the tenant to point tenant discovery at (from the {@code authorization_endpoint} parameter)
     */
    Map<String, Object> instanceDiscovery(String tenant) {
        Map<String, Object> alias = new LinkedHashMap<>();
        alias.put("preferred_network", hostAndPort);
        alias.put("preferred_cache", hostAndPort);
        alias.put("aliases", List.of(hostAndPort));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant_discovery_endpoint", host + "/" + tenant + "/v2.0/.well-known/openid-configuration");
        m.put("api-version", "1.1");
        m.put("metadata", List.of(alias));
        return m;
    }

    /**
     * The tenant an {@code authorization_endpoint} parameter names ({@code https://host/<tenant>/oauth2/…}), or
     * {@code fallback} when it is absent or names none.
     */
    static String tenantOf(String authorizationEndpoint, String fallback) {
        if (authorizationEndpoint == null) {
            return fallback;
        }
        try {
            String path = java.net.URI.create(authorizationEndpoint).getPath();
            String[] segments = path == null ? new String[0] : path.replaceFirst("^/", "").split("/");
            return segments.length > 0 && !segments[0].isBlank() ? segments[0] : fallback;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static List<String> claims() {
        return List.of("sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
                "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid",
                "ver", "at_hash", "c_hash", "email");
    }
}
