package dev.kvconfig.emulator.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.kvconfig.emulator.EmulatorClients;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.emulator.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the MSAL of the other languages and the Azure CLI ask the identity server, over HTTPS in the order they ask it:
 * the discovery document first, then a token from the endpoint it names (MSAL Node and MSAL Python follow the
 * document's {@code token_endpoint}; see {@link OpenIdMetadata}).
 */
class DiscoveryTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo"));

    private static final String CLIENT_CREDENTIALS = "grant_type=client_credentials&client_id=orders-app"
            + "&client_secret=s3cret&client_info=1";

    private static HttpClient http(KeyVaultEmulator emulator) {
        return HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> getJson(KeyVaultEmulator emulator, String url, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http(emulator).send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(status);
        return (Map<String, Object>) Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> postForm(KeyVaultEmulator emulator, String url, String form)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http(emulator).send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
        return (Map<String, Object>) Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(Object jwt) {
        return (Map<String, Object>) Json.parse(Base64.getUrlDecoder().decode(((String) jwt).split("\\.")[1]));
    }

    private static String encoded(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void openIdConfigurationV2_namesEveryEndpointMsalChecks_andItsTokenEndpointIssuesTokens(KeyVaultEmulator emulator)
            throws Exception {
        String authority = emulator.authorityHost() + emulator.tenantId();

        Map<String, Object> document = getJson(emulator, authority + "/v2.0/.well-known/openid-configuration", 200);

        assertThat(document).containsEntry("authorization_endpoint", authority + "/oauth2/v2.0/authorize")
                .containsEntry("token_endpoint", authority + "/oauth2/v2.0/token")
                .containsEntry("issuer", authority + "/v2.0")
                .containsEntry("jwks_uri", authority + "/discovery/v2.0/keys")
                .containsKeys("end_session_endpoint", "device_authorization_endpoint", "response_types_supported",
                        "scopes_supported", "claims_supported", "cloud_instance_name");
        Map<String, Object> token = postForm(emulator, (String) document.get("token_endpoint"), CLIENT_CREDENTIALS
                + "&scope=" + encoded("https://vault.azure.net/.default"));
        assertThat(claims(token.get("access_token"))).containsEntry("aud", "https://vault.azure.net")
                .containsEntry("tid", emulator.tenantId());
        assertThat(getJson(emulator, (String) document.get("jwks_uri"), 200)).containsKey("keys");
    }

    @Test
    void openIdConfigurationV1_namesTheV1Endpoints_andTheV1TokenEndpointTakesResource(KeyVaultEmulator emulator)
            throws Exception {
        String authority = emulator.authorityHost() + emulator.tenantId();

        Map<String, Object> document = getJson(emulator, authority + "/.well-known/openid-configuration", 200);

        assertThat(document).containsEntry("authorization_endpoint", authority + "/oauth2/authorize")
                .containsEntry("token_endpoint", authority + "/oauth2/token")
                .containsEntry("issuer", "https://sts.windows.net/" + emulator.tenantId() + "/")
                .containsEntry("jwks_uri", authority + "/discovery/keys");
        Map<String, Object> token = postForm(emulator, (String) document.get("token_endpoint"), CLIENT_CREDENTIALS
                + "&resource=" + encoded("https://management.azure.com/"));
        assertThat(claims(token.get("access_token"))).containsEntry("aud", "https://management.azure.com/");
    }

    @Test
    void adfsAuthority_documentAndTokenEndpoint_standForTheEmulatorTenant(KeyVaultEmulator emulator)
            throws Exception {
        String authority = emulator.authorityHost() + "adfs";

        Map<String, Object> document = getJson(emulator, authority + "/.well-known/openid-configuration", 200);

        assertThat(document).containsEntry("issuer", authority)
                .containsEntry("authorization_endpoint", authority + "/oauth2/authorize/")
                .containsEntry("token_endpoint", authority + "/oauth2/token/");
        Map<String, Object> token = postForm(emulator, (String) document.get("token_endpoint"), CLIENT_CREDENTIALS
                + "&scope=" + encoded("https://vault.azure.net/.default"));
        assertThat(claims(token.get("access_token"))).containsEntry("tid", emulator.tenantId());
    }

    @Test
    void clientSecretCredential_adfsTenantWithoutDisablingInstanceDiscovery_getsVaultToken(KeyVaultEmulator emulator) {
        // MSAL trusts an /adfs authority as it is: no call to login.microsoftonline.com, which this machine cannot
        // reach. (A Java vault client with it stops at the challenge: azure-identity for Java refuses to swap the adfs
        // tenant for the challenge's; the Python one keeps adfs, see OpenIdMetadata.)
        TokenCredential credential = new ClientSecretCredentialBuilder().tenantId("adfs").clientId("orders-app")
                .clientSecret("s3cret").authorityHost(emulator.authorityHost().toString())
                .httpClient(EmulatorClients.httpClient(emulator)).build();

        String token = credential.getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default"))
                .getToken();

        assertThat(claims(token)).containsEntry("appid", "orders-app").containsEntry("tid", emulator.tenantId())
                .containsEntry("aud", "https://vault.azure.net");
    }

    @Test
    void instanceDiscovery_unknownHost_isItsOwnAliasWithTheTenantDocument(KeyVaultEmulator emulator) throws Exception {
        String host = emulator.authorityHost().getAuthority();

        Map<String, Object> answer = getJson(emulator, emulator.authorityHost()
                + "common/discovery/instance?api-version=1.1&authorization_endpoint="
                + encoded(emulator.authorityHost() + emulator.tenantId() + "/oauth2/v2.0/authorize"), 200);

        assertThat(answer).containsEntry("tenant_discovery_endpoint", emulator.authorityHost() + emulator.tenantId()
                + "/v2.0/.well-known/openid-configuration");
        assertThat(answer.get("metadata")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("preferred_network", host)
                .containsEntry("aliases", java.util.List.of(host));
    }

    @Test
    void managedIdentity2017_secretHeader_issuesTokenWithEpochExpiry(KeyVaultEmulator emulator) throws Exception {
        // MSI_ENDPOINT=<authorityHost>msi/token, MSI_SECRET=anything; msrestazure appends "/?resource=…"
        String url = emulator.authorityHost() + "msi/token/?resource=" + encoded("https://management.azure.com/")
                + "&api-version=2017-09-01";

        HttpResponse<String> response = http(emulator).send(HttpRequest.newBuilder(URI.create(url))
                .header("secret", "emulator").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(body).containsEntry("resource", "https://management.azure.com/")
                .containsEntry("token_type", "Bearer").containsKey("access_token");
        assertThat(Long.parseLong((String) body.get("expires_on"))).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void managedIdentity2017_withoutSecretHeader_isUnauthorized(KeyVaultEmulator emulator) throws Exception {
        String url = emulator.authorityHost() + "msi/token?resource=" + encoded("https://vault.azure.net")
                + "&api-version=2017-09-01";

        HttpResponse<String> response = http(emulator).send(HttpRequest.newBuilder(URI.create(url))
                .header("X-IDENTITY-HEADER", "emulator").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("MSI_SECRET");
    }
}
