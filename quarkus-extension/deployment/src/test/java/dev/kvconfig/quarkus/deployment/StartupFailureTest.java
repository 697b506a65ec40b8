package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A vault unreachable at startup fails startup, and the message says which key makes it optional. */
class StartupFailureTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            // Port 1: nothing listens, the connection is refused at once.
            .overrideConfigKey("quarkus.keyvault.url", "https://localhost:1/")
            .overrideConfigKey("quarkus.keyvault.credential.type", "emulator")
            .overrideConfigKey("quarkus.keyvault.retry.max-retries", "0")
            // The SDK logs "Retry attempts have been exhausted" at ERROR for the unreachable vault this test sets up on
            // purpose; the core's own line says the same with the key to set (asserted where it matters).
            .overrideConfigKey("quarkus.log.category.\"com.azure.core.http.policy.RetryPolicy\".level", "OFF")
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("https://localhost:1/")
                    .contains("quarkus.keyvault.url")
                    .contains("quarkus.keyvault.optional=true")
                    .doesNotContain(" keyvault.optional"));

    @Test
    void startup_vaultUnreachable_failsNamingQuarkusKeys() {
        fail("startup should have failed");
    }
}
