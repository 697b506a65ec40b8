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

/** {@code quarkus.keyvault.devservices.enabled=false} and no URL: no emulator, no source, the app still starts. */
class DevServicesOffTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "never served");

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
