package dev.kvconfig.spring.test;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Turns {@link EmbeddedKeyVault} into a {@link ContextCustomizer} whose equality is the annotation's content, so test
 * classes with different vault contents get different cached contexts. {@link EmbeddedKeyVaultContextLoader} reads it.
 */
final class EmbeddedKeyVaultCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedKeyVault annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedKeyVault.class);
        return annotation == null ? null : Spec.of(annotation);
    }

    /** The vaults to start and seed: main vault first, then aliases by name. Equal by content. */
    record Spec(Map<String, Map<String, String>> vaults) implements ContextCustomizer {

        static Spec of(EmbeddedKeyVault annotation) {
            Map<String, Map<String, String>> vaults = new LinkedHashMap<>();
            vaults.put("", new LinkedHashMap<>());
            for (String alias : annotation.aliases()) {
                vaults.putIfAbsent(alias, new LinkedHashMap<>());
            }
            for (String entry : annotation.secrets()) {
                int eq = entry.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("@EmbeddedKeyVault(secrets): '" + entry.split("=", 2)[0]
                            + "…' is not name=value or alias:name=value");
                }
                String name = entry.substring(0, eq);
                int colon = name.indexOf(':');
                String alias = colon < 0 ? "" : name.substring(0, colon);
                vaults.computeIfAbsent(alias, a -> new LinkedHashMap<>()).put(name.substring(colon + 1),
                        entry.substring(eq + 1));
            }
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            vaults.forEach((alias, secrets) -> copy.put(alias, Map.copyOf(secrets)));
            return new Spec(java.util.Collections.unmodifiableMap(copy));
        }

        static String vaultName(String alias) {
            return alias.isEmpty() ? EmbeddedKeyVault.MAIN_VAULT : alias;
        }

        KeyVaultEmulator start() {
            KeyVaultEmulator.Builder builder = KeyVaultEmulator.builder();
            vaults.forEach((alias, secrets) -> builder.vault(vaultName(alias)).seed(vaultName(alias), secrets));
            return builder.start();
        }

        /** The settings, as {@code key=value} lines in the order Spring's inlined test properties take them. */
        List<String> properties(KeyVaultEmulator emulator) {
            List<String> lines = new ArrayList<>();
            vaults.forEach((alias, secrets) -> (alias.isEmpty()
                    ? KeyVaultTestProperties.of(emulator, vaultName(alias))
                    : KeyVaultTestProperties.alias(emulator, vaultName(alias), alias))
                    .forEach((k, v) -> lines.add(k + "=" + v)));
            return lines;
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            // Nothing here: the loader adds the settings before config data is processed, which is too late here.
        }

        /** Names and sizes only: a context's cache key is logged by Spring's test framework. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("EmbeddedKeyVault[");
            vaults.forEach((alias, secrets) -> s.append(vaultName(alias)).append('=').append(secrets.size())
                    .append(" secrets "));
            return s.toString().trim() + "]";
        }
    }
}
