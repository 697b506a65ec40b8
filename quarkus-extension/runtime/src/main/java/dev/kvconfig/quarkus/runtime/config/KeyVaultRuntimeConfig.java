package dev.kvconfig.quarkus.runtime.config;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import java.util.Map;

/**
 * {@code quarkus.keyvault.*}: the Key Vault config source, read when the application starts. Every key is a row of the
 * core's {@code KeyVaultSetting} table, which the core reads under {@code quarkus.keyvault.} itself, so the core's
 * validation, messages and defaults apply as in every framework. The source is off while {@code quarkus.keyvault.url} is
 * unset (and Dev Services do not provide one).
 *
 * <p>Example:
 * <pre>
 * quarkus.keyvault.url=https://orders.vault.azure.net/
 * quarkus.keyvault.refresh.interval=2m
 * quarkus.keyvault.vaults.payments.url=https://payments.vault.azure.net/
 * </pre>
 */
@ConfigMapping(prefix = "quarkus.keyvault")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface KeyVaultRuntimeConfig extends VaultConfig {

    /**
     * More vaults, by alias, with the same keys as the main vault. Unset keys other than {@code url}, {@code ordinal},
     * {@code secret-prefix}, {@code secrets} and {@code tags} fall back to the main vault's (the table's inherited
     * rows), so a shared credential or trust store is written once. Reference them as
     * {@code ${keyvault::<alias>:<secret-name>}}.
     */
    @ConfigDocMapKey("alias")
    @ConfigDocSection
    Map<String, VaultConfig> vaults();
}
