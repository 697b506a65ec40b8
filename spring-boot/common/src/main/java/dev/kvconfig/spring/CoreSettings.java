package dev.kvconfig.spring;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code keyvault.*} settings as Spring binds them, offered to the core's factories as a {@link ConfigSourceContext}:
 * the core then reads, maps and validates them exactly as in any MicroProfile or Micronaut application (one set of keys,
 * one validation path, one set of messages). Password-type keys are not held: each lookup reads the binder, so they are
 * read only when the core builds the credential or opens the trust store.
 */
final class CoreSettings implements ConfigSourceContext {

    private final Map<String, String> settings;
    private final Function<String, Optional<String>> passwords;

    private CoreSettings(Map<String, String> settings, Function<String, Optional<String>> passwords) {
        this.settings = Map.copyOf(settings);
        this.passwords = passwords;
    }

    /**
     * Binds every vault's settings. Keys under {@code keyvault.} that are not settings (a typo such as
     * {@code keyvault.refresh.intervall}) fail here, named without their value; environment variables are not checked,
     * since platforms set {@code KEYVAULT_*} variables of their own.
     *
     * @throws KeyVaultConfigException naming the unknown keys
     */
    static CoreSettings bind(Binder binder) {
        Bindable<KeyVaultProperties> target = Bindable.of(KeyVaultProperties.class);
        KeyVaultProperties properties;
        try {
            properties = binder.bind(KeyVaultProperties.PREFIX, target, new NoUnboundElementsBindHandler(
                            BindHandler.DEFAULT, CoreSettings::checkedForUnknownKeys))
                    .orElseGet(KeyVaultProperties::new);
        } catch (BindException e) {
            KeyVaultConfigException unknown = unknownKeys(e);
            if (unknown != null) {
                throw unknown;
            }
            // Only password-type keys were left unbound, as they must be: bind again without the check.
            properties = binder.bind(KeyVaultProperties.PREFIX, target).orElseGet(KeyVaultProperties::new);
        }
        return new CoreSettings(properties.coreSettings(), key -> password(binder, key));
    }

    /** Platforms set {@code KEYVAULT_*} environment variables of their own; a vault's own secrets are not settings. */
    private static boolean checkedForUnknownKeys(ConfigurationPropertySource source) {
        return !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)
                && !(source.getUnderlyingSource() instanceof KeyVaultPropertySource);
    }

    /** The unknown keys as an exception (names only, never values); null if only password-type keys were unbound. */
    private static KeyVaultConfigException unknownKeys(BindException e) {
        if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
            Set<String> names = new TreeSet<>();
            for (ConfigurationProperty p : unbound.getUnboundProperties()) {
                if (!isPasswordKey(p.getName().toString())) {
                    names.add(p.getName().toString());
                }
            }
            if (names.isEmpty()) {
                return null;
            }
            return new KeyVaultConfigException(String.join(", ", names) + (names.size() == 1 ? " is not a" : " are not")
                    + " Key Vault setting" + (names.size() == 1 ? "" : "s"),
                    "Fix the spelling or remove " + (names.size() == 1 ? "it" : "them") + "; the keyvault.* settings are "
                            + "listed in the README's configuration reference (and completed by the IDE from "
                            + "META-INF/spring-configuration-metadata.json)", null);
        }
        // Every value is bound as text, so a failure here is not about a value: report the key and the cause only.
        return new KeyVaultConfigException(e.getName() + " could not be bound: "
                + (e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName()),
                "Check the keyvault.* settings' structure (keyvault.vaults.<alias>.<key>, keyvault.tags.<tag>)", e);
    }

    private static boolean isPasswordKey(String name) {
        return VaultProperties.PASSWORD_KEYS.stream().anyMatch(k -> name.endsWith("." + k));
    }

    private static Optional<String> password(Binder binder, String key) {
        if (!isPasswordKey(key)) {
            return Optional.empty();
        }
        return binder.bind(ConfigurationPropertyName.adapt(key, '.'), Bindable.of(String.class)).map(Object::toString)
                .map(Optional::of).orElseGet(Optional::empty);
    }

    /** The main vault's settings ({@code keyvault.*} without {@code keyvault.vaults.*}); empty without a URL. */
    CoreSettings mainVault(boolean optional) {
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (!k.startsWith(KeyVaultProperties.PREFIX + ".vaults.")) {
                s.put(k, v);
            }
        });
        if (optional) {
            s.put(KeyVaultProperties.PREFIX + ".optional", "true");
        }
        Function<String, Optional<String>> mainPasswords = key -> key.startsWith(KeyVaultProperties.PREFIX + ".vaults.")
                ? Optional.empty() : passwords.apply(key);
        return new CoreSettings(s, mainPasswords);
    }

    /**
     * One alias's settings, with the main vault's shared concerns (credential, TLS, refresh, retry, …) for the core's
     * fallback but not its identity (url, secret-prefix, secrets, tags), so only this alias is loaded.
     */
    CoreSettings alias(String alias, boolean optional) {
        String own = KeyVaultProperties.PREFIX + ".vaults." + alias + ".";
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(own) || (!k.startsWith(KeyVaultProperties.PREFIX + ".vaults.") && !isIdentity(k))) {
                s.put(k, v);
            }
        });
        if (optional) {
            s.put(own + "optional", "true");
        }
        Function<String, Optional<String>> aliasPasswords = key -> key.startsWith(KeyVaultProperties.PREFIX + ".vaults.")
                && !key.startsWith(own) ? Optional.empty() : passwords.apply(key);
        return new CoreSettings(s, aliasPasswords);
    }

    private static boolean isIdentity(String key) {
        String k = key.substring(KeyVaultProperties.PREFIX.length() + 1);
        return k.equals("url") || k.equals("ordinal") || k.equals("secret-prefix") || k.equals("secrets")
                || k.startsWith("tags.");
    }

    /** Whether {@code key} ({@code keyvault.url}, …) is set. */
    boolean has(String key) {
        return settings.containsKey(key);
    }

    /** The aliases configured under {@code keyvault.vaults.*}, by name. */
    Set<String> aliases() {
        String root = KeyVaultProperties.PREFIX + ".vaults.";
        return settings.keySet().stream().filter(k -> k.startsWith(root))
                .map(k -> k.substring(root.length(), k.indexOf('.', root.length())))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public ConfigValue getValue(String name) {
        String value = settings.get(name);
        if (value == null) {
            value = passwords.apply(name).orElse(null);
        }
        return ConfigValue.builder().withName(name).withValue(value).withConfigSourceName("spring-environment").build();
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
