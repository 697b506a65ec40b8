package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultStatus;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The main vault has a URL of its own, so only the named vault declared under Dev Services is emulated. */
class DevServicesNamedVaultOnlyTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.url", "https://localhost:1/")
            .overrideConfigKey("quarkus.keyvault.credential.type", "emulator")
            .overrideConfigKey("quarkus.keyvault.optional", "true")
            .overrideConfigKey("quarkus.keyvault.retry.max-retries", "0")
            // The SDK logs "Retry attempts have been exhausted" at ERROR for the unreachable vault this test sets up on
            // purpose; the core's own line says the same with the key to set (asserted where it matters).
            .overrideConfigKey("quarkus.log.category.\"com.azure.core.http.policy.RetryPolicy\".level", "OFF")
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "never served")
            .overrideConfigKey("quarkus.keyvault.devservices.vaults.orders_eu.secrets.db-password", "orders-dev-pw");

    @Inject
    Config config;

    @Test
    void mainUrlSet_onlyTheNamedVaultIsEmulated() {
        assertThat(config.getValue("quarkus.keyvault.url", String.class)).isEqualTo("https://localhost:1/");
        assertThat(config.getValue("db.password", String.class)).isEqualTo("orders-dev-pw");
        assertThat(config.getOptionalValue("greeting", String.class)).isEmpty();
        KeyVaultConfigSource orders = KeyVaultConfigSource.of(config).stream()
                .filter(s -> s.alias().equals("orders_eu")).findFirst().orElseThrow();
        assertThat(orders.status().state()).isEqualTo(VaultStatus.State.UP);
    }
}
