package dev.kvconfig.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.secrets.SecretClient;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API over plain HTTP, as curl or another process would use it. */
class AdminApiTest {
    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("demo").vault("other").seed("demo", Map.of("s", "v")).seed("other", Map.of("s", "w")));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SecretClient demo;
    private static SecretClient other;

    @BeforeAll
    static void clients(KeyVaultEmulator emulator) {
        demo = EmulatorClients.secretClient(emulator, "demo");
        other = EmulatorClients.secretClient(emulator, "other");
        demo.getSecret("s");
        other.getSecret("s");
    }

    private static HttpResponse<String> admin(KeyVaultEmulator e, String method, String path, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(e.adminUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_isUp(KeyVaultEmulator e) throws Exception {
        HttpResponse<String> r = admin(e, "GET", "/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void stats_countOperationsPerVault_andResetClearsThem(KeyVaultEmulator e) throws Exception {
        demo.getSecret("s");
        demo.listPropertiesOfSecrets().stream().count();

        String stats = admin(e, "GET", "/stats", null).body();
        assertThat(stats).isEqualTo("{\"total\":2,\"vaults\":{\"demo\":{\"total\":2,\"operations\":"
                + "{\"GetSecret\":1,\"GetSecrets\":1}},\"other\":{\"total\":0,\"operations\":{}}}}");

        assertThat(admin(e, "POST", "/stats/reset", null).statusCode()).isEqualTo(204);
        assertThat(e.stats().total()).isZero();
    }

    @Test
    void stats_throttledVault_reportsItsWindowsToo(KeyVaultEmulator e) throws Exception {
        assertThat(admin(e, "PUT", "/faults?vault=demo", "{\"throttle\":{\"requests\":5,\"perSeconds\":10}}")
                .statusCode()).isEqualTo(200);
        demo.getSecret("s");

        assertThat(admin(e, "GET", "/stats", null).body()).isEqualTo("{\"total\":1,\"vaults\":{\"demo\":{\"total\":1,"
                + "\"operations\":{\"GetSecret\":1},\"throttle\":{\"windows\":1,\"refused\":0,\"busiestWindow\":1}},"
                + "\"other\":{\"total\":0,\"operations\":{}}}}");
    }

    @Test
    void putFaults_forOneVault_appliesOnlyThere_deleteClears(KeyVaultEmulator e) throws Exception {
        HttpResponse<String> put = admin(e, "PUT", "/faults?vault=other", "{\"errorRate\":1.0}");
        assertThat(put.statusCode()).isEqualTo(200);

        assertThat(demo.getSecret("s").getValue()).isEqualTo("v");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.getSecret("s"))
                .isInstanceOf(com.azure.core.exception.HttpResponseException.class);

        assertThat(admin(e, "DELETE", "/faults", null).statusCode()).isEqualTo(204);
        assertThat(other.getSecret("s").getValue()).isEqualTo("w");
    }

    @Test
    void putFaults_fullDocument_isAccepted(KeyVaultEmulator e) throws Exception {
        HttpResponse<String> r = admin(e, "PUT", "/faults", "{\"latencyMs\":0,\"outage\":false,\"errorRate\":0.0,"
                + "\"throttle\":{\"requests\":100,\"perSeconds\":10}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"throttle\":{\"requests\":100,\"perSeconds\":10}");
        assertThat(demo.getSecret("s").getValue()).isEqualTo("v");
    }

    @Test
    void putFaults_badInput_is400_unknownVault_is404(KeyVaultEmulator e) throws Exception {
        assertThat(admin(e, "PUT", "/faults", "{\"errorRate\":2}").statusCode()).isEqualTo(400);
        assertThat(admin(e, "PUT", "/faults", "{nope").statusCode()).isEqualTo(400);
        assertThat(admin(e, "PUT", "/faults", "{\"latency\":5}").body()).contains("latencyMs");
        assertThat(admin(e, "PUT", "/faults?vault=missing", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownAdminPath_is404_wrongMethod_is405(KeyVaultEmulator e) throws Exception {
        assertThat(admin(e, "GET", "/nope", null).statusCode()).isEqualTo(404);
        assertThat(admin(e, "POST", "/stats", null).statusCode()).isEqualTo(405);
    }
}
