package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads {@link KeyVaultOptions} for every configured vault from a SmallRye {@link ConfigSourceContext}: the main vault
 * ({@code keyvault.url}) and each alias ({@code keyvault.vaults.<alias>.url}). Typed settings go through the
 * {@link KeyVaultSettings} mapping on a throwaway config over the context; password-type keys are read from the context
 * by suppliers, when the credential or trust store is built.
 */
final class OptionsReader {

    /** Where the settings are read in the context, whatever the key names in messages. */
    private static final String READ_ROOT = "keyvault.";
    private static final String ALIASES_IN_ENVIRONMENT_FORM = "KEYVAULT_VAULTS_";

    private OptionsReader() {
    }

    /** Settings of all vaults, main first then aliases by name; empty when no URL is configured. */
    static List<KeyVaultOptions> read(ConfigSourceContext context) {
        return read(context, KeyVaultOptions.DEFAULT_KEY_ROOT);
    }

    /**
     * As {@link #read(ConfigSourceContext)}; messages and log lines of the options name keys under {@code keyRoot}
     * ({@code quarkus.keyvault.}) although they are read as {@code keyvault.*} from the context.
     */
    static List<KeyVaultOptions> read(ConfigSourceContext context, String keyRoot) {
        if (!namesAVault(context)) {
            // Nothing to read: skip the mapping, whose implementation class SmallRye generates at run time (about 90
            // classes and tens of milliseconds in a new JVM), for an application that has kvconfig but no vault set.
            return List.of();
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new ConfigSourceContext.ConfigSourceContextConfigSource(context))
                .withMapping(KeyVaultSettings.class)
                // Adapters may add their own keyvault.* keys (Dev Services, health); they are not ours to reject.
                .withValidateUnknown(false)
                .build();
        KeyVaultSettings settings = config.getConfigMapping(KeyVaultSettings.class);
        Function<String, Optional<String>> raw = key -> {
            ConfigValue value = context.getValue(key);
            return value == null || value.getValue() == null ? Optional.empty() : Optional.of(value.getValue());
        };
        List<KeyVaultOptions> result = new ArrayList<>();
        if (settings.url().isPresent()) {
            result.add(toOptions(KeyVaultOptions.builder(keyRoot, null), READ_ROOT, settings, null, raw));
        }
        Map<String, String> byKey = new HashMap<>();
        for (Map.Entry<String, VaultKeys> alias : new TreeMap<>(settings.vaults()).entrySet()) {
            // The alias itself first (reserved, malformed): its other keys would only lead to the wrong fix.
            KeyVaultOptions.Builder b = KeyVaultOptions.builder(keyRoot, alias.getKey());
            String same = byKey.putIfAbsent(KeyVaultOptions.aliasKey(alias.getKey()), alias.getKey());
            if (same != null) {
                throw new IllegalStateException(keyRoot + "vaults." + same + ".* and " + keyRoot + "vaults."
                        + alias.getKey() + ".* are one vault alias written twice: aliases are case-insensitive, as "
                        + "environment variables (KEYVAULT_VAULTS_" + alias.getKey().toUpperCase(Locale.ROOT)
                        + "_URL), references and health or metric names cannot tell them apart. Rename one or merge them");
            }
            if (alias.getValue().url().isEmpty()) {
                throw new IllegalStateException(keyRoot + "vaults." + alias.getKey() + ".url is not set, but other "
                        + keyRoot + "vaults." + alias.getKey() + ".* keys are; set it to the vault URL or remove them");
            }
            result.add(toOptions(b, READ_ROOT + "vaults." + alias.getKey() + ".", alias.getValue(), settings, raw));
        }
        return List.copyOf(result);
    }

    /**
     * The vaults of a context by {@link KeyVaultOptions#aliasKey}, for the reference handlers: {@code ""} for the main
     * vault, aliases in lower case.
     */
    static Map<String, KeyVaultOptions> byAliasKey(ConfigSourceContext context) {
        Map<String, KeyVaultOptions> byAlias = new LinkedHashMap<>();
        for (KeyVaultOptions o : read(context)) {
            byAlias.put(KeyVaultOptions.aliasKey(o.alias().orElse(null)), o);
        }
        return Map.copyOf(byAlias);
    }

