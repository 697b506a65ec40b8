package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.quarkus.test.QuarkusUnitTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TLS material group whose certificate cannot serve TLS (here expired; a key that is not exportable takes the same
 * path) fails startup, and the message names the group as the user wrote it.
 */
class TlsMaterialRefusedAtStartupTest {

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder().vault("demo"),
            "demo")
            .afterStart(e -> TestCa.create("kvconfig expired CA").issue("RSA", Duration.ofDays(-1)).importAs(
                    TestCa.certificates(e.vaultUrl("demo").toString(), e.trustStore(), e.trustStorePassword()),
                    "old-tls"));

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCa.class, TestCa.Issued.class, ExplicitEmulator.class))
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.keyvault.tls-material.web.certificate", "old-tls")
            .setBeforeAllCustomizer(VAULTS::start)
            .setAfterAllCustomizer(VAULTS::stop)
            .assertException(t -> assertThat(Messages.chain(t))
                    .contains("quarkus.keyvault.tls-material.web.*")
                    .contains("certificate 'old-tls'")
                    .contains("refused at startup")
                    .contains("expired on"));

    @Test
    void startup_expiredTlsCertificate_failsNamingTheGroup() {
        fail("startup should have failed");
    }
}
