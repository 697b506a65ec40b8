package dev.kvconfig.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.KeyVaultSources;
import dev.kvconfig.spring.test.EmbeddedKeyVault;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The service over HTTP against the in-process emulator: config from the vault, a rotation, health, no secret echoed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKeyVault(secrets = {"greeting-message=Hello from the test vault", "orders-api-key=test-api-key-1",
        "orders-db-password=test-db-password-1"})
class OrdersControllerTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    KeyVaultEmulator emulator;
    @Autowired
    KeyVaultSources vaults;

    @Test
    void config_fromTheVault_isReportedWithoutValues() {
        String body = http.getForObject("/orders/config", String.class);
        assertThat(body).isEqualTo("{\"apiKeyConfigured\":true,\"dbPasswordConfigured\":true,\"pageSize\":50}");
    }

    @Test
    void rotation_reachesTheRefreshScopedGreeting() {
        assertThat(http.getForObject("/greeting", String.class)).contains("Hello from the test vault");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "greeting-message", "Rotated greeting");
        vaults.refreshNow().join();
        assertThat(http.getForObject("/greeting", String.class)).contains("Rotated greeting");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "greeting-message", "Hello from the test vault");
        vaults.refreshNow().join();
    }

    @Test
    void health_andEnv_showTheVaultWithoutItsValues() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"keyvault\"")
                .contains("\"state\":\"UP\"");
        assertThat(http.getForObject("/actuator/env", String.class)).contains("keyvault-default")
                .doesNotContain("test-api-key").doesNotContain("test-db-password");
    }
}
