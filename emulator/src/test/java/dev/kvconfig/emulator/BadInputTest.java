package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Raw HTTPS requests the SDK would never send: the emulator answers like the service and keeps serving. */
class BadInputTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(
            KeyVaultEmulator.builder().vault("demo").seed("demo", Map.of("present", "p")));

    private static HttpClient http;
    private static URI vault;
    private static String token;

    @BeforeAll
    static void setUp(KeyVaultEmulator emulator) {
        http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        vault = emulator.vaultUrl("demo");
        token = emulator.issueToken("tester");
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault + pathAndQuery.substring(1)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void missingApiVersion_isBadParameter() throws Exception {
        HttpResponse<String> r = send("GET", "/secrets/present", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"BadParameter\"").contains("api-version");
    }

    @Test
    void plusInPathSegment_isLiteralNotSpace() throws Exception {
        // "+" is not a valid secret-name character, so the name check refuses it; a decoded space would say the same
        // with another name in the message, hence the check on the echoed name.
        HttpResponse<String> r = send("GET", "/secrets/a+b?api-version=7.5", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("a+b");
    }

    @Test
    void anyApiVersion_isAccepted() throws Exception {
        assertThat(send("GET", "/secrets/present?api-version=2099-01-01", null).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJson_isBadParameter() throws Exception {
        HttpResponse<String> r = send("PUT", "/secrets/x?api-version=7.5", "{\"value\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("BadParameter");
    }

    @Test
    void missingValue_isBadParameter() throws Exception {
        HttpResponse<String> r = send("PUT", "/secrets/x?api-version=7.5", "{\"contentType\":\"text/plain\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("BadParameter").contains("value");
    }

    @Test
    void nonStringValue_isBadParameter() throws Exception {
        assertThat(send("PUT", "/secrets/x?api-version=7.5", "{\"value\":42}").statusCode()).isEqualTo(400);
    }

    @Test
    void invalidName_isBadParameter() throws Exception {
        assertThat(send("PUT", "/secrets/bad.name?api-version=7.5", "{\"value\":\"v\"}").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/secrets/" + "a".repeat(128) + "?api-version=7.5", null).statusCode()).isEqualTo(400);
    }

    @Test
    void unknownPath_is404WithErrorBody() throws Exception {
        HttpResponse<String> r = send("GET", "/nothing/here?api-version=7.5", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"error\"");
    }

    @Test
    void wrongMethod_is405() throws Exception {
        HttpResponse<String> r = send("POST", "/secrets/present?api-version=7.5", "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).contains("\"error\"");
    }

    @Test
    void badMaxResults_isBadParameter() throws Exception {
        assertThat(send("GET", "/secrets?api-version=7.5&maxresults=26", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/secrets?api-version=7.5&$skiptoken=garbage", null).statusCode()).isEqualTo(400);
    }

    @Test
    void errorResponses_neverEchoTheValue() throws Exception {
        HttpResponse<String> r = send("PUT", "/secrets/bad_name?api-version=7.5", "{\"value\":\"TOP-SECRET-VALUE\"}");
        assertThat(r.body()).doesNotContain("TOP-SECRET-VALUE");
    }

    @Test
    void afterGarbage_emulatorKeepsServing(KeyVaultEmulator emulator) throws Exception {
        send("PUT", "/secrets/x?api-version=7.5", "\u0000\u0001garbage");
        send("PATCH", "/secrets/present/?api-version=7.5", "[1,2,3]");
        assertThat(send("GET", "/secrets/present/?api-version=7.5", null).body()).contains("\"value\":\"p\"");
    }
}
