package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.quarkus.runtime.config.KeyVaultRuntimeConfig;
import dev.kvconfig.quarkus.runtime.config.SecretSetting;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime config object of {@code quarkus.keyvault.*}, which lives as long as the application, holds no password:
 * the four password-type keys, set here (the trust store's by Dev Services, and used to load the vault), hold only
 * {@link SecretSetting#SET}; the core read them from the config when it built the credential and trust store.
 */
class RuntimeConfigPasswordsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.keyvault.devservices.secrets.greeting", "hello")
            .overrideConfigKey("quarkus.keyvault.credential.token", "held-token")
            .overrideConfigKey("quarkus.keyvault.credential.client-secret", "held-client-secret")
            .overrideConfigKey("quarkus.keyvault.credential.certificate-password", "held-certificate-password")
            .overrideConfigKey("quarkus.keyvault.vaults.other.credential.client-secret", "held-alias-secret")
            .overrideConfigKey("quarkus.keyvault.vaults.other.url", "https://localhost:1/")
            .overrideConfigKey("quarkus.keyvault.vaults.other.optional", "true");

    @Inject
    KeyVaultRuntimeConfig runtimeConfig;

    @Inject
    Config config;

    @Test
    void runtimeConfig_passwordsSetAndUsed_holdsNoneOfThem() throws Exception {
        assertThat(config.getValue("greeting", String.class)).isEqualTo("hello");
        assertThat(KeyVaultConfigSource.of(config)).hasSize(2);
        String trustStorePassword = config.getValue("quarkus.keyvault.tls.trust-store-password", String.class);

        List<String> held = new ArrayList<>();
        walk(runtimeConfig, held);

        assertThat(String.join("\n", held)).contains("https://localhost:1/").doesNotContain("held-")
                .doesNotContain(trustStorePassword);
        assertThat(runtimeConfig.credential().token()).containsSame(SecretSetting.SET);
        assertThat(runtimeConfig.tls().trustStorePassword()).containsSame(SecretSetting.SET);
        assertThat(runtimeConfig.vaults().get("other").credential().clientSecret()).containsSame(SecretSetting.SET);
    }

    /** Every value reachable through the mapping's methods, as text. */
    private static void walk(Object value, List<String> into) throws Exception {
        if (value == null) {
            return;
        }
        into.add(String.valueOf(value));
        if (value instanceof Optional<?> o) {
            walk(o.orElse(null), into);
        } else if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                walk(v, into);
            }
        } else if (value instanceof Collection<?> c) {
            for (Object v : c) {
                walk(v, into);
            }
        } else {
            for (Class<?> type : value.getClass().getInterfaces()) {
                if (!type.getName().startsWith("dev.kvconfig")) {
                    continue;
                }
                for (Method m : type.getMethods()) {
                    if (m.getParameterCount() == 0 && !m.isDefault() && !m.getDeclaringClass().equals(Object.class)) {
                        walk(m.invoke(value), into);
                    }
                }
            }
        }
    }
}
