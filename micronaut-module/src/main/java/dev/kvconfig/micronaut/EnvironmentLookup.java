package dev.kvconfig.micronaut;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.SettingsLookup;
import io.micronaut.core.value.PropertyResolver;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The core's settings as Micronaut holds them ({@code bootstrap.yml}, environment variables, system properties, test
 * properties), for the core's reader: {@code keyvault.*} exactly as in any MicroProfile or Spring Boot application, one
 * set of keys, one validation path, one set of messages. Nothing is copied or bound: each lookup reads the resolver, so
 * password-type keys are read only when the core builds the credential or opens the trust store. Thread-safe as the
 * resolver is.
 */
final class EnvironmentLookup {

    /** Where Micronaut users write the settings. */
    static final String ROOT = KeyVaultOptions.DEFAULT_KEY_ROOT;

    private EnvironmentLookup() {
    }

    /**
     * A lookup over {@code resolver}. Map entries (vault aliases, tags) come from the names the resolver holds under the
     * map's key; for an environment variable such as {@code KEYVAULT_VAULTS_PAY_URL} Micronaut generates every dot/dash
     * spelling, and the core keeps the entries a setting key follows ({@code pay} of {@code pay.url}).
     */
    static SettingsLookup of(PropertyResolver resolver) {
        return SettingsLookup.of(key -> value(resolver, key), () -> resolver.getProperties(ROOT.substring(0,
                ROOT.length() - 1)).keySet().stream().filter(k -> k.indexOf('[') < 0).map(k -> ROOT + k).toList());
    }

    private static Optional<String> value(PropertyResolver resolver, String key) {
        // Only our keys: the core also asks for AZURE_* variables, which Micronaut would read under a converted name.
        return key.startsWith(ROOT) ? resolver.getProperty(key, Object.class).map(EnvironmentLookup::text)
                : Optional.empty();
    }

    /** YAML lists ({@code secrets: [a, b]}) arrive as lists; the core reads comma-separated text. */
    private static String text(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