    /** The aliases among {@link #byAliasKey} vaults as written, sorted, for messages. */
    static List<String> aliases(Map<String, KeyVaultOptions> byAliasKey) {
        return byAliasKey.values().stream().flatMap(o -> o.alias().stream()).sorted().toList();
    }

    /**
     * Whether the context can name a vault at all: {@code keyvault.url} has a value, or some name could map to a
     * {@code keyvault.vaults.*} key (compared in environment-variable form, after any {@code %profile.} prefix, so
     * {@code KEYVAULT_VAULTS_…} and {@code %prod.keyvault.vaults.…} count too). A false positive only costs the full
     * read; a false negative would hide a vault, so the test errs towards true.
     */
    static boolean namesAVault(ConfigSourceContext context) {
        ConfigValue url = context.getValue(READ_ROOT + "url");
        if (url != null && url.getValue() != null && !url.getValue().isEmpty()) {
            return true;
        }
        for (Iterator<String> names = context.iterateNames(); names.hasNext();) {
            if (startsInEnvironmentForm(names.next(), ALIASES_IN_ENVIRONMENT_FORM)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name}, without a leading {@code %profile.} and upper-cased with every character outside
     * {@code [A-Za-z0-9]} as {@code _}, starts with {@code prefix}.
     */
    private static boolean startsInEnvironmentForm(String name, String prefix) {
        int from = 0;
        if (name.startsWith("%")) {
            from = name.indexOf('.') + 1;
            if (from == 0) {
                return false;
            }
        }
        if (name.length() - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = name.charAt(from + i);
            char form = c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_';
            if (form != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Feeds one vault's keys into the builder. For an alias, every concern other than the vault's identity (url, ordinal,
     * secret-prefix, secrets, tags) falls back to the main vault's value, so a shared credential or trust store is
     * written once. Plain calls rather than one lambda per key: each lambda is a class spun at first use, and this runs
     * once per start, in a JVM that has compiled nothing yet.
     */
    private static KeyVaultOptions toOptions(KeyVaultOptions.Builder b, String readPrefix, VaultKeys own,
            VaultKeys main, Function<String, Optional<String>> raw) {
        // The main vault falls back to itself.
        VaultKeys fallback = main == null ? own : main;
        String t;
        if ((t = own.url().orElse(null)) != null) {
            b.vaultUrl(t);
        }
        if ((t = own.ordinal().orElse(null)) != null) {
            b.ordinal(SettingText.integer(b.key("ordinal"), t));
        }
        if ((t = own.secretPrefix().orElse(null)) != null) {
            b.secretPrefix(t);
        }
        if (own.secrets().isPresent()) {
            b.secrets(own.secrets().get());
        }
        for (Map.Entry<String, String> tag : own.tags().entrySet()) {
            b.tag(tag.getKey(), tag.getValue());
        }

        if ((t = pick(own.optional(), fallback.optional())) != null) {
            b.optional(SettingText.bool(b.key("optional"), t));
        }
        if ((t = pick(own.maxConcurrency(), fallback.maxConcurrency())) != null) {
            b.maxConcurrency(SettingText.integer(b.key("max-concurrency"), t));
        }
        if ((t = pick(own.startupTimeout(), fallback.startupTimeout())) != null) {
            b.startupTimeout(SettingText.duration(b.key("startup-timeout"), t));
        }
        if ((t = pick(own.refresh().interval(), fallback.refresh().interval())) != null) {
            b.refreshInterval(SettingText.duration(b.key("refresh.interval"), t));
        }
        if ((t = pick(own.refresh().maxStaleness(), fallback.refresh().maxStaleness())) != null) {
            b.maxStaleness(SettingText.duration(b.key("refresh.max-staleness"), t));
        }
        if ((t = pick(own.expiryWarning(), fallback.expiryWarning())) != null) {
            b.expiryWarning(SettingText.duration(b.key("expiry-warning"), t));
        }
        if ((t = pick(own.retry().maxRetries(), fallback.retry().maxRetries())) != null) {
            b.maxRetries(SettingText.integer(b.key("retry.max-retries"), t));
        }
        if ((t = pick(own.retry().baseDelay(), fallback.retry().baseDelay())) != null) {
            b.retryBaseDelay(SettingText.duration(b.key("retry.base-delay"), t));
        }
        if ((t = pick(own.retry().maxDelay(), fallback.retry().maxDelay())) != null) {
            b.retryMaxDelay(SettingText.duration(b.key("retry.max-delay"), t));
        }

        CredentialKeys credential = own.credential();
        CredentialKeys fallbackCredential = fallback.credential();
        if ((t = pick(credential.type(), fallbackCredential.type())) != null) {
            b.credentialType(KeyVaultOptions.CredentialType.parse(b.key("credential.type"), t));
        }
        if ((t = pick(credential.tenantId(), fallbackCredential.tenantId())) != null) {
            b.tenantId(t);
        }
        if ((t = pick(credential.clientId(), fallbackCredential.clientId())) != null) {
            b.clientId(t);
        }
        if ((t = pick(credential.certificatePath(), fallbackCredential.certificatePath())) != null) {
            b.certificatePath(Path.of(t));
        }
        if ((t = pick(credential.authorityHost(), fallbackCredential.authorityHost())) != null) {
            b.authorityHost(t);
        }
        if ((t = pick(credential.tokenFile(), fallbackCredential.tokenFile())) != null) {
            b.tokenFile(Path.of(t));
        }
        if ((t = pick(own.tls().trustStore(), fallback.tls().trustStore())) != null) {
            b.trustStore(Path.of(t));
        }
        if ((t = pick(own.tls().trustStoreType(), fallback.tls().trustStoreType())) != null) {
            b.trustStoreType(t);
        }

        // Read under the context's keyvault.* names; b.key(…) is the name users write, for messages only.
        passwordKey(readPrefix + "credential.client-secret", READ_ROOT + "credential.client-secret", main != null, raw)
                .ifPresent(b::clientSecret);
        passwordKey(readPrefix + "credential.certificate-password", READ_ROOT + "credential.certificate-password",
                main != null, raw).ifPresent(b::certificatePassword);
        passwordKey(readPrefix + "credential.token", READ_ROOT + "credential.token", main != null, raw)
                .ifPresent(b::staticToken);
        passwordKey(readPrefix + "tls.trust-store-password", READ_ROOT + "tls.trust-store-password", main != null, raw)
                .ifPresent(s -> b.trustStorePassword(() -> s.get().toCharArray()));
        // IDENTITY_ENDPOINT, AZURE_CLIENT_ID, … are read through the config first (the environment is one of its
        // sources), so any source can supply them; the process environment stays the fallback.
        b.azureEnvironment(name -> raw.apply(name).or(() -> Optional.ofNullable(System.getenv(name))));
        return b.build();
    }

    /** The vault's own value, else the fallback's (the main vault's for an alias); null when neither is set. */
    private static String pick(Optional<String> own, Optional<String> fallback) {
        return own.isPresent() ? own.get() : fallback.orElse(null);
    }

    /**
     * A supplier that reads a password-type key when called, if the key is set now. Only presence is checked here; the
     * value is not kept.
     */
    private static Optional<Supplier<String>> passwordKey(String key, String mainKey, boolean isAlias,
            Function<String, Optional<String>> raw) {
        if (raw.apply(key).isPresent()) {
            return Optional.of(() -> raw.apply(key).orElse(""));
        }
        if (isAlias && raw.apply(mainKey).isPresent()) {
            return Optional.of(() -> raw.apply(mainKey).orElse(""));
        }
        return Optional.empty();
    }
}
