package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rule the core checks (max-staleness below the interval) fails startup with the core's message in Quarkus keys. */
class ClashingSettingsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.url", "https://localhost:1/")
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "2h")
            .overrideConfigKey("quarkus.keyvault.refresh.max-staleness", "1h")
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("quarkus.keyvault.refresh.max-staleness")
                    .contains("quarkus.keyvault.refresh.interval")
                    .doesNotContain(" keyvault.refresh"));

    @Test
    void maxStaleness_belowInterval_failsNamingQuarkusKeys() {
        fail("startup should have failed");
    }
}
