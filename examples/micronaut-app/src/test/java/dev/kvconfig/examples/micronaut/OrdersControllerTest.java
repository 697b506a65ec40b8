package dev.kvconfig.examples.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.KeyVaultSources;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersControllerTest implements TestPropertyProvider {

    final KeyVaultEmulator emulator = KeyVaultEmulator.builder()
            .vault("orders").seed("orders", Application.DEMO_SECRETS).start();

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    KeyVaultSources vaults;

    @Override
    public Map<String, String> getProperties() {
        return KeyVaultTestProperties.of(emulator, "orders");
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void greeting_fromVault_overridesApplicationYml() {
        String body = http.toBlocking().retrieve("/greeting");

        assertThat(body).contains("Hello from Azure Key Vault");
    }

    @Test
    void ordersConfig_secretsConfigured_areReportedButNeverEchoed() {
        String body = http.toBlocking().retrieve("/orders/config");

        assertThat(body).contains("\"apiKeyConfigured\":true", "\"dbPasswordConfigured\":true", "\"pageSize\":50");
        assertThat(body).doesNotContain(Application.DEMO_SECRETS.get("orders-api-key"),
                Application.DEMO_SECRETS.get("orders-db-password"));
    }

    @Test
    void health_vaultLoaded_isUpWithVaultDetails() {
        String body = http.toBlocking().retrieve("/health");

        assertThat(body).contains("\"status\":\"UP\"", "\"keyvault\"", "\"secrets\":3");
        assertThat(body).doesNotContain(Application.DEMO_SECRETS.get("orders-db-password"));
    }

    @Test
    void greeting_rotatedInVault_isServedAfterRefresh() {
        emulator.setSecret("orders", "greeting-message", "Hello again");
        vaults.refreshNow().join();

        assertThat(http.toBlocking().retrieve("/greeting")).contains("Hello again");
    }
}
