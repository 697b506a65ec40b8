package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.VaultStatus;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An emulator with two vaults configured by URL: injection, a named vault, references and the refresh event. */
class ExplicitEmulatorTest {

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder()
            .vault("demo").vault("payments")
            .seed("demo", Map.of("greeting", "hello from demo", "db-password", "first-password"))
            .seed("payments", Map.of("api-key", "payments-key-1")), "demo")
            .property("quarkus.keyvault.vaults.payments.url", e -> e.vaultUrl("payments").toString())
            .afterStart(e -> VaultWriter.createRsaKey(e, "payments", "jwt-signing"));

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(GreetingBean.class, ChangeRecorder.class, VaultWriter.class,
                    ExplicitEmulator.class))
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            // Refreshes only when the test asks: no background cycle can race the assertions.
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "1h")
            .overrideConfigKey("app.dsn", "key=${keyvault::payments:api-key}")
            .overrideConfigKey("app.jwt-public-key", "${keyvault-key::payments:jwt-signing}")
            .setBeforeAllCustomizer(VAULTS::start)
            .setAfterAllCustomizer(VAULTS::stop);

    @Inject
    GreetingBean bean;

    @Inject
    ChangeRecorder changes;

    @Inject
    Config config;

    @Test
    void configProperty_explicitEmulator_isInjected() {
        assertThat(bean.greeting()).isEqualTo("hello from demo");
    }

    @Test
    void reference_namedVault_isResolved() {
        assertThat(bean.dsn()).isEqualTo("key=payments-key-1");
    }

    @Test
    void keyReference_namedVault_resolvesToPublicPem() {
        assertThat(config.getValue("app.jwt-public-key", String.class)).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void namedVault_secrets_areServedAsProperties() {
        assertThat(config.getValue("api.key", String.class)).isEqualTo("payments-key-1");
        assertThat(KeyVaultConfigSource.of(config)).extracting(KeyVaultConfigSource::alias)
                .containsExactlyInAnyOrder("default", "payments");
    }

    @Test
    void refresh_rotatedSecret_firesCdiEventWithChangedNames() throws Exception {
        VaultWriter.client(config, "quarkus.keyvault.url").setSecret("db-password", "second-password");

        KeyVaultConfigSource demo = KeyVaultConfigSource.of(config).stream()
                .filter(s -> s.alias().equals("default")).findFirst().orElseThrow();
        VaultStatus status = demo.refreshNow().get(30, TimeUnit.SECONDS);

        assertThat(status.state()).isEqualTo(VaultStatus.State.UP);
        assertThat(changes.events()).extracting(SecretsChangeEvent::changedProperties)
                .anySatisfy(names -> assertThat(names).containsExactly("db.password"));
        assertThat(config.getValue("db.password", String.class)).isEqualTo("second-password");
        assertThat(bean.currentDbPassword()).isEqualTo("second-password");
    }
}
