package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.test.KeyVaultTestProperties;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input table: each startup fails with Boot's failure report (description naming the key, action saying the
 * fix), and leaves nothing running (no refresher thread, earlier vaults of the same startup closed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    KeyVaultEmulator emulator;
    long threadsBefore;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder().vault("demo").vault("payments")
                .seed("demo", Map.of("greeting", "hello")).seed("payments", Map.of("pay-token", "tok-1")).start();
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.clearFaults();
        threadsBefore = Vaults.refresherThreads();
    }

    /** Starts and expects Boot's report; returns it (description and action) as Boot logs it. */
    private String report(Map<String, Object> settings, String... args) {
        assertThatThrownBy(() -> Vaults.run(settings, args)).isInstanceOf(KeyVaultConfigException.class);
        assertThat(Vaults.refresherThreads()).as("refresher threads left running").isEqualTo(threadsBefore);
        String report = FailureReports.last();
        assertThat(report).contains("APPLICATION FAILED TO START").contains("Description:").contains("Action:");
        return report;
    }

    @Test
    void importLocation_malformed_failsNamingTheLocationAndTheForm() {
        assertThat(report(Vaults.settings(emulator, "demo"), "--spring.config.import=keyvault:pay/ments"))
                .contains("spring.config.import: 'keyvault:pay/ments' is not a Key Vault location")
                .contains("keyvault:<alias> for keyvault.vaults.<alias>.url");
    }

    @Test
    void importAlias_unknown_failsNamingTheAliasAndTheKnownOnes() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.putAll(KeyVaultTestProperties.alias(emulator, "payments", "payments"));
        assertThat(report(settings, "--spring.config.import=keyvault:paymnts"))
                .contains("names vault alias 'paymnts', but keyvault.vaults.paymnts.url is not set (known aliases: "
                        + "[payments])")
                .contains("Set keyvault.vaults.paymnts.url");
    }

    @Test
    void importMain_urlNotSet_failsNamingTheKey() {
        assertThat(report(Map.of(), "--spring.config.import=keyvault:"))
                .contains("imports the vault of keyvault.url, which is not set")
                .contains("Set keyvault.url (or KEYVAULT_URL)").contains("optional:keyvault:");
    }

    @Test
    void credential_clientSecretWithoutTenant_failsNamingTheMissingKeys() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.put("keyvault.credential.type", "client-secret");
        settings.put("keyvault.credential.client-id", "00000000-0000-0000-0000-000000000001");
        assertThat(report(settings, "--spring.config.import=keyvault:"))
                .contains("keyvault.credential.tenant-id");
    }

    @Test
    void vault_unreachableWithoutOptional_failsNamingUrlAndOptionalImport() {
        emulator.faults("demo", Faults.outageOnly());
        assertThat(report(Vaults.settings(emulator, "demo"), "--spring.config.import=keyvault:"))
                .contains("Key Vault " + emulator.vaultUrl("demo") + " (keyvault.url) could not be loaded at startup")
                .contains("import the vault as optional:keyvault: to start without it");
    }

    @Test
    void secondVault_unreachable_closesTheFirstOne() {
        emulator.faults("payments", Faults.outageOnly());
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.putAll(KeyVaultTestProperties.alias(emulator, "payments", "payments"));
        settings.put("keyvault.refresh.interval", "1h");
        assertThat(report(settings, "--spring.config.import=keyvault:,keyvault:payments"))
                .contains("(keyvault.vaults.payments.url) could not be loaded at startup")
                .contains("optional:keyvault:payments");
    }

    @Test
    void setting_malformed_failsWithTheCoresMessage() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.put("keyvault.refresh.interval", "soon");
        assertThat(report(settings, "--spring.config.import=keyvault:"))
                .contains("keyvault.refresh.interval: 'soon' is not valid; use a number with unit ms, s, m, h or d");
    }

    @Test
    void setting_relaxedSpelling_isValidatedUnderItsCanonicalName() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.remove("keyvault.retry.max-retries");
        settings.put("keyvault.retry.maxRetries", "many");
        assertThat(report(settings, "--spring.config.import=keyvault:"))
                .contains("keyvault.retry.max-retries: 'many' is not valid; use a whole number");
    }

    @Test
    void setting_unknownKey_failsNamingItWithoutItsValue() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.put("keyvault.refresh.intervall", "do-not-print-me");
        assertThat(report(settings, "--spring.config.import=keyvault:"))
                .contains("keyvault.refresh.intervall is not a Key Vault setting")
                .doesNotContain("do-not-print-me");
    }

    @Test
    void ordinal_set_failsSayingTheImportPlacesTheVault() {
        Map<String, Object> settings = Vaults.settings(emulator, "demo");
        settings.put("keyvault.ordinal", "300");
        assertThat(report(settings, "--spring.config.import=keyvault:"))
                .contains("keyvault.ordinal is set, but Spring Boot places a vault by its import")
                .contains("Remove keyvault.ordinal");
    }
}
