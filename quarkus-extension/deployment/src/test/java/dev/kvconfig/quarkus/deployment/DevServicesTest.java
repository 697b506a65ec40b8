package dev.kvconfig.quarkus.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No vault URL in test mode: Dev Services start the emulator in this JVM, seeded inline and from a file. */
class DevServicesTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(GreetingBean.class))
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "hello from the vault")
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.db-password", "dev-only-password")
            .overrideConfigKey("quarkus.keyvault.devservices.secrets-file",
                    "src/test/resources/devservices-secrets.properties")
            .overrideConfigKey("app.dsn", "jdbc:postgresql://db/app?password=${keyvault::db-password}");

    @Inject
    GreetingBean bean;

    @Inject
    Config config;

    @Test
    void configProperty_devServicesSecret_isInjected() {
        assertThat(bean.greeting()).isEqualTo("hello from the vault");
    }

    @Test
    void reference_devServicesSecret_isResolved() {
        assertThat(bean.dsn()).isEqualTo("jdbc:postgresql://db/app?password=dev-only-password");
    }

    @Test
    void secretsFile_propertyNames_areSeededAsSecretNames() {
        assertThat(config.getValue("api.key", String.class)).isEqualTo("from-the-file");
    }

    @Test
    void devServices_noUrl_wireEmulatorUrlTrustAndCredential() {
        assertThat(config.getValue("quarkus.keyvault.url", String.class)).startsWith("https://localhost:");
        assertThat(config.getValue("quarkus.keyvault.credential.type", String.class)).isEqualTo("emulator");
        assertThat(config.getOptionalValue("quarkus.keyvault.tls.trust-store", String.class)).isPresent();
        assertThat(KeyVaultConfigSource.of(config)).hasSize(1);
    }

    @Test
    void readiness_vaultLoaded_isUpWithDetails() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Azure Key Vault config"))
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.vaults", equalTo(1))
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.'default.secrets'", equalTo(3))
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.'default.url'", startsWith("https://"))
                .body("checks.find { it.name == 'Azure Key Vault config' }.data.'default.state'", equalTo("UP"));
    }
}
