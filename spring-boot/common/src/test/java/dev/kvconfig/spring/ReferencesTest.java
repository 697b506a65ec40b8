package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.test.KeyVaultTestProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code ${keyvault::…}}, {@code ${keyvault-key::…}} references in any property, with and without an import. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferencesTest {

    KeyVaultEmulator emulator;
    String firstVersion;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder().vault("demo").vault("payments")
                .seed("payments", Map.of("api-key", "pay-1")).start();
        firstVersion = emulator.setSecret("demo", "db-password", "pw-1");
        emulator.setSecret("demo", "db-password", "pw-2");
        emulator.createKey("demo", "jwt-signing", "ec");
        emulator.setSecret("demo", "odd-password", "pa${plain}ss");
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = Vaults.settings(emulator, "demo");
        s.putAll(KeyVaultTestProperties.alias(emulator, "payments", "payments"));
        return s;
    }

    @Test
    void references_resolveInAnyPropertyWithoutAnImport() {
        try (ConfigurableApplicationContext app = Vaults.run(settings(),
                "--db.url=jdbc:postgresql://db/app?password=${keyvault::db-password}",
                "--db.old=${keyvault::db-password/" + firstVersion + "}",
                "--payments.key=${keyvault::payments:api-key}",
                "--jwt.key=${keyvault-key::jwt-signing}",
                "--app.greeting=${keyvault::db-password}", "--db.odd=${keyvault::odd-password}")) {
            assertThat(app.getEnvironment().getProperty("db.odd")).isEqualTo("pa${plain}ss");
            assertThat(app.getEnvironment().getProperty("db.url")).isEqualTo("jdbc:postgresql://db/app?password=pw-2");
            assertThat(app.getEnvironment().getProperty("db.old")).isEqualTo("pw-1");
            assertThat(app.getEnvironment().getProperty("payments.key")).isEqualTo("pay-1");
            assertThat(app.getEnvironment().getProperty("jwt.key")).startsWith("-----BEGIN PUBLIC KEY-----");
            assertThat(app.getBean(TestApp.AppSettings.class).getGreeting()).isEqualTo("pw-2");
            assertThat(app.getBeansOfType(KeyVaultSources.class)).isEmpty();
        }
    }

    @Test
    void references_inTheEnvironment_areFetchedAtStartup_soFirstReadsSendNoRequest() {
        try (ConfigurableApplicationContext app = Vaults.run(settings(), "--late.secret=${keyvault::db-password}",
                "--late.payments=${keyvault::payments:api-key}", "--late.key=${keyvault-key::jwt-signing#jwk}")) {
            // 800 ms per request from now on: a read that went to the vault would show in the counters and the time.
            emulator.faults(Faults.latency(Duration.ofMillis(800)));
            emulator.resetStats();
            try {
                long start = System.nanoTime();
                assertThat(app.getEnvironment().getProperty("late.secret")).isEqualTo("pw-2");
                assertThat(app.getEnvironment().getProperty("late.payments")).isEqualTo("pay-1");
                assertThat(app.getEnvironment().getProperty("late.key")).contains("\"kty\":\"EC\"");
                assertThat(emulator.stats().total()).as("requests during first reads").isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800));
            } finally {
                emulator.clearFaults();
            }
        }
    }

    @Test
    void reference_toAMissingSecret_failsNamingTheReference() {
        try (ConfigurableApplicationContext app = Vaults.run(settings(), "--db.missing=${keyvault::no-such-secret}")) {
            assertThatThrownBy(() -> app.getEnvironment().getProperty("db.missing"))
                    .hasMessageContaining("${keyvault::no-such-secret}: the secret does not exist in vault default");
        }
    }

    @Test
    void propertyWithoutReference_sendsNoRequest() {
        emulator.resetStats();
        try (ConfigurableApplicationContext app = Vaults.run(settings(), "--plain=value")) {
            assertThat(app.getEnvironment().getProperty("plain")).isEqualTo("value");
            assertThat(app.getEnvironment().getProperty("keyvault-ish::thing")).isNull();
        }
        assertThat(emulator.stats().total()).isZero();
    }
}
