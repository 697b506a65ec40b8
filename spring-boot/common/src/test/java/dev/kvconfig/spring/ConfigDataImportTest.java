package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.VaultStatus;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/** {@code spring.config.import=keyvault:} through {@code SpringApplication}: values, names, precedence, optional. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigDataImportTest {

    KeyVaultEmulator emulator;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder()
                .vault("demo").vault("payments")
                .seed("demo", Map.of("greeting", "hello", "app-api-key", "key-1", "db-password", "pw-1",
                        "odd-password", "pa${not.a.placeholder}ss\\${x}"))
                .seed("payments", Map.of("greeting", "from-payments", "pay-token", "tok-1"))
                .start();
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.clearFaults();
    }

    @Test
    void import_mainVault_servesSecretsByRelaxedNames() {
        try (ConfigurableApplicationContext app = Vaults.run(Vaults.settings(emulator, "demo"),
                "--spring.config.import=keyvault:")) {
            ConfigurableEnvironment env = app.getEnvironment();
            assertThat(env.getProperty("db.password")).isEqualTo("pw-1");
            assertThat(env.getProperty("db-password")).isEqualTo("pw-1");
            assertThat(env.getProperty("DB_PASSWORD")).isEqualTo("pw-1");
            assertThat(app.getBean(TestApp.AppSettings.class).getApiKey()).isEqualTo("key-1");
            assertThat(env.getProperty("not.in.the.vault")).isNull();
        }
    }

    @Test
    void secretValue_withPlaceholderSyntax_isServedVerbatimAndNeverExpanded() {
        try (ConfigurableApplicationContext app = Vaults.run(Vaults.settings(emulator, "demo"),
                "--spring.config.import=keyvault:", "--not.a.placeholder=expanded", "--x=expanded")) {
            assertThat(app.getEnvironment().getProperty("odd.password")).isEqualTo("pa${not.a.placeholder}ss\\${x}");
            assertThat(org.springframework.boot.context.properties.bind.Binder.get(app.getEnvironment())
                    .bind("odd.password", String.class).get()).isEqualTo("pa${not.a.placeholder}ss\\${x}");
        }
    }

    @Test
    void import_vaultSource_sitsAboveTheFilesAndBelowTheCommandLine() {
        try (ConfigurableApplicationContext app = Vaults.run(Vaults.settings(emulator, "demo"),
                "--spring.config.import=keyvault:", "--app.greeting=from-command-line")) {
            ConfigurableEnvironment env = app.getEnvironment();
            assertThat(env.getProperty("greeting")).isEqualTo("hello");
            assertThat(env.getProperty("motd")).isEqualTo("from-application-properties");
            assertThat(env.getProperty("app.greeting")).isEqualTo("from-command-line");
            assertThat(env.getPropertySources().stream().map(PropertySource::getName))
                    .containsSubsequence("commandLineArgs", "systemProperties", "systemEnvironment", "keyvault-default",
                            "Config resource 'class path resource [application.properties]' via location "
                                    + "'optional:classpath:/'");
        }
    }

    @Test
    void twoVaults_laterImportWins() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.putAll(dev.kvconfig.spring.test.KeyVaultTestProperties.alias(emulator, "payments", "payments"));
        try (ConfigurableApplicationContext app = Vaults.run(settings,
                "--spring.config.import=keyvault:,keyvault:payments")) {
            ConfigurableEnvironment env = app.getEnvironment();
            assertThat(env.getProperty("greeting")).isEqualTo("from-payments");
            assertThat(env.getProperty("pay.token")).isEqualTo("tok-1");
            assertThat(env.getProperty("db.password")).isEqualTo("pw-1");
            assertThat(app.getBean(KeyVaultSources.class).sources()).extracting(s -> s.alias())
                    .containsExactly("default", "payments");
        }
    }

    @Test
    void optionalImport_vaultDown_startsEmptyThenServesOnceItAnswers() {
        emulator.faults("demo", Faults.outageOnly());
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        try (ConfigurableApplicationContext app = Vaults.run(settings, "--spring.config.import=optional:keyvault:")) {
            KeyVaultSources vaults = app.getBean(KeyVaultSources.class);
            assertThat(vaults.statuses()).extracting(VaultStatus::state).containsExactly(VaultStatus.State.DOWN);
            assertThat(app.getEnvironment().getProperty("db.password")).isNull();
            assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("from-application-properties");

            emulator.clearFaults();
            vaults.refreshNow().join();

            assertThat(vaults.statuses()).extracting(VaultStatus::state).containsExactly(VaultStatus.State.UP);
            assertThat(app.getEnvironment().getProperty("db.password")).isEqualTo("pw-1");
            assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("hello");
        }
    }

    @Test
    void optionalImport_noUrl_startsWithoutTheVault() {
        try (ConfigurableApplicationContext app = Vaults.run(Map.of(), "--spring.config.import=optional:keyvault:")) {
            assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("from-application-properties");
            assertThat(app.getBeansOfType(KeyVaultSources.class)).isEmpty();
        }
    }

    @Test
    void closeContext_stopsTheRefresherThreads() {
        long before = Vaults.refresherThreads();
        ConfigurableApplicationContext app = Vaults.run(Vaults.settings(emulator, "demo"),
                "--spring.config.import=keyvault:", "--keyvault.refresh.interval=1h");
        assertThat(Vaults.refresherThreads()).isGreaterThan(before);
        app.close();
        assertThat(Vaults.refresherThreads()).isEqualTo(before);
    }
}
