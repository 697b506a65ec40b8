package dev.kvconfig.emulator.identity;

import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.Response;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityServiceTest {
    private static final String TENANT = "7a3c1f9e-0000-4000-8000-000000000001";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Map<String, String> FOR_VAULT =
            Map.of("api-version", "2019-08-01", "resource", "https://vault.azure.net");
    private static final Map<String, String> FOR_R = Map.of("api-version", "2019-08-01", "resource", "r");

    private final IdentityService lax = IdentityService.create(TENANT,
            ClientRegistry.builder().client("app-1", "right-secret", "11111111-1111-1111-1111-111111111111").build(),
            null, CLOCK);

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String secretForm(String clientId, String secret) {
        return form("client_info", "1", "grant_type", "client_credentials",
                "scope", "openid profile offline_access https://vault.azure.net/.default",
                "client_id", clientId, "client_secret", secret);
    }

    private static String unsignedJwt(String claimsJson) {
        return Jwt.encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + Jwt.encode(claimsJson) + ".c2ln";
    }

    private static long firstErrorCode(Response reply) {
        return ((Number) ((List<?>) body(reply).get("error_codes")).get(0)).longValue();
    }

    private static long seconds(Map<String, Object> claims, String name) {
        return ((Number) claims.get(name)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response reply) {
        return (Map<String, Object>) reply.body();
    }

    @Test
    void token_registeredClientRightSecret_returnsSignedTokenWithClaims() {
        Response reply = lax.token(TENANT, secretForm("app-1", "right-secret"), null);

        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> body = body(reply);
        assertThat(body).containsEntry("token_type", "Bearer").containsKeys("expires_in", "ext_expires_in");
        String token = (String) body.get("access_token");
        Map<String, Object> claims = lax.claims(token).orElseThrow();
        assertThat(claims).containsEntry("aud", "https://vault.azure.net")
                .containsEntry("iss", "https://sts.windows.net/" + TENANT + "/")
                .containsEntry("tid", TENANT)
                .containsEntry("oid", "11111111-1111-1111-1111-111111111111")
                .containsEntry("appid", "app-1");
        assertThat(seconds(claims, "iat")).isEqualTo(NOW.getEpochSecond());
        assertThat(seconds(claims, "nbf")).isEqualTo(NOW.getEpochSecond());
        assertThat(seconds(claims, "exp")).isEqualTo(NOW.getEpochSecond() + 3600);
    }

    @Test
    void token_registeredClientWrongSecret_isInvalidClient() {
        Response reply = lax.token(TENANT, secretForm("app-1", "wrong"), "corr-1");

        assertThat(reply.status()).isEqualTo(401);
        Map<String, Object> body = body(reply);
        assertThat(body).containsEntry("error", "invalid_client")
                
                .containsEntry("correlation_id", "corr-1")
                .containsKeys("error_description", "timestamp", "trace_id");
        assertThat((String) body.get("error_description")).startsWith("AADSTS7000215:");
        assertThat(Json.writeString(reply.body())).doesNotContain("right-secret").doesNotContain("wrong");
        assertThat(firstErrorCode(reply)).isEqualTo(7000215);
    }

    @Test
    void token_unregisteredClientLax_getsDerivedObjectId() {
        Response reply = lax.token(TENANT, secretForm("other-app", "anything"), null);

        String token = (String) body(reply).get("access_token");
        assertThat(lax.claims(token).orElseThrow()).containsEntry("oid",
                UUID.nameUUIDFromBytes("other-app".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void token_unregisteredClientStrict_isUnauthorizedClient() {
        IdentityService strict = IdentityService.create(TENANT, ClientRegistry.builder().strict(true).build(), null,
                CLOCK);

        Response reply = strict.token(TENANT, secretForm("other-app", "anything"), null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply)).containsEntry("error", "unauthorized_client");
    }

    @Test
    void token_otherTenant_isInvalidRequestNamingTenant() {
        Response reply = lax.token("someone-else", secretForm("app-1", "right-secret"), null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply)).containsEntry("error", "invalid_request");
        assertThat((String) body(reply).get("error_description")).contains("someone-else").contains(TENANT);
        assertThat(firstErrorCode(reply)).isEqualTo(90002);
    }

    @Test
    void token_noDefaultScope_isInvalidScope() {
        Response reply = lax.token(TENANT, form("grant_type", "client_credentials", "client_id", "x",
                "client_secret", "s", "scope", "openid profile"), null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply)).containsEntry("error", "invalid_scope");
    }

    @Test
    void token_otherGrantType_isUnsupportedGrantType() {
        Response reply = lax.token(TENANT, form("grant_type", "password", "client_id", "x"), null);

        assertThat(body(reply)).containsEntry("error", "unsupported_grant_type");
    }

    @Test
    void token_noClientId_isInvalidRequestNamingParameter() {
        Response reply = lax.token(TENANT, form("grant_type", "client_credentials",
                "scope", "https://vault.azure.net/.default"), null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat((String) body(reply).get("error_description")).contains("'client_id'");
    }

    @Test
    void token_noCredential_isInvalidClient() {
        Response reply = lax.token(TENANT, form("grant_type", "client_credentials", "client_id", "x",
                "scope", "https://vault.azure.net/.default"), null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(body(reply));
        assertThat(firstErrorCode(reply)).isEqualTo(7000216);
    }

    @Test
    void token_wellFormedAssertionLax_isAccepted() {
        String assertion = unsignedJwt("{\"sub\":\"system:serviceaccount:ns:app\",\"iss\":\"https://k8s\"}");

        Response reply = lax.token(TENANT, form("grant_type", "client_credentials", "client_id", "wi-app",
                "scope", "https://vault.azure.net/.default", "client_assertion", assertion,
                "client_assertion_type", TokenRequest.JWT_BEARER), null);

        assertThat(reply.status()).isEqualTo(200);
        String token = (String) body(reply).get("access_token");
        assertThat(lax.claims(token).orElseThrow()).containsEntry("appid", "wi-app").containsEntry("appidacr", "2");
    }

    @Test
    void token_assertionForRegisteredClientNotNamingIt_isInvalidClient() {
        String assertion = unsignedJwt("{\"sub\":\"someone\",\"iss\":\"someone\"}");

        Response reply = lax.token(TENANT, form("grant_type", "client_credentials", "client_id", "app-1",
                "scope", "https://vault.azure.net/.default", "client_assertion", assertion,
                "client_assertion_type", TokenRequest.JWT_BEARER), null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(body(reply));
        assertThat(firstErrorCode(reply)).isEqualTo(700021);
    }

    @Test
    void token_malformedAssertion_isInvalidClient() {
        Response reply = lax.token(TENANT, form("grant_type", "client_credentials", "client_id", "wi-app",
                "scope", "https://vault.azure.net/.default", "client_assertion", "not-a-jwt",
                "client_assertion_type", TokenRequest.JWT_BEARER), null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(body(reply));
        assertThat(firstErrorCode(reply)).isEqualTo(50027);
    }

    @Test
    void token_assertionWithoutType_isInvalidRequest() {
        Response reply = lax.token(TENANT, form("grant_type", "client_credentials", "client_id", "wi-app",
                "scope", "https://vault.azure.net/.default", "client_assertion", unsignedJwt("{}")), null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply)).containsEntry("error", "invalid_request");
    }

    @Test
    void isEmulatorToken_forgedToken_isFalse() {
        String forged = unsignedJwt("{\"iss\":\"https://sts.windows.net/" + TENANT + "/\",\"exp\":9999999999}");

        assertThat(lax.isEmulatorToken(forged)).isFalse();
        assertThat(lax.isEmulatorToken("garbage")).isFalse();
        assertThat(lax.isEmulatorToken(lax.issueToken("oid-1"))).isTrue();
    }

    @Test
    void isEmulatorToken_otherEmulatorsToken_isFalse() {
        IdentityService other = IdentityService.create(TENANT, ClientRegistry.lax(), null, CLOCK);

        assertThat(lax.isEmulatorToken(other.issueToken("oid-1"))).isFalse();
    }

    @Test
    void isEmulatorToken_expiredToken_isFalse() {
        // one service, two clocks is impossible; so check a token this service made two hours "ago" via a past clock
        IdentityService past = IdentityService.create(TENANT, ClientRegistry.lax(), null,
                Clock.offset(CLOCK, Duration.ofHours(-2)));
        String old = past.issueToken("oid-1");

        assertThat(past.isEmulatorToken(old)).isTrue();
        assertThat(lax.isEmulatorToken(old)).isFalse();   // other key as well, so see TokenIssuerTest for expiry alone
    }

    @Test
    void managedIdentity_validRequest_returnsAppServiceShape() {
        Response reply = lax.managedIdentity(FOR_VAULT, "h");

        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> body = body(reply);
        assertThat(body).containsEntry("token_type", "Bearer")
                .containsEntry("resource", "https://vault.azure.net")
                .containsEntry("expires_on", String.valueOf(NOW.getEpochSecond() + 3600))
                .containsEntry("client_id", IdentityService.MANAGED_IDENTITY_CLIENT_ID);
        assertThat(lax.claims((String) body.get("access_token")).orElseThrow())
                .containsEntry("aud", "https://vault.azure.net").containsEntry("tid", TENANT);
    }

    @Test
    void managedIdentity_missingHeader_is401() {
        Response reply = lax.managedIdentity(FOR_VAULT, null);

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void managedIdentity_wrongHeaderWhenConfigured_is401() {
        IdentityService pinned = IdentityService.create(TENANT, ClientRegistry.lax(), "expected", CLOCK);

        assertThat(pinned.managedIdentity(FOR_R, "other").status()).isEqualTo(401);
        assertThat(pinned.managedIdentity(FOR_R, "expected").status()).isEqualTo(200);
    }

    @Test
    void managedIdentity_missingResource_is400WithMessage() {
        Response reply = lax.managedIdentity(Map.of("api-version", "2019-08-01"), "h");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply)).containsKey("message");
    }

    @Test
    void managedIdentity_userAssignedClientId_isEchoed() {
        Response reply = lax.managedIdentity(
                Map.of("api-version", "2019-08-01", "resource", "r", "client_id", "ua-1"), "h");

        assertThat(body(reply)).containsEntry("client_id", "ua-1");
    }

    @Test
    void clientRegistry_duplicateClient_isRejected() {
        ClientRegistry.Builder builder = ClientRegistry.builder().client("a", "s", "o");

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.client("A", "s2", "o2")).withMessageContaining("already registered");
    }

    @Test
    void clientRegistry_toString_hidesSecrets() {
        assertThat(ClientRegistry.builder().client("a", "top-secret", "o").build().toString())
                .doesNotContain("top-secret");
    }
}
