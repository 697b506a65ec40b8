package dev.kvconfig.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code keyvault.*} settings: the core's keys, unchanged (see the README's configuration reference), so an
 * application moved from MicroProfile (SmallRye) or Micronaut keeps its settings and {@code KEYVAULT_URL}
 * works everywhere. Bound by the config-data resolver before the application context exists; the annotation is there
 * for the IDE metadata ({@code META-INF/spring-configuration-metadata.json}), this class is not a bean.
 */
@ConfigurationProperties(prefix = KeyVaultProperties.PREFIX)
public class KeyVaultProperties extends VaultProperties {

    static final String PREFIX = "keyvault";

    /** More vaults, by alias (keyvault.vaults.payments.url), each imported with keyvault:ALIAS (keyvault:payments). */
    private Map<String, VaultProperties> vaults = new LinkedHashMap<>();

    public Map<String, VaultProperties> getVaults() {
        return vaults;
    }

    public void setVaults(Map<String, VaultProperties> vaults) {
        this.vaults = vaults;
    }

    /** Every vault's settings as the core's keys ({@code keyvault.url}, {@code keyvault.vaults.<alias>.url}, …). */
    Map<String, String> coreSettings() {
        Map<String, String> s = new LinkedHashMap<>(settings(PREFIX + "."));
        new TreeMap<>(vaults).forEach((alias, vault) -> s.putAll(vault.settings(PREFIX + ".vaults." + alias + ".")));
        return s;
    }
}
