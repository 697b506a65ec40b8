package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * No vault configured (no {@code keyvault.url}, no {@code keyvault.vaults.*}), as a packaged application started without
 * its settings: a property referencing the vault fails startup naming the property and the key to set, instead of
 * failing the first read of that property; without references, startup says once at INFO that Key Vault is off.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoVaultTest {

    private static final String NOT_CONFIGURED = "kvconfig: Azure Key Vault is not configured (keyvault.url is not set)";

    @Test
    void secretReference_noVault_failsStartupNamingPropertyAndUrlKey() {
        assertThatThrownBy(() -> Vaults.run(Map.of(), "--app.api-key=${keyvault::api-key}"))
                .isInstanceOf(KeyVaultConfigException.class)
                .hasMessageContaining("app.api-key: Key Vault reference ${keyvault::api-key} has no alias, but "
                        + "keyvault.url is not set; set keyvault.url");
        assertThat(FailureReports.last()).contains("APPLICATION FAILED TO START").contains("Description:")
                .contains("app.api-key: Key Vault reference").contains("Action:")
                .contains("remove the reference from app.api-key");
    }

    @Test
    void keyAndCertificateReferences_noVault_failStartupNamingTheProperty() {
        assertThatThrownBy(() -> Vaults.run(Map.of(), "--jwt.key=${keyvault-key::signing#jwk}"))
                .isInstanceOf(KeyVaultConfigException.class)
                .hasMessageContaining("jwt.key: Key Vault reference ${keyvault-key::signing#jwk} has no alias");
        assertThatThrownBy(() -> Vaults.run(Map.of(), "--tls.cert=${keyvault-cert::api-tls}"))
                .isInstanceOf(KeyVaultConfigException.class)
                .hasMessageContaining("tls.cert: Key Vault reference ${keyvault-cert::api-tls} has no alias");
    }

    @Test
    void noReference_noVault_startsAndSaysOnceThatKeyVaultIsNotConfigured(CapturedOutput output) {
        try (ConfigurableApplicationContext app = Vaults.run(Map.of())) {
            assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("from-application-properties");
        }
        assertThat(output.getAll().lines().filter(l -> l.contains(NOT_CONFIGURED)))
                .singleElement().asString().contains("INFO").contains("spring.config.import=keyvault:");
    }

    @Test
    void optionalImport_noVault_saysSoOnceThroughTheImport(CapturedOutput output) {
        try (ConfigurableApplicationContext app = Vaults.run(Map.of(), "--spring.config.import=optional:keyvault:")) {
            assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("from-application-properties");
        }
        assertThat(output.getAll()).contains("kvconfig: optional:keyvault: skipped: keyvault.url is not set")
                .doesNotContain(NOT_CONFIGURED);
    }
}
