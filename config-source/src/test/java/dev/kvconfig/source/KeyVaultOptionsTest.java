package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The options builder used programmatically: one rule per test. Property text goes through the same setters. */
class KeyVaultOptionsTest {

    private static KeyVaultOptions.Builder minimal() {
        return KeyVaultOptions.builder().vaultUrl("https://my-vault.vault.azure.net");
    }

    @Test
    void build_onlyUrl_usesNamedDefaults() {
        KeyVaultOptions o = minimal().build();
        assertThat(o.vaultUrl()).hasToString("https://my-vault.vault.azure.net/");
        assertThat(o.ordinal()).isEqualTo(KeyVaultOptions.DEFAULT_ORDINAL);
        assertThat(o.refreshInterval()).isEqualTo(KeyVaultOptions.DEFAULT_REFRESH_INTERVAL);
        assertThat(o.maxStaleness()).isEqualTo(KeyVaultOptions.DEFAULT_MAX_STALENESS);
        assertThat(o.maxConcurrency()).isEqualTo(16);
        assertThat(o.credentialType()).isEqualTo(KeyVaultOptions.CredentialType.DEFAULT);
        assertThat(o.optional()).isFalse();
    }

    @Test
    void build_noUrl_isRejectedNamingKey() {
        assertThatThrownBy(() -> KeyVaultOptions.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.url is not set");
    }

    @Test
    void refreshInterval_twice_isRejectedNamingEarlierValue() {
        KeyVaultOptions.Builder b = minimal().refreshInterval(Duration.ofSeconds(30));
        assertThatThrownBy(() -> b.refreshInterval(Duration.ofSeconds(40))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyvault.refresh.interval was already set to PT30S");
    }

    @Test
    void refreshInterval_negative_isRejected() {
        assertThatThrownBy(() -> minimal().refreshInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyvault.refresh.interval");
    }

    @Test
    void refreshInterval_zero_turnsRefreshOff() {
        assertThat(minimal().refreshInterval(Duration.ZERO).build().refreshInterval()).isZero();
    }

    @Test
    void aliasBuilder_badValue_namesAliasKey() {
        assertThatThrownBy(() -> KeyVaultOptions.builder("payments").maxConcurrency(0))
                .hasMessageContaining("keyvault.vaults.payments.max-concurrency");
    }

    @Test
    void alias_invalid_isRejected() {
        assertThatThrownBy(() -> KeyVaultOptions.builder("pay ments")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.vaults.<alias>");
    }

    @Test
    void tenantId_guidOrDomainName_isAccepted() {
        assertThat(minimal().tenantId("72F988BF-86f1-41af-91ab-2d7cd011db47").build().tenantId())
                .hasValue("72F988BF-86f1-41af-91ab-2d7cd011db47");
        assertThat(minimal().tenantId(" contoso.onmicrosoft.com ").build().tenantId())
                .hasValue("contoso.onmicrosoft.com");
    }

    @Test
    void alias_default_isReservedInAnyCase() {
        assertThatThrownBy(() -> KeyVaultOptions.builder("Default")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyvault.vaults.Default").hasMessageContaining("reserved")
                .hasMessageContaining("keyvault.url");
    }

    @Test
    void secrets_invalidName_isRejected() {
        assertThatThrownBy(() -> minimal().secrets(List.of("ok", "not ok")))
                .hasMessageContaining("keyvault.secrets").hasMessageContaining("not ok");
    }

    @Test
    void toString_passwordsSet_showsNeitherSecretNorPassword() {
        KeyVaultOptions o = minimal().credentialType(KeyVaultOptions.CredentialType.CLIENT_SECRET)
                .tenantId("11111111-2222-3333-4444-555555555555").clientId("client-1").clientSecret(() -> "very-secret-client-secret")
                .trustStore(java.nio.file.Path.of("/tmp/t.p12")).trustStorePassword("store-password-x"::toCharArray)
                .build();
        assertThat(o.toString()).contains("credential.client-secret=<set>", "tls.trust-store-password=<set>", "client-1")
                .doesNotContain("very-secret-client-secret", "store-password-x");
    }

    @Test
    void clientSecret_twice_isRejectedWithoutEchoingIt() {
        KeyVaultOptions.Builder b = minimal().clientSecret(() -> "first-secret");
        assertThatThrownBy(() -> b.clientSecret(() -> "second-secret")).isInstanceOf(IllegalStateException.class)
                .hasMessage("keyvault.credential.client-secret was already set");
    }

    @Test
    void build_twice_yieldsEqualIndependentOptions() {
        KeyVaultOptions.Builder b = minimal().maxConcurrency(4);
        assertThat(b.build().maxConcurrency()).isEqualTo(b.build().maxConcurrency()).isEqualTo(4);
    }

    @Test
    void duration_isoAndUnits_parseAlike() {
        assertThat(SettingText.duration("k", "PT30S")).isEqualTo(SettingText.duration("k", "30s"));
        assertThat(SettingText.duration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SettingText.duration("k", "1d")).isEqualTo(Duration.ofDays(1));
    }
}
