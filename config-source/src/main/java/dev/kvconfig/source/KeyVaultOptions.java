package dev.kvconfig.source;

import static java.util.Objects.requireNonNull;

import dev.kvconfig.source.naming.NameMapping;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The settings of one vault source, immutable and thread-safe.
 *
 * <p>Callers: the SmallRye factory builds one per configured vault from {@code keyvault.*} properties (through the same
 * builder, so property text and programmatic use share one validation path); adapters and tests may build their own.
 * Setters validate at once and throw {@link IllegalArgumentException} naming the key as users write it
 * ({@code keyvault.refresh.interval}) and the accepted form; {@link Builder#build()} checks missing and clashing settings
 * and throws {@link IllegalStateException}. For a vault alias the keys read {@code keyvault.vaults.<alias>.…}.
 *
 * <p>Password-type settings (client secret, certificate password, trust-store password, static token) are held as
 * suppliers and read only where used, when the credential or trust store is built; {@link #toString()} never shows them.
 */
public final class KeyVaultOptions {

    /** Where the settings live as this library's own users (SmallRye, Micronaut, Spring Boot) write them. */
    public static final String DEFAULT_KEY_ROOT = "keyvault.";

    /** {@code keyvault.ordinal}: above application.properties (250/260), below environment variables (300). */
    public static final int DEFAULT_ORDINAL = Integer.parseInt(KeyVaultSetting.Defaults.ORDINAL);
    /** {@code keyvault.refresh.interval}. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = defaultDuration(KeyVaultSetting.REFRESH_INTERVAL);
    /**
     * {@code keyvault.refresh.max-staleness}: how old the served snapshot may grow during failures before the status turns
     * {@code DOWN}; also the expire-after-write bound of the reference cache. One hour rides out a typical regional
     * incident while still surfacing it on health checks.
     */
    public static final Duration DEFAULT_MAX_STALENESS = defaultDuration(KeyVaultSetting.REFRESH_MAX_STALENESS);
    /** {@code keyvault.max-concurrency}: value fetches in flight at once. */
    public static final int DEFAULT_MAX_CONCURRENCY = Integer.parseInt(KeyVaultSetting.Defaults.MAX_CONCURRENCY);
    /**
     * {@code keyvault.startup-timeout}: how long the startup load, and each refresh cycle, may take. A vault that throttles
     * (429, or 503 with {@code Retry-After}) slows the load down instead of failing it; two minutes lets 200 secrets load
     * through a limit of 20 requests per 2 seconds five times over, and still fails a deployment that cannot start.
     */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = defaultDuration(KeyVaultSetting.STARTUP_TIMEOUT);
    /**
     * {@code keyvault.expiry-warning}: secrets, keys and certificates that expire within this window are listed in
     * {@link VaultStatus#expiring()} and logged once as they enter it. Thirty days leaves a monthly rotation time to act.
     */
    public static final Duration DEFAULT_EXPIRY_WARNING = defaultDuration(KeyVaultSetting.EXPIRY_WARNING);
    /** {@code keyvault.credential.type}. */
    public static final CredentialType DEFAULT_CREDENTIAL_TYPE =
            CredentialType.parse("", KeyVaultSetting.Defaults.CREDENTIAL_TYPE);
    /** {@code keyvault.tls.trust-store-type}. */
    public static final String DEFAULT_TRUST_STORE_TYPE = KeyVaultSetting.Defaults.TLS_TRUST_STORE_TYPE;
    /**
     * {@code keyvault.retry.max-retries}: per request, by azure-core's retry policy, after an I/O error, 408 or 5xx;
     * throttling is retried by the vault's shared back-off within {@code keyvault.startup-timeout} instead.
     */
    public static final int DEFAULT_MAX_RETRIES = Integer.parseInt(KeyVaultSetting.Defaults.RETRY_MAX_RETRIES);
    /** {@code keyvault.retry.base-delay}: first exponential back-off step of a request retry. */
    public static final Duration DEFAULT_RETRY_BASE_DELAY = defaultDuration(KeyVaultSetting.RETRY_BASE_DELAY);
    /** {@code keyvault.retry.max-delay}: cap of the request back-off and of the refresher's back-off between failed cycles. */
    public static final Duration DEFAULT_RETRY_MAX_DELAY = defaultDuration(KeyVaultSetting.RETRY_MAX_DELAY);

    /** A typed default parsed from its one home, {@link KeyVaultSetting.Defaults}. */
    private static Duration defaultDuration(KeyVaultSetting setting) {
        return SettingText.duration(setting.keyUnder(DEFAULT_KEY_ROOT), setting.defaultValue().orElseThrow());
    }

    static final int MAX_CONCURRENCY_LIMIT = 256;
    private static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";
    private static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    private static final String AZURE_FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The main vault's name in status, health checks, metrics and logs, hence not an alias. */
    static final String MAIN_NAME = "default";
    /**
     * What azure-identity accepts ({@code [A-Za-z0-9.-]}, checked character by character) narrowed to what Entra ID
     * has: a tenant (directory) ID, or one of the tenant's domain names.
     */
    private static final Pattern TENANT_ID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
            + "-[0-9A-Fa-f]{12}|(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final String TENANT_ID_FORM = "the tenant (directory) ID, a GUID such as "
            + "72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain name of the tenant such as contoso.onmicrosoft.com";
    /** A Key Vault tag name as a setting accepts it (also {@link CredentialsView}'s login tag). */
    static final Pattern TAG_NAME = Pattern.compile("[^\\s=]{1,512}");

    /** How the source authenticates; {@code keyvault.credential.type} takes the lower-case hyphenated names. */
    public enum CredentialType {
        /** {@code DefaultAzureCredential}: environment, workload identity, managed identity, Azure CLI, … */
        DEFAULT("default"),
        /** {@code ClientSecretCredential}: needs tenant-id, client-id, client-secret. */
        CLIENT_SECRET("client-secret"),
        /** {@code ClientCertificateCredential}: needs tenant-id, client-id, certificate-path (PEM or PFX). */
        CLIENT_CERTIFICATE("client-certificate"),
        /** {@code ManagedIdentityCredential}: optional client-id for a user-assigned identity. */
        MANAGED_IDENTITY("managed-identity"),
        /** {@code WorkloadIdentityCredential}: tenant-id, client-id, token-file, or the AZURE_* environment. */
        WORKLOAD_IDENTITY("workload-identity"),
        /** {@code AzureCliCredential}: the signed-in {@code az} user. */
        AZURE_CLI("azure-cli"),
        /** A static bearer token and no challenge-resource check: the kvconfig emulator only. */
        EMULATOR("emulator");

        private final String configName;

        CredentialType(String configName) {
            this.configName = configName;
        }

        /** The value as written in {@code keyvault.credential.type}. */
        public String configName() {
            return configName;
        }

        static CredentialType parse(String key, String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (CredentialType type : values()) {
                if (type.configName.equals(t)) {
                    return type;
                }
            }
            throw SettingText.invalid(key, text, "one of " + Arrays.stream(values()).map(CredentialType::configName).toList());
        }
    }

    private final String alias;
    private final String keyPrefix;
    private final URI vaultUrl;
    private final int ordinal;
    private final Duration refreshInterval;
    private final Duration maxStaleness;
    private final Duration expiryWarning;
    private final String secretPrefix;
    private final List<String> secrets;
    private final Map<String, String> tags;
    private final boolean optional;
    private final int maxConcurrency;
    private final Duration startupTimeout;
    private final CredentialType credentialType;
    private final String tenantId;
    private final String clientId;
    private final Supplier<String> clientSecret;
    private final Path certificatePath;
    private final Supplier<String> certificatePassword;
    private final URI authorityHost;
    private final Path tokenFile;
    private final Supplier<String> staticToken;
    private final Path trustStore;
    private final String trustStoreType;
    private final Supplier<char[]> trustStorePassword;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Function<String, Optional<String>> azureEnvironment;
    private final Map<String, CredentialsSettings> credentialsProviders;
    private final Map<String, TlsMaterialSettings> tlsMaterials;

    private KeyVaultOptions(Builder b) {
        this.alias = b.alias;
        this.keyPrefix = b.keyPrefix;
        this.vaultUrl = b.vaultUrl;
        this.ordinal = b.ordinal == null ? DEFAULT_ORDINAL : b.ordinal;
        this.refreshInterval = b.refreshInterval == null ? DEFAULT_REFRESH_INTERVAL : b.refreshInterval;
        this.maxStaleness = b.maxStaleness == null ? DEFAULT_MAX_STALENESS : b.maxStaleness;
        this.expiryWarning = b.expiryWarning == null ? DEFAULT_EXPIRY_WARNING : b.expiryWarning;
        this.secretPrefix = b.secretPrefix;
        this.secrets = List.copyOf(b.secrets);
        this.tags = Map.copyOf(b.tags);
        this.optional = b.optional != null && b.optional;
        this.maxConcurrency = b.maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : b.maxConcurrency;
        this.startupTimeout = b.startupTimeout == null ? DEFAULT_STARTUP_TIMEOUT : b.startupTimeout;
        this.credentialType = b.credentialType == null ? DEFAULT_CREDENTIAL_TYPE : b.credentialType;
        this.tenantId = b.tenantId;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.certificatePath = b.certificatePath;
        this.certificatePassword = b.certificatePassword;
        this.authorityHost = b.authorityHost;
        this.tokenFile = b.tokenFile;
        this.staticToken = b.staticToken;
        this.trustStore = b.trustStore;
        this.trustStoreType = b.trustStoreType == null ? DEFAULT_TRUST_STORE_TYPE : b.trustStoreType;
        this.trustStorePassword = b.trustStorePassword;
        this.maxRetries = b.maxRetries == null ? DEFAULT_MAX_RETRIES : b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay == null ? DEFAULT_RETRY_BASE_DELAY : b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay == null ? DEFAULT_RETRY_MAX_DELAY : b.retryMaxDelay;
        this.azureEnvironment = b.azureEnvironment;
        Map<String, CredentialsSettings> providers = new TreeMap<>();
        b.credentialsProviders.forEach((name, p) -> providers.put(name, p.build(displayName())));
        this.credentialsProviders = java.util.Collections.unmodifiableMap(providers);
        Map<String, TlsMaterialSettings> materials = new TreeMap<>();
        b.tlsMaterials.forEach((name, t) -> materials.put(name, t.build(displayName())));
        this.tlsMaterials = java.util.Collections.unmodifiableMap(materials);
    }


    /** A builder for the main vault ({@code keyvault.*}). */
    public static Builder builder() {
        return new Builder(DEFAULT_KEY_ROOT, null);
    }

    /**
     * A builder for the vault {@code alias} ({@code keyvault.vaults.<alias>.*}).
     *
     * @throws IllegalArgumentException if the alias is not 1-64 of {@code [A-Za-z0-9_-]}
     */
    public static Builder builder(String alias) {
        return builder(DEFAULT_KEY_ROOT, alias);
    }

    /**
     * The options of every vault configured under {@code root} in {@code lookup}, main vault ({@code <root>url}) first,
     * then the aliases ({@code <root>vaults.<alias>.url}) by name; empty when no URL is set. Every value goes through
     * the {@link Builder} setter of its {@link KeyVaultSetting}, so the text is validated as a programmatic call would
     * be, and messages name each key under {@code root} as its users write it ({@code quarkus.keyvault.refresh.interval}).
     * An alias's unset inherited settings take the main vault's values. Password-type settings are read from
     * {@code lookup} when the credential or trust store is built, not now. The one way in for adapters and programs.
     *
     * @param root the prefix the settings live under, ending with {@code .}: {@link #DEFAULT_KEY_ROOT} or an
     *     adapter's own, e.g. {@code quarkus.keyvault.}
     * @throws IllegalArgumentException for a malformed value or root, naming the key, the value and the accepted form
     * @throws IllegalStateException for a missing or clashing setting, naming the keys and the fix
     */
    public static List<KeyVaultOptions> read(SettingsLookup lookup, String root) {
        return SettingsReader.read(requireNonNull(lookup, "lookup"), root);
    }

    /**
     * A builder whose messages name keys under {@code root} ({@code quarkus.keyvault.} for an adapter that offers the
     * settings there); {@code alias} null for the main vault. For {@link SettingsReader}.
     */
    static Builder builder(String root, String alias) {
        if (alias == null) {
            return new Builder(root, null);
        }
        if (!ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException(root + "vaults.<alias>: '" + alias
                    + "' is not a valid vault alias; use 1-64 of letters, digits, '-' and '_'");
        }
        if (alias.equalsIgnoreCase(MAIN_NAME)) {
            throw new IllegalArgumentException(root + "vaults." + alias + ": the alias '" + alias + "' is reserved: '"
                    + MAIN_NAME + "' names the main vault (" + root + "url) in status, health checks, metrics and logs. "
                    + "Configure the main vault with " + root + "url and the other " + root + "* keys, or pick another "
                    + "alias");
        }
        return new Builder(root, alias);
    }

    /**
     * How references and lookups match a vault alias: case-insensitively (two aliases that differ only in case are
     * refused), and {@code default}, the main vault's name, or no alias at all for the main vault ({@code ""}).
     */
    static String aliasKey(String alias) {
        if (alias == null || alias.isEmpty() || alias.equalsIgnoreCase(MAIN_NAME)) {
            return "";
        }
        return alias.toLowerCase(Locale.ROOT);
    }

    /** The alias, or empty for the main vault ({@code keyvault.url}). */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    /** The key prefix as users write it: {@code keyvault.} or {@code keyvault.vaults.<alias>.}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The vault URL, normalized to end with {@code /}. */
    public URI vaultUrl() {
        return vaultUrl;
    }

    public int ordinal() {
        return ordinal;
    }

    /** {@link Duration#ZERO} when refresh is off. */
    public Duration refreshInterval() {
        return refreshInterval;
    }

    public Duration maxStaleness() {
        return maxStaleness;
    }

    /** {@code keyvault.expiry-warning}; {@link Duration#ZERO} turns expiry warnings off. */
    public Duration expiryWarning() {
        return expiryWarning;
    }

    public Optional<String> secretPrefix() {
        return Optional.ofNullable(secretPrefix);
    }

    /** Explicit secret names loaded by GET without listing; empty = list the vault. */
    public List<String> secrets() {
        return secrets;
    }

    /** Required tags: a listed secret is loaded only if it carries every one with the same value. */
    public Map<String, String> tags() {
        return tags;
    }

    public boolean optional() {
        return optional;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** {@code keyvault.startup-timeout}: the longest one load (at startup, or a refresh cycle) may take. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    public CredentialType credentialType() {
        return credentialType;
    }

    public Optional<String> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    public Optional<Path> certificatePath() {
        return Optional.ofNullable(certificatePath);
    }

    public Optional<URI> authorityHost() {
        return Optional.ofNullable(authorityHost);
    }

    public Optional<Path> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /**
     * The {@code credentials-provider.<name>.*} groups under this vault's keys, by name (sorted): the credentials of
     * connection pools, each validated as a group. Their secret is served by {@link CredentialsSettings#vault()}.
     */
    public Map<String, CredentialsSettings> credentialsProviders() {
        return credentialsProviders;
    }

    /**
     * The {@code tls-material.<name>.*} groups under this vault's keys, by name (sorted): the TLS identity and trust
     * anchors of the endpoints a framework configures under the same names, each validated as a group. Their
     * certificates are served by {@link TlsMaterialSettings#vault()}.
     */
    public Map<String, TlsMaterialSettings> tlsMaterials() {
        return tlsMaterials;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /** Read when the credential is built; never stored elsewhere. */
    Optional<Supplier<String>> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    Optional<Supplier<String>> certificatePassword() {
        return Optional.ofNullable(certificatePassword);
    }

    Optional<Supplier<String>> staticToken() {
        return Optional.ofNullable(staticToken);
    }

    Optional<Supplier<char[]>> trustStorePassword() {
        return Optional.ofNullable(trustStorePassword);
    }

    /**
     * Where the credential reads the standard Azure variables ({@code IDENTITY_ENDPOINT}, {@code AZURE_CLIENT_ID}, …):
     * the config when the factory built these options, else only the process environment (the SDK's default).
     */
    Optional<Function<String, Optional<String>>> azureEnvironment() {
        return Optional.ofNullable(azureEnvironment);
    }

    /** A short name for logs and source names: the alias or {@code default}. */
    String displayName() {
        return alias == null ? MAIN_NAME : alias;
    }

    /** The full key of a setting of this vault, e.g. {@code keyvault.vaults.payments.refresh.interval}. */
    String key(KeyVaultSetting setting) {
        return setting.keyUnder(keyPrefix);
    }

    /**
     * Every setting of the table by its key, in the table's order: set ones with their value, the rest with their default;
     * secrets ({@link KeyVaultSetting#secret()}) show as {@code <set>} when set, never their value.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KeyVaultOptions[alias=").append(displayName());
        java.util.Set<String> maps = new java.util.HashSet<>();
        for (KeyVaultSetting setting : KeyVaultSetting.values()) {
            Object value = valueOf(setting);
            if (setting.mapSegment().isPresent() && !maps.add(setting.mapParent())) {
                continue; // a map of groups (credentials-provider.<name>.*) is shown once, as one map
            }
            if (value == null || value instanceof java.util.Collection<?> c && c.isEmpty()
                    || value instanceof Map<?, ?> m && m.isEmpty()) {
                continue;
            }
            s.append(", ").append(setting.mapSegment().isPresent() ? setting.mapParent() : setting.key()).append('=')
                    .append(setting.secret() ? "<set>" : value);
        }
        return s.append(']').toString();
    }

    /** The value of one setting, as typed here; null when unset and without default. Exhaustive: one case per row. */
    private Object valueOf(KeyVaultSetting setting) {
        return switch (setting) {
            case URL -> vaultUrl;
            case ORDINAL -> ordinal;
            case SECRET_PREFIX -> secretPrefix;
            case SECRETS -> secrets;
            case TAGS -> tags;
            case OPTIONAL -> optional;
            case MAX_CONCURRENCY -> maxConcurrency;
            case STARTUP_TIMEOUT -> startupTimeout;
            case EXPIRY_WARNING -> expiryWarning;
            case REFRESH_INTERVAL -> refreshInterval;
            case REFRESH_MAX_STALENESS -> maxStaleness;
            case CREDENTIAL_TYPE -> credentialType.configName();
            case CREDENTIAL_TENANT_ID -> tenantId;
            case CREDENTIAL_CLIENT_ID -> clientId;
            case CREDENTIAL_CLIENT_SECRET -> clientSecret;
            case CREDENTIAL_CERTIFICATE_PATH -> certificatePath;
            case CREDENTIAL_CERTIFICATE_PASSWORD -> certificatePassword;
            case CREDENTIAL_AUTHORITY_HOST -> authorityHost;
            case CREDENTIAL_TOKEN_FILE -> tokenFile;
            case CREDENTIAL_TOKEN -> staticToken;
            case TLS_TRUST_STORE -> trustStore;
            case TLS_TRUST_STORE_PASSWORD -> trustStorePassword;
            case TLS_TRUST_STORE_TYPE -> trustStoreType;
            case RETRY_MAX_RETRIES -> maxRetries;
            case RETRY_BASE_DELAY -> retryBaseDelay;
            case RETRY_MAX_DELAY -> retryMaxDelay;
            case CREDENTIALS_PROVIDER_SECRET, CREDENTIALS_PROVIDER_FORMAT, CREDENTIALS_PROVIDER_USERNAME,
                    CREDENTIALS_PROVIDER_USERNAME_TAG, CREDENTIALS_PROVIDER_VAULT, CREDENTIALS_PROVIDER_EVICT_ON_CHANGE ->
                    credentialsProviders;
            case TLS_MATERIAL_CERTIFICATE, TLS_MATERIAL_TRUST, TLS_MATERIAL_VAULT -> tlsMaterials;
        };
    }

    /**
     * Builds {@link KeyVaultOptions}. Not thread-safe. Each setter may be called once ({@link IllegalStateException} on a
     * second call, naming the earlier value unless it is a password); {@link #build()} leaves the builder untouched, so one
     * builder can build many options.
     */
    public static final class Builder {
        private final String alias;
        private final String keyPrefix;
        private URI vaultUrl;
        private Integer ordinal;
        private Duration refreshInterval;
        private Duration maxStaleness;
        private Duration expiryWarning;
        private String secretPrefix;
        private final List<String> secrets = new ArrayList<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Boolean optional;
        private Integer maxConcurrency;
        private Duration startupTimeout;
        private CredentialType credentialType;
        private String tenantId;
        private String clientId;
        private Supplier<String> clientSecret;
        private Path certificatePath;
        private Supplier<String> certificatePassword;
        private URI authorityHost;
        private Path tokenFile;
        private Supplier<String> staticToken;
        private Path trustStore;
        private String trustStoreType;
        private Supplier<char[]> trustStorePassword;
        private Integer maxRetries;
        private Duration retryBaseDelay;
        private Duration retryMaxDelay;
        private Function<String, Optional<String>> azureEnvironment;
        private final Map<String, CredentialsSettings.Builder> credentialsProviders = new LinkedHashMap<>();
        private final Map<String, TlsMaterialSettings.Builder> tlsMaterials = new LinkedHashMap<>();

        private Builder(String root, String alias) {
            this.alias = alias;
            this.keyPrefix = alias == null ? root : SettingsReader.aliasPrefix(root, alias);
        }

        /** The full key of a setting as users write it, for messages. */
        String key(KeyVaultSetting setting) {
            return setting.keyUnder(keyPrefix);
        }

        private void requireUnset(Object current, KeyVaultSetting suffix) {
            if (current != null) {
                throw new IllegalStateException(key(suffix) + " was already set to " + current);
            }
        }

        private void requireUnsetSecret(Object current, KeyVaultSetting suffix) {
            if (current != null) {
                throw new IllegalStateException(key(suffix) + " was already set");
            }
        }

        /**
         * {@code keyvault.url} (required): the vault URL, e.g. {@code https://my-vault.vault.azure.net/}. {@code http://}
         * is accepted here but refused by {@link #build()} unless the credential type is {@code emulator}.
         */
        public Builder vaultUrl(String url) {
            requireNonNull(url, () -> key(KeyVaultSetting.URL));
            requireUnset(vaultUrl, KeyVaultSetting.URL);
            String form = "an absolute https URL such as https://my-vault.vault.azure.net/";
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw SettingText.invalid(key(KeyVaultSetting.URL), url, form);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                throw SettingText.invalid(key(KeyVaultSetting.URL), url, form);
            }
            this.vaultUrl = URI.create(scheme + "://" + uri.getRawAuthority() + "/");
            return this;
        }

        /** {@code keyvault.ordinal}, default {@value KeyVaultSetting.Defaults#ORDINAL}. */
        public Builder ordinal(int ordinal) {
            requireUnset(this.ordinal, KeyVaultSetting.ORDINAL);
            this.ordinal = ordinal;
            return this;
        }

        /**
         * {@code keyvault.refresh.interval}, default 5 minutes; {@link Duration#ZERO} turns background refresh off. Each
         * cycle lists the vault and fetches only secrets whose version or update time changed; the interval is jittered
         * by ±10% so many instances do not list in step.
         */
        public Builder refreshInterval(Duration interval) {
            requireNonNull(interval, () -> key(KeyVaultSetting.REFRESH_INTERVAL));
            requireUnset(refreshInterval, KeyVaultSetting.REFRESH_INTERVAL);
            if (interval.isNegative()) {
                throw SettingText.invalid(key(KeyVaultSetting.REFRESH_INTERVAL), interval.toString(),
                        "a duration of 0 (off) or more, e.g. 30s, 5m, PT30S");
            }
            this.refreshInterval = interval;
            return this;
        }

        /** {@code keyvault.refresh.max-staleness}, default 1 hour; must be positive. */
        public Builder maxStaleness(Duration maxStaleness) {
            requireNonNull(maxStaleness, () -> key(KeyVaultSetting.REFRESH_MAX_STALENESS));
            requireUnset(this.maxStaleness, KeyVaultSetting.REFRESH_MAX_STALENESS);
            if (maxStaleness.isNegative() || maxStaleness.isZero()) {
                throw SettingText.invalid(key(KeyVaultSetting.REFRESH_MAX_STALENESS), maxStaleness.toString(),
                        "a positive duration, e.g. 30m, 1h, PT1H");
            }
            this.maxStaleness = maxStaleness;
            return this;
        }

        /**
         * {@code keyvault.expiry-warning}: how long before its expiry a secret, key or certificate is reported in
         * {@link VaultStatus#expiring()} and logged once. Default {@link KeyVaultOptions#DEFAULT_EXPIRY_WARNING} (30
         * days); zero turns warnings off. Costs one metadata request per referenced key or certificate per refresh.
         *
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException if already set
         */
        public Builder expiryWarning(Duration expiryWarning) {
            requireNonNull(expiryWarning, () -> key(KeyVaultSetting.EXPIRY_WARNING));
            requireUnset(this.expiryWarning, KeyVaultSetting.EXPIRY_WARNING);
            if (expiryWarning.isNegative()) {
                throw SettingText.invalid(key(KeyVaultSetting.EXPIRY_WARNING), expiryWarning.toString(),
                        "a duration of zero or more, e.g. 30d, 720h, P30D");
            }
            this.expiryWarning = expiryWarning;
            return this;
        }

        /**
         * {@code keyvault.secret-prefix}: load only secrets whose name starts with it (case-insensitive) and serve them
         * without it; {@code myapp-db-password} serves {@code db.password}.
         */
        public Builder secretPrefix(String prefix) {
            requireNonNull(prefix, () -> key(KeyVaultSetting.SECRET_PREFIX));
            requireUnset(secretPrefix, KeyVaultSetting.SECRET_PREFIX);
            if (!NameMapping.isValidSecretName(prefix)) {
                throw SettingText.invalid(key(KeyVaultSetting.SECRET_PREFIX), prefix,
                        "the start of a secret name: 1-127 of letters, digits and '-', e.g. myapp-");
            }
            this.secretPrefix = prefix;
            return this;
        }

        /**
         * {@code keyvault.secrets}: load exactly these secret names with GET only (works with the {@code get} permission
         * alone; nothing is listed). Names as stored in the vault; a configured prefix is stripped from names that carry it.
         */
        public Builder secrets(List<String> names) {
            requireNonNull(names, () -> key(KeyVaultSetting.SECRETS));
            if (!secrets.isEmpty()) {
                throw new IllegalStateException(key(KeyVaultSetting.SECRETS) + " was already set to " + secrets);
            }
            List<String> copy = new ArrayList<>();
            for (String name : names) {
                String n = name == null ? "" : name.trim();
                if (n.isEmpty()) {
                    continue;
                }
                if (!NameMapping.isValidSecretName(n)) {
                    throw SettingText.invalid(key(KeyVaultSetting.SECRETS), String.valueOf(name),
                            "a comma-separated list of secret names of 1-127 letters, digits and '-'");
                }
                copy.add(n);
            }
            secrets.addAll(copy);
            return this;
        }

        /** {@code keyvault.tags.<tag>=<value>}: load only listed secrets carrying this tag with this value. */
        public Builder tag(String tag, String value) {
            requireNonNull(tag, () -> key(KeyVaultSetting.TAGS));
            requireNonNull(value, () -> KeyVaultSetting.TAGS.keyUnder(keyPrefix, tag));
            if (!TAG_NAME.matcher(tag).matches()) {
                throw SettingText.invalid(key(KeyVaultSetting.TAGS), tag, "a tag name without spaces or '='");
            }
            if (tags.containsKey(tag)) {
                throw new IllegalStateException(KeyVaultSetting.TAGS.keyUnder(keyPrefix, tag) + " was already set to " + tags.get(tag));
            }
            tags.put(tag, value);
            return this;
        }

        /**
         * {@code keyvault.optional}, default false. When true an unreachable vault at startup leaves the source empty and
         * the refresher keeps trying with back-off; when false startup fails.
         */
        public Builder optional(boolean optional) {
            requireUnset(this.optional, KeyVaultSetting.OPTIONAL);
            this.optional = optional;
            return this;
        }

        /** {@code keyvault.max-concurrency}, default 16, 1 to 256: value fetches in flight at once. */
        public Builder maxConcurrency(int maxConcurrency) {
            requireUnset(this.maxConcurrency, KeyVaultSetting.MAX_CONCURRENCY);
            if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY_LIMIT) {
                throw SettingText.invalid(key(KeyVaultSetting.MAX_CONCURRENCY), Integer.toString(maxConcurrency),
                        "a whole number from 1 to " + MAX_CONCURRENCY_LIMIT);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * {@code keyvault.startup-timeout}, default 2 minutes; positive. The time budget of one load: the startup load
         * (the config build waits for it) and each refresh cycle. While the vault throttles, every request of this vault
         * waits for its {@code Retry-After} and fewer go out at once, so a throttled load takes longer instead of
         * failing; it fails, saying "throttled" and naming this key, only when the budget is spent.
         */
        public Builder startupTimeout(Duration timeout) {
            requireNonNull(timeout, () -> key(KeyVaultSetting.STARTUP_TIMEOUT));
            requireUnset(startupTimeout, KeyVaultSetting.STARTUP_TIMEOUT);
            if (timeout.isNegative() || timeout.isZero()) {
                throw SettingText.invalid(key(KeyVaultSetting.STARTUP_TIMEOUT), timeout.toString(), "a positive duration, e.g. 2m, 90s, PT2M");
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** {@code keyvault.credential.type}, default {@code default}. */
        public Builder credentialType(CredentialType type) {
            requireNonNull(type, () -> key(KeyVaultSetting.CREDENTIAL_TYPE));
            requireUnset(credentialType == null ? null : credentialType.configName(), KeyVaultSetting.CREDENTIAL_TYPE);
            this.credentialType = type;
            return this;
        }

        /**
         * {@code keyvault.credential.tenant-id}: the tenant (directory) ID, a GUID, or one of the tenant's domain names
         * ({@code contoso.onmicrosoft.com}).
         *
         * @throws IllegalArgumentException for anything else, before azure-identity sees it
         */
        public Builder tenantId(String tenantId) {
            String t = requireText(tenantId, this.tenantId, KeyVaultSetting.CREDENTIAL_TENANT_ID);
            if (!TENANT_ID.matcher(t).matches()) {
                throw SettingText.invalid(key(KeyVaultSetting.CREDENTIAL_TENANT_ID), tenantId, TENANT_ID_FORM);
            }
            this.tenantId = t;
            return this;
        }

        /** {@code keyvault.credential.client-id}. */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, this.clientId, KeyVaultSetting.CREDENTIAL_CLIENT_ID);
            return this;
        }

        /** {@code keyvault.credential.client-secret}: read once, when the credential is built. */
        public Builder clientSecret(Supplier<String> clientSecret) {
            requireNonNull(clientSecret, () -> key(KeyVaultSetting.CREDENTIAL_CLIENT_SECRET));
            requireUnsetSecret(this.clientSecret, KeyVaultSetting.CREDENTIAL_CLIENT_SECRET);
            this.clientSecret = clientSecret;
            return this;
        }

        /** {@code keyvault.credential.certificate-path}: PEM or PFX/PKCS12 file with the client certificate and key. */
        public Builder certificatePath(Path path) {
            requireNonNull(path, () -> key(KeyVaultSetting.CREDENTIAL_CERTIFICATE_PATH));
            requireUnset(certificatePath, KeyVaultSetting.CREDENTIAL_CERTIFICATE_PATH);
            this.certificatePath = path;
            return this;
        }

        /** {@code keyvault.credential.certificate-password}: for a PFX certificate; read when the credential is built. */
        public Builder certificatePassword(Supplier<String> password) {
            requireNonNull(password, () -> key(KeyVaultSetting.CREDENTIAL_CERTIFICATE_PASSWORD));
            requireUnsetSecret(certificatePassword, KeyVaultSetting.CREDENTIAL_CERTIFICATE_PASSWORD);
            this.certificatePassword = password;
            return this;
        }

        /** {@code keyvault.credential.authority-host}: the Entra ID endpoint, https only (sovereign clouds, the emulator). */
        public Builder authorityHost(String url) {
            requireNonNull(url, () -> key(KeyVaultSetting.CREDENTIAL_AUTHORITY_HOST));
            requireUnset(authorityHost, KeyVaultSetting.CREDENTIAL_AUTHORITY_HOST);
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw SettingText.invalid(key(KeyVaultSetting.CREDENTIAL_AUTHORITY_HOST), url,
                        "an absolute https URL such as https://login.microsoftonline.com/");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw SettingText.invalid(key(KeyVaultSetting.CREDENTIAL_AUTHORITY_HOST), url,
                        "an absolute https URL such as https://login.microsoftonline.com/");
            }
            this.authorityHost = uri;
            return this;
        }

        /** {@code keyvault.credential.token-file}: the federated token file of workload identity. */
        public Builder tokenFile(Path path) {
            requireNonNull(path, () -> key(KeyVaultSetting.CREDENTIAL_TOKEN_FILE));
            requireUnset(tokenFile, KeyVaultSetting.CREDENTIAL_TOKEN_FILE);
            this.tokenFile = path;
            return this;
        }

        /** {@code keyvault.credential.token}: the static bearer token of type {@code emulator} (default: any text). */
        public Builder staticToken(Supplier<String> token) {
            requireNonNull(token, () -> key(KeyVaultSetting.CREDENTIAL_TOKEN));
            requireUnsetSecret(staticToken, KeyVaultSetting.CREDENTIAL_TOKEN);
            this.staticToken = token;
            return this;
        }

        /** {@code keyvault.tls.trust-store}: extra trusted certificates, added to the JDK's (corporate CA, emulator). */
        public Builder trustStore(Path path) {
            requireNonNull(path, () -> key(KeyVaultSetting.TLS_TRUST_STORE));
            requireUnset(trustStore, KeyVaultSetting.TLS_TRUST_STORE);
            this.trustStore = path;
            return this;
        }

        /** {@code keyvault.tls.trust-store-type}, default PKCS12. */
        public Builder trustStoreType(String type) {
            this.trustStoreType = requireText(type, this.trustStoreType, KeyVaultSetting.TLS_TRUST_STORE_TYPE);
            return this;
        }

        /** {@code keyvault.tls.trust-store-password}: read when the trust store is opened. */
        public Builder trustStorePassword(Supplier<char[]> password) {
            requireNonNull(password, () -> key(KeyVaultSetting.TLS_TRUST_STORE_PASSWORD));
            requireUnsetSecret(trustStorePassword, KeyVaultSetting.TLS_TRUST_STORE_PASSWORD);
            this.trustStorePassword = password;
            return this;
        }

        /** {@code keyvault.retry.max-retries}, default 4, 0 to 20: retries of one request by azure-core. */
        public Builder maxRetries(int maxRetries) {
            requireUnset(this.maxRetries, KeyVaultSetting.RETRY_MAX_RETRIES);
            if (maxRetries < 0 || maxRetries > 20) {
                throw SettingText.invalid(key(KeyVaultSetting.RETRY_MAX_RETRIES), Integer.toString(maxRetries), "a whole number from 0 to 20");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** {@code keyvault.retry.base-delay}, default 800ms; positive. */
        public Builder retryBaseDelay(Duration delay) {
            requireNonNull(delay, () -> key(KeyVaultSetting.RETRY_BASE_DELAY));
            requireUnset(retryBaseDelay, KeyVaultSetting.RETRY_BASE_DELAY);
            if (delay.isNegative() || delay.isZero()) {
                throw SettingText.invalid(key(KeyVaultSetting.RETRY_BASE_DELAY), delay.toString(), "a positive duration, e.g. 800ms");
            }
            this.retryBaseDelay = delay;
            return this;
        }

        /**
         * Feeds one key of the group {@code credentials-provider.<name>.*} (the connection-pool credentials
         * {@link CredentialsSettings}) to its validating setter; the group is checked as a whole by {@link #build()}.
         */
        Builder credentialsProvider(String name, Consumer<CredentialsSettings.Builder> setting) {
            CredentialsSettings.Builder group = credentialsProviders.get(name);
            if (group == null) {
                group = new CredentialsSettings.Builder(
                        keyPrefix + KeyVaultSetting.CREDENTIALS_PROVIDER_SECRET.mapParent() + ".", name);
                credentialsProviders.put(name, group);
            }
            setting.accept(group);
            return this;
        }

        /**
         * Feeds one key of the group {@code tls-material.<name>.*} ({@link TlsMaterialSettings}) to its validating
         * setter; the group is checked as a whole by {@link #build()}.
         */
        Builder tlsMaterial(String name, Consumer<TlsMaterialSettings.Builder> setting) {
            TlsMaterialSettings.Builder group = tlsMaterials.get(name);
            if (group == null) {
                group = new TlsMaterialSettings.Builder(
                        keyPrefix + KeyVaultSetting.TLS_MATERIAL_CERTIFICATE.mapParent() + ".", name);
                tlsMaterials.put(name, group);
            }
            setting.accept(group);
            return this;
        }

        /** {@code keyvault.retry.max-delay}, default 60s; positive. Also caps the refresher's back-off between cycles. */
        public Builder retryMaxDelay(Duration delay) {
            requireNonNull(delay, () -> key(KeyVaultSetting.RETRY_MAX_DELAY));
            requireUnset(retryMaxDelay, KeyVaultSetting.RETRY_MAX_DELAY);
            if (delay.isNegative() || delay.isZero()) {
                throw SettingText.invalid(key(KeyVaultSetting.RETRY_MAX_DELAY), delay.toString(), "a positive duration, e.g. 60s");
            }
            this.retryMaxDelay = delay;
            return this;
        }

        /** Set by the factory: Azure variables are looked up through the config (environment, system properties, …). */
        Builder azureEnvironment(Function<String, Optional<String>> lookup) {
            this.azureEnvironment = requireNonNull(lookup, "lookup");
            return this;
        }

        private String requireText(String value, String current, KeyVaultSetting suffix) {
            requireNonNull(value, () -> key(suffix));
            requireUnset(current, suffix);
            if (value.isBlank()) {
                throw SettingText.invalid(key(suffix), value, "a non-empty value");
            }
            return value.trim();
        }

        /**
         * Checks required and clashing settings and builds the options.
         *
         * @throws IllegalStateException naming the key and the fix when {@code url} is missing, {@code http://} is used
         *     with a credential type other than {@code emulator}, a credential type misses its keys (or, for
         *     {@code workload-identity}, their {@code AZURE_*} variables), a credential file cannot be read, or settings
         *     clash
         */
        public KeyVaultOptions build() {
            requireUrl();
            requireHttpsUnlessEmulator();
            requireCredentialKeys();
            requireReadableCredentialFiles();
            requireStalenessAboveInterval();
            requireRetryDelaysOrdered();
            requireTrustStoreWithPassword();
            return new KeyVaultOptions(this);
        }

        private CredentialType type() {
            return credentialType == null ? DEFAULT_CREDENTIAL_TYPE : credentialType;
        }

        private void requireUrl() {
            if (vaultUrl == null) {
                throw new IllegalStateException(key(KeyVaultSetting.URL) + " is not set; set it to the vault URL, e.g. "
                        + key(KeyVaultSetting.URL) + "=https://my-vault.vault.azure.net/");
            }
        }

        private void requireHttpsUnlessEmulator() {
            if (vaultUrl.getScheme().equals("http") && type() != CredentialType.EMULATOR) {
                throw new IllegalStateException(key(KeyVaultSetting.URL) + ": " + vaultUrl + " uses http://; Key Vault is https only. Use "
                        + "https://, or set " + key(KeyVaultSetting.CREDENTIAL_TYPE) + "=emulator for a local emulator");
            }
        }

        private void requireCredentialKeys() {
            List<String> missing = new ArrayList<>();
            switch (type()) {
                case CLIENT_SECRET:
                    addIfMissing(missing, tenantId, KeyVaultSetting.CREDENTIAL_TENANT_ID);
                    addIfMissing(missing, clientId, KeyVaultSetting.CREDENTIAL_CLIENT_ID);
                    addIfMissing(missing, clientSecret, KeyVaultSetting.CREDENTIAL_CLIENT_SECRET);
                    break;
                case CLIENT_CERTIFICATE:
                    addIfMissing(missing, tenantId, KeyVaultSetting.CREDENTIAL_TENANT_ID);
                    addIfMissing(missing, clientId, KeyVaultSetting.CREDENTIAL_CLIENT_ID);
                    addIfMissing(missing, certificatePath, KeyVaultSetting.CREDENTIAL_CERTIFICATE_PATH);
                    break;
                case WORKLOAD_IDENTITY:
                    // azure-identity falls back to these variables (through our config lookup) when a key is absent.
                    addIfMissing(missing, tenantId, KeyVaultSetting.CREDENTIAL_TENANT_ID, AZURE_TENANT_ID);
                    addIfMissing(missing, clientId, KeyVaultSetting.CREDENTIAL_CLIENT_ID, AZURE_CLIENT_ID);
                    addIfMissing(missing, tokenFile, KeyVaultSetting.CREDENTIAL_TOKEN_FILE, AZURE_FEDERATED_TOKEN_FILE);
                    if (tenantId == null) {
                        azureVariable(AZURE_TENANT_ID).filter(t -> !TENANT_ID.matcher(t.trim()).matches())
                                .ifPresent(t -> {
                                    throw new IllegalStateException(AZURE_TENANT_ID + " (used as "
                                            + key(KeyVaultSetting.CREDENTIAL_TENANT_ID) + "): '" + t + "' is not valid; use "
                                            + TENANT_ID_FORM + ", or set " + key(KeyVaultSetting.CREDENTIAL_TENANT_ID));
                                });
                    }
                    break;
                default:
                    break;
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(key(KeyVaultSetting.CREDENTIAL_TYPE) + "=" + type().configName() + " needs " + missing
                        + "; set them, or choose another " + key(KeyVaultSetting.CREDENTIAL_TYPE));
            }
        }

        private void addIfMissing(List<String> missing, Object value, KeyVaultSetting suffix) {
            if (value == null) {
                missing.add(key(suffix));
            }
        }

        private void addIfMissing(List<String> missing, Object value, KeyVaultSetting suffix, String variable) {
            if (value == null && azureVariable(variable).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(key(suffix) + " (or " + variable + ")");
            }
        }

        /**
         * A standard Azure variable as the credential will read it: through the config when the factory set the lookup,
         * else as azure-core's global configuration does (system property, then environment).
         */
        private Optional<String> azureVariable(String name) {
            if (azureEnvironment != null) {
                return azureEnvironment.apply(name);
            }
            return Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(System.getenv(name)));
        }

        /**
         * The files a credential reads, checked here so the message names the key: azure-identity reports a missing
         * certificate as "Self-suppression not permitted" and a missing token file only at the first token request.
         */
        private void requireReadableCredentialFiles() {
            if (type() == CredentialType.CLIENT_CERTIFICATE) {
                requireReadable(certificatePath, key(KeyVaultSetting.CREDENTIAL_CERTIFICATE_PATH),
                        "the PEM or PFX/P12 file with the client certificate and its private key");
            } else if (type() == CredentialType.WORKLOAD_IDENTITY) {
                if (tokenFile != null) {
                    requireReadable(tokenFile, key(KeyVaultSetting.CREDENTIAL_TOKEN_FILE), "the federated token file, e.g. "
                            + "/var/run/secrets/azure/tokens/azure-identity-token, or remove it to use "
                            + AZURE_FEDERATED_TOKEN_FILE);
                } else {
                    Optional<String> fromVariable = azureVariable(AZURE_FEDERATED_TOKEN_FILE);
                    if (fromVariable.isPresent()) {
                        requireReadable(Path.of(fromVariable.get().trim()), AZURE_FEDERATED_TOKEN_FILE + " (used as "
                                + key(KeyVaultSetting.CREDENTIAL_TOKEN_FILE) + ")", "the federated token file, or set "
                                + key(KeyVaultSetting.CREDENTIAL_TOKEN_FILE));
                    }
                }
            }
        }

        private static void requireReadable(Path file, String key, String what) {
            String problem;
            if (!Files.exists(file)) {
                problem = "does not exist";
            } else if (!Files.isRegularFile(file)) {
                problem = "is not a file";
            } else if (!Files.isReadable(file)) {
                problem = "cannot be read by this process (check its permissions)";
            } else {
                return;
            }
            throw new IllegalStateException(key + ": " + file.toAbsolutePath() + " " + problem + "; set it to " + what);
        }

        private void requireStalenessAboveInterval() {
            Duration interval = refreshInterval == null ? DEFAULT_REFRESH_INTERVAL : refreshInterval;
            Duration staleness = maxStaleness == null ? DEFAULT_MAX_STALENESS : maxStaleness;
            if (!interval.isZero() && staleness.compareTo(interval) < 0) {
                throw new IllegalStateException(key(KeyVaultSetting.REFRESH_MAX_STALENESS) + " (" + staleness + ") is shorter than "
                        + key(KeyVaultSetting.REFRESH_INTERVAL) + " (" + interval + "); the source would report itself stale between "
                        + "two refreshes. Raise " + key(KeyVaultSetting.REFRESH_MAX_STALENESS) + " or lower " + key(KeyVaultSetting.REFRESH_INTERVAL));
            }
        }

        private void requireRetryDelaysOrdered() {
            Duration base = retryBaseDelay == null ? DEFAULT_RETRY_BASE_DELAY : retryBaseDelay;
            Duration max = retryMaxDelay == null ? DEFAULT_RETRY_MAX_DELAY : retryMaxDelay;
            if (max.compareTo(base) < 0) {
                throw new IllegalStateException(key(KeyVaultSetting.RETRY_MAX_DELAY) + " (" + max + ") is shorter than "
                        + key(KeyVaultSetting.RETRY_BASE_DELAY) + " (" + base + "); raise " + key(KeyVaultSetting.RETRY_MAX_DELAY));
            }
        }

        private void requireTrustStoreWithPassword() {
            if (trustStorePassword != null && trustStore == null) {
                throw new IllegalStateException(key(KeyVaultSetting.TLS_TRUST_STORE_PASSWORD) + " is set but " + key(KeyVaultSetting.TLS_TRUST_STORE)
                        + " is not; set " + key(KeyVaultSetting.TLS_TRUST_STORE) + " to the trust store file");
            }
        }
    }
}
