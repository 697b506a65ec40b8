package dev.kvconfig.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.keyvault.devservices.enabled=false} and no URL: no emulator, no source, the app still starts and says
 * once that Key Vault is not configured.
 */
class DevServicesOffTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "never served")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("dev.kvconfig.quarkus"))
            // One INFO line says that no vault is configured, so an app that expected one does not start silently.
            .assertLogRecords(records -> assertThat(records)
                    .filteredOn(r -> r.getMessage().contains("Azure Key Vault is not configured")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.getLevel().getName()).isEqualTo("INFO");
                        assertThat(r.getMessage()).contains("quarkus.keyvault.url");
                    }));

    @Inject
    Config config;

    @Test
    void devServicesOff_noUrl_noVaultSource() {
        assertThat(config.getOptionalValue("quarkus.keyvault.url", String.class)).isEmpty();
        assertThat(KeyVaultConfigSource.of(config)).isEmpty();
        assertThat(config.getOptionalValue("greeting", String.class)).isEmpty();
    }

    @Test
    void readiness_noVault_isUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.vaults", equalTo(0));
    }
}
