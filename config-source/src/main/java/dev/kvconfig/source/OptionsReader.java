package dev.kvconfig.source;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
     * Feeds one vault's keys into the builder. For an alias, every concern other than the vault's identity (url, ordinal,
     * secret-prefix, secrets, tags) falls back to the main vault's value, so a shared credential or trust store is
     * written once.
     */
    private static KeyVaultOptions toOptions(KeyVaultOptions.Builder b, String readPrefix, VaultKeys own,
            VaultKeys main, Function<String, Optional<String>> raw) {
        own.url().ifPresent(b::vaultUrl);
        own.ordinal().ifPresent(t -> b.ordinal(SettingText.integer(b.key("ordinal"), t)));
        own.secretPrefix().ifPresent(b::secretPrefix);
        own.secrets().ifPresent(b::secrets);
        own.tags().forEach(b::tag);

        pick(own, main, VaultKeys::optional).ifPresent(t -> b.optional(SettingText.bool(b.key("optional"), t)));
        pick(own, main, VaultKeys::maxConcurrency)
                .ifPresent(t -> b.maxConcurrency(SettingText.integer(b.key("max-concurrency"), t)));
        pick(own, main, k -> k.refresh().interval())
                .ifPresent(t -> b.refreshInterval(SettingText.duration(b.key("refresh.interval"), t)));
        pick(own, main, k -> k.refresh().maxStaleness())
                .ifPresent(t -> b.maxStaleness(SettingText.duration(b.key("refresh.max-staleness"), t)));
        pick(own, main, VaultKeys::expiryWarning)
                .ifPresent(t -> b.expiryWarning(SettingText.duration(b.key("expiry-warning"), t)));
        pick(own, main, k -> k.retry().maxRetries())
                .ifPresent(t -> b.maxRetries(SettingText.integer(b.key("retry.max-retries"), t)));
        pick(own, main, k -> k.retry().baseDelay())
                .ifPresent(t -> b.retryBaseDelay(SettingText.duration(b.key("retry.base-delay"), t)));
        pick(own, main, k -> k.retry().maxDelay())
                .ifPresent(t -> b.retryMaxDelay(SettingText.duration(b.key("retry.max-delay"), t)));

        pick(own, main, k -> k.credential().type())
                .ifPresent(t -> b.credentialType(KeyVaultOptions.CredentialType.parse(b.key("credential.type"), t)));
        pick(own, main, k -> k.credential().tenantId()).ifPresent(b::tenantId);
        pick(own, main, k -> k.credential().clientId()).ifPresent(b::clientId);
        pick(own, main, k -> k.credential().certificatePath()).ifPresent(t -> b.certificatePath(Path.of(t)));
        pick(own, main, k -> k.credential().authorityHost()).ifPresent(b::authorityHost);
        pick(own, main, k -> k.credential().tokenFile()).ifPresent(t -> b.tokenFile(Path.of(t)));
        pick(own, main, k -> k.tls().trustStore()).ifPresent(t -> b.trustStore(Path.of(t)));
        pick(own, main, k -> k.tls().trustStoreType()).ifPresent(b::trustStoreType);

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

    private static Optional<String> pick(VaultKeys own, VaultKeys main, Function<VaultKeys, Optional<String>> getter) {
        Optional<String> value = getter.apply(own);
        if (value.isEmpty() && main != null) {
            return getter.apply(main);
        }
        return value;
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
