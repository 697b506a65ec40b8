package dev.kvconfig.micronaut;

import io.micronaut.core.value.PropertyResolver;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code keyvault.*} settings of a Micronaut environment, offered to the core's SmallRye factories as a
 * {@link ConfigSourceContext}. The core then reads, maps and validates them exactly as it does for any MicroProfile
 * application: one set of keys, one validation path, one set of messages.
 *
 * <p>Nothing is copied: each lookup reads the environment, so password-type keys
 * ({@code keyvault.credential.client-secret}, {@code keyvault.tls.trust-store-password}, …) are read only when the core
 * builds the credential or opens the trust store, and never held here.
 */
final class EnvironmentSettings implements ConfigSourceContext {

    static final String PREFIX = "keyvault";

    private final PropertyResolver environment;

    EnvironmentSettings(PropertyResolver environment) {
        this.environment = environment;
    }

    @Override
    public ConfigValue getValue(String name) {
        Optional<Object> value = name.startsWith(PREFIX + ".")
                ? environment.getProperty(name, Object.class)
                : Optional.empty();
        return ConfigValue.builder()
                .withName(name)
                .withValue(value.map(EnvironmentSettings::text).orElse(null))
                .withConfigSourceName("micronaut-environment")
                .build();
    }

    /**
     * Every {@code keyvault.*} name the environment holds, in Micronaut's generated (kebab-case) form. For an environment
     * variable such as {@code KEYVAULT_REFRESH_INTERVAL} Micronaut generates every dot/dash spelling; the core's mapping
     * picks the one it knows ({@code keyvault.refresh.interval}) and ignores the others.
     */
    @Override
    public Iterator<String> iterateNames() {
        Collection<String> names = environment.getProperties(PREFIX).keySet().stream()
                .filter(k -> k.indexOf('[') < 0)
                .map(k -> PREFIX + "." + k)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        return names.iterator();
    }

    /** YAML lists ({@code secrets: [a, b]}) arrive as lists; the core reads comma-separated text. */
    private static String text(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    @Override
    public List<String> getProfiles() {
        return List.of();
    }
}
