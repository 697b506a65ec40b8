package dev.kvconfig.quarkus.runtime.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Translates {@code quarkus.keyvault.*} into the core's {@code keyvault.*}: the typed Quarkus mapping is read first (so a
 * malformed value fails with SmallRye's message naming the {@code quarkus.keyvault.*} key), then rendered as core setting
 * text behind a {@link ConfigSourceContext} that the core factory and reference handler read as usual. Password-type
 * keys are not rendered: the context forwards them to {@code quarkus.keyvault.*} when the core reads them, so no map
 * here ever holds them.
 */
final class CoreSettings {

    static final String CORE_PREFIX = "keyvault.";
    static final String QUARKUS_PREFIX = "quarkus.keyvault.";
    private static final Set<String> PASSWORD_KEYS = Set.of("credential.client-secret", "credential.certificate-password",
            "credential.token", "tls.trust-store-password");
    /** A core key in a message: {@code keyvault.} not already part of a longer name, URL or {@code ${keyvault::…}}. */
    private static final String ALIASES_MARK = "KEYVAULT_VAULTS_";
    private static final Pattern CORE_KEY_IN_TEXT = Pattern.compile("(?<![\\w./:$-])keyvault\\.");

    private CoreSettings() {
    }

    /**
     * Reads the typed {@code quarkus.keyvault.*} settings from a SmallRye context.
     *
     * @throws io.smallrye.config.ConfigValidationException naming the {@code quarkus.keyvault.*} key of a malformed value
     */
    static KeyVaultRuntimeConfig read(ConfigSourceContext context) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new ConfigSourceContext.ConfigSourceContextConfigSource(context))
                .withProfiles(profiles(context))
                // Quarkus' own forms (30s, 5m, PT30S; plain paths), as in every other quarkus.* key.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withMapping(KeyVaultRuntimeConfig.class)
                // quarkus.keyvault.devservices.* and the like belong to the build-time root.
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(KeyVaultRuntimeConfig.class);
    }

    /** The context's profiles; a handler's context does not offer them (it resolves profiles itself). */
    static List<String> profiles(ConfigSourceContext context) {
        try {
            return context.getProfiles();
        } catch (UnsupportedOperationException e) {
            return List.of();
        }
    }

    /**
     * Whether the context may configure a vault: {@code quarkus.keyvault.url} has a value, or some name mentions
     * {@code keyvault.vaults} in any spelling ({@code QUARKUS_KEYVAULT_VAULTS_…}, a {@code %profile.} prefix). Errs
     * towards true: a false positive only costs the full translation.
     */
    static boolean namesAVault(ConfigSourceContext context) {
        ConfigValue url = context.getValue(QUARKUS_PREFIX + "url");
        if (url != null && url.getValue() != null && !url.getValue().isEmpty()) {
            return true;
        }
        for (Iterator<String> names = context.iterateNames(); names.hasNext();) {
            String name = names.next();
            if (name.length() > ALIASES_MARK.length()
                    && name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').contains(ALIASES_MARK)) {
                return true;
            }
        }
        return false;
    }

    /** The core {@code keyvault.*} text of the given settings, main vault first, then aliases. */
    static Map<String, String> render(KeyVaultRuntimeConfig settings) {
        Map<String, String> keys = new LinkedHashMap<>();
        render(keys, CORE_PREFIX, settings);
        settings.vaults().forEach((alias, vault) -> render(keys, CORE_PREFIX + "vaults." + alias + ".", vault));
        return Map.copyOf(keys);
    }

    private static void render(Map<String, String> keys, String p, VaultConfig v) {
        v.url().ifPresent(t -> keys.put(p + "url", t));
        v.ordinal().ifPresent(i -> keys.put(p + "ordinal", Integer.toString(i)));
        v.optional().ifPresent(b -> keys.put(p + "optional", b.toString()));
        v.secretPrefix().ifPresent(t -> keys.put(p + "secret-prefix", t));
        // Key Vault names never contain commas, so the list survives the round trip.
        v.secrets().ifPresent(l -> keys.put(p + "secrets", String.join(",", l)));
        v.tags().forEach((tag, value) -> keys.put(p + "tags." + quoteKeySegment(tag), value));
        v.maxConcurrency().ifPresent(i -> keys.put(p + "max-concurrency", Integer.toString(i)));
        v.startupTimeout().ifPresent(d -> keys.put(p + "startup-timeout", duration(d)));
        v.expiryWarning().ifPresent(d -> keys.put(p + "expiry-warning", duration(d)));
        v.refresh().interval().ifPresent(d -> keys.put(p + "refresh.interval", duration(d)));
        v.refresh().maxStaleness().ifPresent(d -> keys.put(p + "refresh.max-staleness", duration(d)));
        v.credential().type().ifPresent(t -> keys.put(p + "credential.type", t.configName()));
        v.credential().tenantId().ifPresent(t -> keys.put(p + "credential.tenant-id", t));
        v.credential().clientId().ifPresent(t -> keys.put(p + "credential.client-id", t));
        v.credential().certificatePath().ifPresent(t -> keys.put(p + "credential.certificate-path", t.toString()));
        v.credential().authorityHost().ifPresent(t -> keys.put(p + "credential.authority-host", t));
        v.credential().tokenFile().ifPresent(t -> keys.put(p + "credential.token-file", t.toString()));
        v.tls().trustStore().ifPresent(t -> keys.put(p + "tls.trust-store", t.toString()));
        v.tls().trustStoreType().ifPresent(t -> keys.put(p + "tls.trust-store-type", t));
        v.retry().maxRetries().ifPresent(i -> keys.put(p + "retry.max-retries", Integer.toString(i)));
        v.retry().baseDelay().ifPresent(d -> keys.put(p + "retry.base-delay", duration(d)));
        v.retry().maxDelay().ifPresent(d -> keys.put(p + "retry.max-delay", duration(d)));
    }

    /** ISO-8601, which the core accepts; a negative value reaches the core's range check and its message. */
    private static String duration(Duration d) {
        return d.isZero() ? "0" : d.toString();
    }

    private static String quoteKeySegment(String segment) {
        return segment.indexOf('.') >= 0 ? '"' + segment + '"' : segment;
    }

    /**
     * The same message with every core key ({@code keyvault.refresh.interval}) written as users of this extension write
     * it ({@code quarkus.keyvault.refresh.interval}).
     */
    static String quarkusKeys(String message) {
        return message == null ? null : CORE_KEY_IN_TEXT.matcher(message).replaceAll("quarkus.keyvault.");
    }

    /** Rethrows a core failure with its keys in Quarkus form, same type where it is one of the core's two. */
    static RuntimeException inQuarkusTerms(RuntimeException e) {
        RuntimeException translated;
        if (e instanceof IllegalArgumentException) {
            translated = new IllegalArgumentException(quarkusKeys(e.getMessage()), e.getCause());
        } else if (e instanceof IllegalStateException) {
            translated = new IllegalStateException(quarkusKeys(e.getMessage()), e.getCause());
        } else {
            return e;
        }
        translated.setStackTrace(e.getStackTrace());
        return translated;
    }

    /**
     * A context of core keys over a Quarkus context: rendered keys from {@link #render}, password-type keys forwarded to
     * their {@code quarkus.keyvault.*} twin on each read. The translation runs on first use, so a handler that is never
     * used reads nothing.
     */
    static ConfigSourceContext coreContext(ConfigSourceContext quarkus) {
        return new CoreContext(quarkus);
    }

    private static final class CoreContext implements ConfigSourceContext {
        private final ConfigSourceContext quarkus;
        private volatile Map<String, String> rendered;

        CoreContext(ConfigSourceContext quarkus) {
            this.quarkus = quarkus;
        }

        private Map<String, String> rendered() {
            Map<String, String> r = rendered;
            if (r == null) {
                // Without a vault there is nothing to translate: skip building the typed mapping (a throwaway config)
                // in every start of an application that has the extension but sets no vault, as in tests and in prod
                // without Dev Services. Quarkus still validates quarkus.keyvault.* as a config root.
                r = namesAVault(quarkus) ? render(read(quarkus)) : Map.of();
                rendered = r;
            }
            return r;
        }

        @Override
        public ConfigValue getValue(String name) {
            if (name.startsWith(CORE_PREFIX) && isPasswordKey(name)) {
                return quarkus.getValue("quarkus." + name);
            }
            String value = rendered().get(name);
            return value == null ? null
                    : ConfigValue.builder().withName(name).withValue(value).withConfigSourceName("quarkus.keyvault.*")
                            .build();
        }

        @Override
        public Iterator<String> iterateNames() {
            return rendered().keySet().iterator();
        }

        @Override
        public List<String> getProfiles() {
            return profiles(quarkus);
        }

        /** The application's own sources: the core scans their raw values for key and certificate references. */
        @Override
        public List<ConfigSource> getConfigSources() {
            try {
                return quarkus.getConfigSources();
            } catch (UnsupportedOperationException e) {
                return List.of();
            }
        }

        private static boolean isPasswordKey(String name) {
            for (String key : PASSWORD_KEYS) {
                if (name.endsWith("." + key)) {
                    return true;
                }
            }
            return false;
        }
    }
}
