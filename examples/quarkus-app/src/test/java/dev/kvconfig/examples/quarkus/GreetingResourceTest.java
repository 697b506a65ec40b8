package dev.kvconfig.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Runs on Dev Services: the emulator starts in the test JVM, seeded from application.properties. */
@QuarkusTest
class GreetingResourceTest {

    private static final String DEV_API_KEY = "dev-only-api-key-not-a-real-one";

    @Test
    void greeting_devServicesVault_servesGreetingFromVault() {
        given().when().get("/greeting").then()
                .statusCode(200)
                .body("greeting", equalTo("Hello from Key Vault (Dev Services)"));
    }

    @Test
    void greeting_apiKey_isShownAsLengthAndFingerprintOnly() {
        given().when().get("/greeting").then()
                .statusCode(200)
                .body("apiKeyLength", equalTo(DEV_API_KEY.length()))
                .body("apiKeyFingerprint", equalTo(GreetingResource.fingerprint(DEV_API_KEY)))
                .body(not(containsString(DEV_API_KEY)));
    }

    @Test
    void readiness_devServicesVault_isUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }
}
