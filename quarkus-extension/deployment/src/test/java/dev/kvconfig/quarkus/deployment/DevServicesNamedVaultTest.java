package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dev Services emulate the main vault and a named one, each seeded on its own (secrets and keys), in one emulator. */
class DevServicesNamedVaultTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "hello from the main dev vault")
            .overrideConfigKey("quarkus.keyvault.devservices.vaults.payments.secrets.api-key", "payments-dev-key")
            .overrideConfigKey("quarkus.keyvault.vaults.payments.ordinal", "280")
            .overrideConfigKey("app.payments-key", "${keyvault::payments:api-key}")
            .overrideConfigKey("quarkus.keyvault.devservices.keys.jwt-signing", "ec")
            .overrideConfigKey("quarkus.keyvault.devservices.vaults.payments.keys.pay-signing", "rsa")
            .overrideConfigKey("app.jwt-key", "${keyvault-key::jwt-signing}")
            .overrideConfigKey("app.pay-jwk", "${keyvault-key::payments:pay-signing#jwk}");

    @Inject
    Config config;

    @Test
    void namedVault_devServices_servesItsOwnSecretsThroughItsOwnSource() {
        assertThat(KeyVaultConfigSource.of(config)).extracting(KeyVaultConfigSource::alias)
                .containsExactly("payments", "default");
        KeyVaultConfigSource payments = KeyVaultConfigSource.of(config).get(0);
        assertThat(payments.getPropertyNames()).containsExactly("api.key");
        assertThat(config.getValue("api.key", String.class)).isEqualTo("payments-dev-key");
        assertThat(config.getValue("greeting", String.class)).isEqualTo("hello from the main dev vault");
        assertThat(KeyVaultConfigSource.of(config).get(1).getPropertyNames()).containsExactly("greeting");
    }

    @Test
    void namedVault_reference_readsTheEmulatedAlias() {
        assertThat(config.getValue("app.payments-key", String.class)).isEqualTo("payments-dev-key");
    }

    @Test
    void devServicesKeys_seededInEachVault_areServedAsPublicKeys() {
        assertThat(config.getValue("app.jwt-key", String.class)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(config.getValue("app.pay-jwk", String.class)).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"");
    }

    @Test
    void namedVault_devServices_wireUrlCredentialAndTrustUnderTheAlias() {
        assertThat(config.getValue("quarkus.keyvault.vaults.payments.url", String.class))
                .startsWith("https://localhost:").isNotEqualTo(config.getValue("quarkus.keyvault.url", String.class));
        assertThat(config.getValue("quarkus.keyvault.vaults.payments.credential.type", String.class))
                .isEqualTo("emulator");
        assertThat(config.getOptionalValue("quarkus.keyvault.vaults.payments.tls.trust-store", String.class))
                .isPresent();
    }
}
