package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.tls.<name>.trust-store.*} and a {@code tls-material.<name>} group both giving the same TLS
 * configuration its stores: startup fails naming both, before any certificate is read.
 */
class TlsMaterialWithRegistryStoresTest {

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder().vault("demo"),
            "demo")
            .property("quarkus.tls.web.trust-store.p12.path", e -> e.trustStore().toString())
            .property("quarkus.tls.web.trust-store.p12.password", KeyVaultEmulator::trustStorePassword);

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ExplicitEmulator.class))
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keyvault.tls-material.web.certificate", "web-tls")
            .setBeforeAllCustomizer(VAULTS::start)
            .setAfterAllCustomizer(VAULTS::stop)
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("quarkus.tls.web.key-store.*, quarkus.tls.web.trust-store.* or quarkus.tls.web.trust-all")
                    .contains("quarkus.keyvault.tls-material.web.*")
                    .contains("remove one of them"));

    @Test
    void startup_registryStoresAndVaultMaterialForOneName_failsNamingBoth() {
        fail("startup should have failed");
    }
}
