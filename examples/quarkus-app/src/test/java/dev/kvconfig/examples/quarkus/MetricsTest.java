package dev.kvconfig.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With Micrometer present, the extension publishes its gauges; Prometheus shows them at /q/metrics. */
@QuarkusTest
class MetricsTest {

    @Test
    void metrics_micrometerPresent_publishesVaultGauges() {
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("kvconfig_vault_secrets{vault=\"default\"} 3.0"))
                .body(containsString("kvconfig_vault_up{vault=\"default\"} 1.0"))
                .body(containsString("kvconfig_vault_staleness_seconds{vault=\"default\"}"))
                .body(containsString("kvconfig_vault_failures{vault=\"default\"} 0.0"));
    }
}
