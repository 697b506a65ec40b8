package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Startup, a rotation, a deletion and shutdown at DEBUG: no seeded or rotated value in any log line. */
@ExtendWith(OutputCaptureExtension.class)
class LogsTest {

    @Test
    void logs_atDebug_holdNoSecretValue(CapturedOutput output) {
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("demo")
                .seed("demo", Map.of("greeting", "seeded-value-1", "db-password", "seeded-value-2")).start()) {
            Map<String, Object> settings = Vaults.settings(emulator, "demo");
            try (ConfigurableApplicationContext app = Vaults.run(settings, "--spring.config.import=keyvault:",
                    "--logging.level.dev.kvconfig=debug", "--db.url=x?${keyvault::db-password}")) {
                app.getEnvironment().getProperty("db.url");
                emulator.setSecret("demo", "greeting", "rotated-value-3");
                emulator.deleteSecret("demo", "db-password");
                app.getBean(KeyVaultSources.class).refreshNow().join();
            }
        }
        String logs = output.getAll();
        assertThat(logs).contains("kvconfig: keyvault: (").contains("loaded 2 secrets")
                .contains("kvconfig: vault default changed");
        assertThat(logs).doesNotContain("seeded-value").doesNotContain("rotated-value");
    }
}
