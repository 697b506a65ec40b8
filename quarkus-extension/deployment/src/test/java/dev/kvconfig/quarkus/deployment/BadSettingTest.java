package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A malformed setting fails startup with a message naming the quarkus.keyvault.* key and the value. */
class BadSettingTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.url", "https://localhost:1/")
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "every-now-and-then")
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("quarkus.keyvault.refresh.interval")
                    .contains("every-now-and-then"));

    @Test
    void refreshInterval_malformed_failsNamingQuarkusKey() {
        fail("startup should have failed");
    }
}
