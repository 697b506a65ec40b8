package dev.kvconfig.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.KeyVaultSources;
import dev.kvconfig.spring.test.EmbeddedKeyVault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service over HTTP against the in-process emulator: config from the vault, a rotation, health, no secret echoed.
 * Plain JDK HTTP, so the same test runs on Boot 4 (here) and Boot 3.5 ({@code examples/spring-boot3-app}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKeyVault(secrets = {"greeting-message=Hello from the test vault", "orders-api-key=test-api-key-1",
        "orders-db-password=test-db-password-1"})
class OrdersControllerTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    KeyVaultEmulator emulator;
    @Autowired
    KeyVaultSources vaults;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void config_fromTheVault_isReportedWithoutValues() throws Exception {
        String body = get("/orders/config");
        assertThat(body).isEqualTo("{\"apiKeyConfigured\":true,\"dbPasswordConfigured\":true,\"pageSize\":50}");
    }

    @Test
    void rotation_reachesTheRefreshScopedGreeting() throws Exception {
        assertThat(get("/greeting")).contains("Hello from the test vault");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "greeting-message", "Rotated greeting");
        vaults.refreshNow().join();
        assertThat(get("/greeting")).contains("Rotated greeting");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "greeting-message", "Hello from the test vault");
        vaults.refreshNow().join();
    }

    @Test
    void health_andEnv_showTheVaultWithoutItsValues() throws Exception {
        assertThat(get("/actuator/health")).contains("\"keyvault\"")
                .contains("\"state\":\"UP\"");
        assertThat(get("/actuator/env")).contains("keyvault-default")
                .doesNotContain("test-api-key").doesNotContain("test-db-password");
    }
}
