package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Micronaut binding keeps up with the core: every key of one vault in the core has a setter here. */
class VaultSettingsTest {

    /** The core's keys of one vault, from its settings mapping ({@code VaultKeys}, package-private there). */
    private static List<String> coreVaultKeys() throws ClassNotFoundException {
        Class<?> keys = Class.forName("dev.kvconfig.source.VaultKeys");
        return Arrays.stream(keys.getDeclaredMethods())
                .filter(m -> m.getParameterCount() == 0 && !m.isSynthetic() && !m.isDefault())
                .map(Method::getName).sorted().toList();
    }

    @Test
    void setters_everyCoreVaultKey_hasOne() throws ClassNotFoundException {
        List<String> setters = Arrays.stream(VaultSettings.class.getDeclaredMethods())
                .map(Method::getName).filter(n -> n.startsWith("set"))
                .map(n -> Character.toLowerCase(n.charAt(3)) + n.substring(4)).toList();

        assertThat(coreVaultKeys()).isNotEmpty().allSatisfy(k -> assertThat(setters).contains(k));
    }

    @Test
    void settings_everyScalarKeySet_reachesTheCoreUnderItsKebabName() {
        VaultSettings v = new VaultSettings() { };
        v.setUrl("https://a.vault.azure.net/");
        v.setStartupTimeout("90s");
        v.setExpiryWarning("90d");
        v.setMaxConcurrency("4");

        assertThat(v.settings("keyvault.vaults.pay.")).containsAllEntriesOf(Map.of(
                "keyvault.vaults.pay.url", "https://a.vault.azure.net/",
                "keyvault.vaults.pay.startup-timeout", "90s",
                "keyvault.vaults.pay.expiry-warning", "90d",
                "keyvault.vaults.pay.max-concurrency", "4"));
    }
}
