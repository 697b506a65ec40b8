package dev.kvconfig.spring.test;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings that point an application at an embedded {@link KeyVaultEmulator} (no Docker, no Azure): the vault URL, the
 * emulator credential and trust store, background refresh off (tests call {@code KeyVaultSources.refreshNow()}) and
 * quick retries. For a {@code SpringApplication} run by hand; {@link EmbeddedKeyVault} does the same for
 * {@code @SpringBootTest}. Needs {@code dev.kvconfig:kvconfig-emulator} on the test classpath.
 *
 * <pre>{@code
 * try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("demo")
 *         .seed("demo", Map.of("greeting", "hello")).start()) {
 *     new SpringApplicationBuilder(App.class)
 *             .properties(KeyVaultTestProperties.of(emulator, "demo"))
 *             .run("--spring.config.import=keyvault:");
 * }
 * }</pre>
 */
public final class KeyVaultTestProperties {

    private KeyVaultTestProperties() {
    }

    /** Settings for the main vault ({@code keyvault.*}) served by the emulator vault {@code vault}. */
    public static Map<String, Object> of(KeyVaultEmulator emulator, String vault) {
        return vault(emulator, vault, "keyvault.");
    }

    /** Settings for the vault alias {@code alias} ({@code keyvault.vaults.<alias>.*}) served by emulator vault {@code vault}. */
    public static Map<String, Object> alias(KeyVaultEmulator emulator, String vault, String alias) {
        Objects.requireNonNull(alias, "alias");
        return vault(emulator, vault, "keyvault.vaults." + alias + ".");
    }

    private static Map<String, Object> vault(KeyVaultEmulator emulator, String vault, String prefix) {
        Objects.requireNonNull(emulator, "emulator");
        Map<String, Object> p = new LinkedHashMap<>();
        p.putAll(emulator.clientSettings(vault, prefix));
        p.put(prefix + "refresh.interval", "0");
        p.put(prefix + "retry.max-retries", "1");
        p.put(prefix + "retry.base-delay", "10ms");
        p.put(prefix + "retry.max-delay", "50ms");
        return Map.copyOf(p);
    }
}
