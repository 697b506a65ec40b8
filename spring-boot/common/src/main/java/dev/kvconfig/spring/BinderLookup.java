package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.KeyVaultSetting;
import dev.kvconfig.source.SettingsLookup;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The core's settings as Spring's {@link Binder} reads them, relaxed names included ({@code keyvault.refresh.interval},
 * {@code KEYVAULT_REFRESH_INTERVAL}, {@code keyvault.retry.maxRetries}), for the core's reader: the core parses and
 * validates every value and names keys in their canonical form ({@code keyvault.retry.max-retries}), the form Spring's
 * own messages and metadata use. Nothing is bound into an object or copied: each lookup asks the binder, so
 * password-type keys are read only when the core builds the credential or opens the trust store. Thread-safe.
 */
final class BinderLookup implements SettingsLookup {

    /** Where Spring Boot users write the settings. */
    static final String ROOT = KeyVaultOptions.DEFAULT_KEY_ROOT;
    private static final String MAP_ROOT = ROOT.substring(0, ROOT.length() - 1);

    private final Binder binder;

    private BinderLookup(Binder binder) {
        this.binder = binder;
    }

    /**
     * A lookup over {@code binder}, after checking that every key under {@code keyvault.} is a setting: a typo such as
     * {@code keyvault.refresh.intervall} fails here, named without its value. Environment variables are not checked,
     * since platforms set {@code KEYVAULT_*} variables of their own, nor are a vault's own properties.
     *
     * @throws KeyVaultConfigException naming the unknown keys
     */
    static BinderLookup of(Binder binder) {
        requireKnownKeys(binder);
        return new BinderLookup(binder);
    }

    @Override
    public Optional<String> value(String key) {
        if (!key.startsWith(ROOT)) {
            // The core also asks for AZURE_* variables; Spring has no relaxed form of those names.
            return Optional.empty();
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
        String text = binder.bind(name, Bindable.of(String.class)).orElse(null);
        if (text != null) {
            return Optional.of(text);
        }
        // A list written indexed (keyvault.secrets[0]=a) or as YAML list: the core reads comma-separated text.
        return Optional.ofNullable(binder.bind(name, Bindable.listOf(String.class)).map(l -> String.join(",", l))
                .orElse(null));
    }

    @Override
    public Set<String> mapKeys(String key) {
        Map<String, Object> entries = binder.bind(ConfigurationPropertyName.adapt(key, '.'),
                Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        return new TreeSet<>(entries.keySet());
    }

    private static void requireKnownKeys(Binder binder) {
        Set<String> unknown = new TreeSet<>();
        binder.bind(MAP_ROOT, Bindable.mapOf(String.class, Object.class), new AbstractBindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                    Object result) {
                ConfigurationProperty property = context.getConfigurationProperty();
                if (property != null && checked(property) && !isSetting(property.getName().toString())) {
                    unknown.add(property.getName().toString());
                }
                return super.onSuccess(name, target, context, result);
            }
        });
        if (!unknown.isEmpty()) {
            throw new KeyVaultConfigException(String.join(", ", unknown) + (unknown.size() == 1 ? " is not a"
                    : " are not") + " Key Vault setting" + (unknown.size() == 1 ? "" : "s"), "Fix the spelling or "
                    + "remove " + (unknown.size() == 1 ? "it" : "them") + "; the keyvault.* settings are listed in the "
                    + "configuration reference (and completed by the IDE from "
                    + "META-INF/spring-configuration-metadata.json)", null);
        }
    }

    /** Platforms set {@code KEYVAULT_*} environment variables of their own; a vault's own secrets are not settings. */
    private static boolean checked(ConfigurationProperty property) {
        Object source = property.getSource() == null ? null : property.getSource().getUnderlyingSource();
        return !(source instanceof SystemEnvironmentPropertySource) && !(source instanceof KeyVaultPropertySource);
    }

    /**
     * Whether a name the binder holds is {@code keyvault.<key>} or {@code keyvault.vaults.<alias>.<key>} of a row of the
     * table (map entries and list indexes included), compared as Spring compares names, so {@code retry.maxRetries} is
     * {@code retry.max-retries}.
     */
    static boolean isSetting(String canonicalName) {
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(canonicalName, '.');
        ConfigurationPropertyName vaults = ConfigurationPropertyName.of(MAP_ROOT + ".vaults");
        ConfigurationPropertyName rest = vaults.isAncestorOf(name) && name.getNumberOfElements() > 3 ? name.subName(3)
                : name.subName(1);
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            ConfigurationPropertyName key = ConfigurationPropertyName.of(s.mapParent());
            if (s.mapSegment().isEmpty() ? rest.equals(key) || key.isAncestorOf(rest) : key.isAncestorOf(rest)) {
                return true;
            }
        }
        return false;
    }

    /** The lookup one import reads: only the vault it names, {@code optional:} applied. */
    static SettingsLookup forImport(SettingsLookup all, String alias, boolean optional) {
        String prefix = alias.isEmpty() ? ROOT : ROOT + "vaults." + alias + ".";
        String optionalKey = KeyVaultSetting.OPTIONAL.keyUnder(prefix);
        String mainUrl = KeyVaultSetting.URL.keyUnder(ROOT);
        return new SettingsLookup() {
            @Override
            public Optional<String> value(String key) {
                if (optional && key.equals(optionalKey)) {
                    return Optional.of("true");
                }
                if (!alias.isEmpty() && key.equals(mainUrl)) {
                    // An alias's import loads that alias only; the main vault's other keys stay its fallback.
                    return Optional.empty();
                }
                return all.value(key);
            }

            @Override
            public Set<String> mapKeys(String key) {
                if (key.equals(ROOT + "vaults")) {
                    return alias.isEmpty() ? Set.of() : Set.of(alias);
                }
                return all.mapKeys(key);
            }
        };
    }
}
