package dev.kvconfig.micronaut;

import io.micronaut.core.value.PropertyResolver;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The settings bound by {@link KeyVaultConfiguration} and {@link VaultConfiguration}, offered to the core's factory as a
 * {@link ConfigSourceContext}. Password-type keys, which those beans never hold, are read from the environment when the
 * core asks for them (when it builds the credential or opens the trust store).
 */
final class BoundSettings implements ConfigSourceContext {

    private final Map<String, String> settings;
    private final PropertyResolver environment;

    BoundSettings(Map<String, String> settings, PropertyResolver environment) {
        this.settings = Map.copyOf(settings);
        this.environment = environment;
    }

    @Override
    public ConfigValue getValue(String name) {
        String value = settings.get(name);
        if (value == null && isPasswordKey(name)) {
            value = environment.getProperty(name, String.class).orElse(null);
        }
        return ConfigValue.builder().withName(name).withValue(value).withConfigSourceName("micronaut-bootstrap").build();
    }

    private static boolean isPasswordKey(String name) {
        for (String suffix : VaultSettings.PASSWORD_KEYS) {
            if (name.endsWith("." + suffix) && name.startsWith(EnvironmentSettings.PREFIX + ".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Iterator<String> iterateNames() {
        return settings.keySet().iterator();
    }

    @Override
    public List<String> getProfiles() {
        return List.of();
    }
}
