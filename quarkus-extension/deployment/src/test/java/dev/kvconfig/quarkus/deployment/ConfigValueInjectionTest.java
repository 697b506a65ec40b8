package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A vault property injected as a {@link ConfigValue} carries the secret as its value and raw value: the source sets the
 * raw value because CDI injection of a {@code ConfigValue} reads a null raw value as "not set" and injects the default.
 * This is why a SmallRye {@code ConfigValue} of a vault property prints the value twice (docs/config-source.md, "What
 * prints a value").
 */
class ConfigValueInjectionTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Holder.class))
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.injected-secret", "injected-value");

    @Inject
    Holder holder;

    @Test
    void configValue_vaultProperty_isInjectedWithValueAndRawValue() {
        ConfigValue secret = holder.secret();
        assertThat(secret.getValue()).isEqualTo("injected-value");
        assertThat(secret.getRawValue()).isEqualTo("injected-value");
        assertThat(secret.getSourceName()).startsWith("KeyVaultConfigSource");
    }

    @ApplicationScoped
    static class Holder {
        @ConfigProperty(name = "injected.secret", defaultValue = "the-default")
        ConfigValue secret;

        /** Through a method: the injected bean is a client proxy, whose own fields are unset. */
        ConfigValue secret() {
            return secret;
        }
    }
}
