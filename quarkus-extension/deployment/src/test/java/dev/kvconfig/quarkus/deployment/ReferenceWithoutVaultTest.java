package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A property references the vault but no vault is configured (no URL, Dev Services off, as a packaged app started
 * without its settings): startup fails naming the property and the key to set, instead of reporting ready and failing
 * the first request that reads the property.
 */
class ReferenceWithoutVaultTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("app.api-key", "${keyvault::api-key}")
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("app.api-key: ")
                    .contains("has no alias, but quarkus.keyvault.url is not set; set quarkus.keyvault.url"));

    @Test
    void startup_referenceWithoutVault_failsNamingPropertyAndUrlKey() {
        fail("startup should have failed");
    }
}
