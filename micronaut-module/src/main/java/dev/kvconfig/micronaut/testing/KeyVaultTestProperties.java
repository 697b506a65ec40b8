package dev.kvconfig.micronaut.testing;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Properties that point a {@code @MicronautTest} at an embedded {@link KeyVaultEmulator} (no Docker, no Azure): the
 * configuration client on, the vault URL, the emulator credential and trust store, background refresh off (tests call
 * {@code KeyVaultSources.refreshNow()}), and quick retries. Needs {@code dev.kvconfig:kvconfig-emulator} on the test
 * classpath.
 *
 * <pre>{@code
 * @MicronautTest
 * @TestInstance(TestInstance.Lifecycle.PER_CLASS)   // TestPropertyProvider needs it; the emulator lives with the instance
 * class GreetingTest implements TestPropertyProvider {
 *     final KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("demo")
 *             .seed("demo", Map.of("greeting", "hello")).start();
 *
 *     @Override
 *     public Map<String, String> getProperties() {
 *         return KeyVaultTestProperties.of(emulator, "demo");
 *     }
 *
 *     @AfterAll
 *     void stopEmulator() {
 *         emulator.close();
 *     }
 * }
 * }</pre>
 */
public final class KeyVaultTestProperties {

    private KeyVaultTestProperties() {
    }

    /** Settings for the main vault ({@code keyvault.*}) served by the emulator vault {@code vault}. */
    public static Map<String, String> of(KeyVaultEmulator emulator, String vault) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("micronaut.config-client.enabled", "true");
        p.putAll(vault(emulator, vault, "keyvault."));
        return p;
    }

    /** Settings for the vault alias {@code alias} ({@code keyvault.vaults.<alias>.*}) served by emulator vault {@code vault}. */
    public static Map<String, String> alias(KeyVaultEmulator emulator, String vault, String alias) {
        Objects.requireNonNull(alias, "alias");
        return vault(emulator, vault, "keyvault.vaults." + alias + ".");
    }

    private static Map<String, String> vault(KeyVaultEmulator emulator, String vault, String prefix) {
        Objects.requireNonNull(emulator, "emulator");
        Map<String, String> p = new LinkedHashMap<>();
        p.putAll(emulator.clientSettings(vault, prefix));
        p.put(prefix + "refresh.interval", "0");
        p.put(prefix + "retry.max-retries", "1");
        p.put(prefix + "retry.base-delay", "10ms");
        p.put(prefix + "retry.max-delay", "50ms");
        return Map.copyOf(p);
    }
}
