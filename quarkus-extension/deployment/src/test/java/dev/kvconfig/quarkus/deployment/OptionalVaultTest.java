package dev.kvconfig.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.keyvault.optional=true}: the app starts without the unreachable vault, readiness says DOWN, and the log
 * line says so in {@code quarkus.keyvault.*} terms.
 */
class OptionalVaultTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.url", "https://localhost:1/")
            .overrideConfigKey("quarkus.keyvault.credential.type", "emulator")
            .overrideConfigKey("quarkus.keyvault.retry.max-retries", "0")
            // The SDK logs "Retry attempts have been exhausted" at ERROR for the unreachable vault this test sets up on
            // purpose; the core's own line says the same with the key to set (asserted where it matters).
            .overrideConfigKey("quarkus.log.category.\"com.azure.core.http.policy.RetryPolicy\".level", "OFF")
            .overrideConfigKey("quarkus.keyvault.optional", "true")
            .setLogRecordPredicate(r -> "dev.kvconfig.source".equals(r.getLoggerName()))
            // The core's WARNING names the key as Quarkus users write it.
            .assertLogRecords(records -> assertThat(records).anySatisfy(r -> assertThat(
                    new java.util.logging.SimpleFormatter().formatMessage(r))
                    .contains("unreachable at startup", "quarkus.keyvault.optional=true")
                    .doesNotContain(" keyvault.optional")));

    @Inject
    Config config;

    @Test
    void optional_vaultUnreachable_startsWithoutItsValues() {
        assertThat(config.getOptionalValue("greeting", String.class)).isEmpty();
    }

    @Test
    void readiness_optionalVaultUnreachable_isDown() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.'default.state'", equalTo("DOWN"))
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.'default.last-refresh'",
                        nullValue())
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.'default.consecutive-failures'",
                        greaterThanOrEqualTo(1));
    }
}
