package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SecretKeysHandler;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference handlers are {@link AutoCloseable} for adapters that own them (Micronaut closes its resolver with the
 * environment): closing releases their connection pools, and a closed handler resolves nothing, with a clear message.
 */
class HandlerCloseTest {

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.withVaults("closing");

    /** The settings as an adapter's context hands them to a handler factory. */
    private static ConfigSourceContext context() {
        Map<String, String> settings = TestVaults.settings(EMULATOR.get(), "closing");
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = settings.get(name);
                return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return settings.keySet().iterator();
            }
        };
    }

    @Test
    void secretHandler_closed_resolvesNothing() throws Exception {
        EMULATOR.get().setSecret("closing", "closing-secret", "closing-value");
        SecretKeysHandler handler = new KeyVaultSecretKeysHandlerFactory().getSecretKeysHandler(context());
        assertThat(handler.decode("closing-secret")).isEqualTo("closing-value");
        assertThat(handler).isInstanceOf(AutoCloseable.class);

        ((AutoCloseable) handler).close();
        ((AutoCloseable) handler).close(); // idempotent

        assertThatThrownBy(() -> handler.decode("closing-secret"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("handler is closed");
    }

    @Test
    void keyHandler_closed_resolvesNothing() throws Exception {
        TestItems.keys(EMULATOR.get(), "closing").createEcKey(new CreateEcKeyOptions("closing-key"));
        SecretKeysHandler handler = new KeyVaultKeyHandlerFactory().getSecretKeysHandler(context());
        assertThat(handler.decode("closing-key")).startsWith("-----BEGIN PUBLIC KEY-----");

        ((AutoCloseable) handler).close();

        assertThatThrownBy(() -> handler.decode("closing-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${keyvault-key::closing-key}").hasMessageContaining("handler is closed");
    }

    @Test
    void certificateHandler_closedBeforeFirstUse_resolvesNothing() throws Exception {
        SecretKeysHandler handler = new KeyVaultCertificateHandlerFactory().getSecretKeysHandler(context());
        ((AutoCloseable) handler).close();

        assertThatThrownBy(() -> handler.decode("any-certificate"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("handler is closed");
    }
}
