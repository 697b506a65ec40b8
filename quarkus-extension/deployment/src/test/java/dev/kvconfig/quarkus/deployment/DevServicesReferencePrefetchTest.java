package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.secrets.SecretClient;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Dev Services wiring the vault, references are fetched at startup too (the handler sees the wired URL, trust and
 * credential while the config is built): a secret rotated after startup and before the first read of its reference is
 * read as it was at startup, so that first read sent no request. (Refresh is 1h: nothing refreshes it in between.)
 */
class DevServicesReferencePrefetchTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(VaultWriter.class))
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.ref-one", "one-at-startup")
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.ref-two", "two-at-startup")
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "1h")
            .overrideConfigKey("app.one", "${keyvault::ref-one}")
            .overrideConfigKey("app.two", "user=app;password=${keyvault::ref-two}");

    @Inject
    Config config;

    @Test
    void references_rotatedAfterStartupBeforeFirstRead_readAsFetchedAtStartup() {
        SecretClient vault = VaultWriter.client(config, "quarkus.keyvault.url");
        vault.setSecret("ref-one", "one-rotated");
        vault.setSecret("ref-two", "two-rotated");

        assertThat(config.getValue("app.two", String.class)).isEqualTo("user=app;password=two-at-startup");
        assertThat(config.getValue("app.one", String.class)).isEqualTo("one-at-startup");
    }
}
