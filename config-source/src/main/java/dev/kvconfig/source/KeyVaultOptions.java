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

    /** {@code keyvault.ordinal}: above application.properties (250/260), below environment variables (300). */
    public static final int DEFAULT_ORDINAL = 270;
    /** {@code keyvault.refresh.interval}. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    /**
     * {@code keyvault.refresh.max-staleness}: how old the served snapshot may grow during failures before the status turns
     * {@code DOWN}; also the expire-after-write bound of the reference cache. One hour rides out a typical regional
     * incident while still surfacing it on health checks.
     */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(1);
    /** {@code keyvault.max-concurrency}: value fetches in flight at once. */
    public static final int DEFAULT_MAX_CONCURRENCY = 16;
    /**
     * {@code keyvault.startup-timeout}: how long the startup load, and each refresh cycle, may take. A vault that throttles
     * (429, or 503 with {@code Retry-After}) slows the load down instead of failing it; two minutes lets 200 secrets load
     * through a limit of 20 requests per 2 seconds five times over, and still fails a deployment that cannot start.
     */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(2);
    /**
     * {@code keyvault.expiry-warning}: secrets, keys and certificates that expire within this window are listed in
     * {@link VaultStatus#expiring()} and logged once as they enter it. Thirty days leaves a monthly rotation time to act.
     */
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);
    /** {@code keyvault.credential.type}. */
    public static final CredentialType DEFAULT_CREDENTIAL_TYPE = CredentialType.DEFAULT;
    /** {@code keyvault.tls.trust-store-type}. */
    public static final String DEFAULT_TRUST_STORE_TYPE = "PKCS12";
    /**
     * {@code keyvault.retry.max-retries}: per request, by azure-core's retry policy, after an I/O error, 408 or 5xx;
     * throttling is retried by the vault's shared back-off within {@code keyvault.startup-timeout} instead.
     */
    public static final int DEFAULT_MAX_RETRIES = 4;
    /** {@code keyvault.retry.base-delay}: first exponential back-off step of a request retry. */
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(800);
    /** {@code keyvault.retry.max-delay}: cap of the request back-off and of the refresher's back-off between failed cycles. */
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(60);

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
    }

    /** Where the settings live as this library's own users write them. */
    static final String DEFAULT_KEY_ROOT = "keyvault.";

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
     * A builder whose messages name keys under {@code root} ({@code quarkus.keyvault.} for an adapter that offers the
     * settings there); {@code alias} null for the main vault. For {@link OptionsReader}.
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
    String key(String suffix) {
        return keyPrefix + suffix;
    }

    /** Settings only; passwords and the client secret show as {@code <set>}, never their value. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KeyVaultOptions[");
        s.append("alias=").append(displayName())
                .append(", url=").append(vaultUrl)
                .append(", ordinal=").append(ordinal)
                .append(", refreshInterval=").append(refreshInterval)
                .append(", maxStaleness=").append(maxStaleness)
                .append(", expiryWarning=").append(expiryWarning)
                .append(", optional=").append(optional)
                .append(", maxConcurrency=").append(maxConcurrency)
                .append(", startupTimeout=").append(startupTimeout)
                .append(", credentialType=").append(credentialType.configName());
        if (secretPrefix != null) {
            s.append(", secretPrefix=").append(secretPrefix);
        }
        if (!secrets.isEmpty()) {
            s.append(", secrets=").append(secrets);
        }
        if (!tags.isEmpty()) {
            s.append(", tags=").append(tags);
        }
        if (tenantId != null) {
            s.append(", tenantId=").append(tenantId);
        }
        if (clientId != null) {
            s.append(", clientId=").append(clientId);
        }
        if (clientSecret != null) {
            s.append(", clientSecret=<set>");
        }
        if (certificatePath != null) {
            s.append(", certificatePath=").append(certificatePath);
        }
        if (authorityHost != null) {
            s.append(", authorityHost=").append(authorityHost);
        }
        if (tokenFile != null) {
            s.append(", tokenFile=").append(tokenFile);
        }
        if (trustStore != null) {
            s.append(", trustStore=").append(trustStore).append(", trustStoreType=").append(trustStoreType);
        }
        if (trustStorePassword != null) {
            s.append(", trustStorePassword=<set>");
        }
        return s.append(']').toString();
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

        private Builder(String root, String alias) {
            this.alias = alias;
            this.keyPrefix = alias == null ? root : root + "vaults." + alias + ".";
        }

        /** The full key of a setting as users write it, for messages. */
        String key(String suffix) {
            return keyPrefix + suffix;
        }

        private void requireUnset(Object current, String suffix) {
            if (current != null) {
                throw new IllegalStateException(key(suffix) + " was already set to " + current);
            }
        }

        private void requireUnsetSecret(Object current, String suffix) {
            if (current != null) {
                throw new IllegalStateException(key(suffix) + " was already set");
            }
        }

        /**
         * {@code keyvault.url} (required): the vault URL, e.g. {@code https://my-vault.vault.azure.net/}. {@code http://}
         * is accepted here but refused by {@link #build()} unless the credential type is {@code emulator}.
         */
        public Builder vaultUrl(String url) {
            requireNonNull(url, () -> key("url"));
            requireUnset(vaultUrl, "url");
            String form = "an absolute https URL such as https://my-vault.vault.azure.net/";
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw SettingText.invalid(key("url"), url, form);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                throw SettingText.invalid(key("url"), url, form);
            }
            this.vaultUrl = URI.create(scheme + "://" + uri.getRawAuthority() + "/");
            return this;
        }

        /** {@code keyvault.ordinal}, default {@value KeyVaultOptions#DEFAULT_ORDINAL}. */
        public Builder ordinal(int ordinal) {
            requireUnset(this.ordinal, "ordinal");
            this.ordinal = ordinal;
            return this;
        }

        /**
         * {@code keyvault.refresh.interval}, default 5 minutes; {@link Duration#ZERO} turns background refresh off. Each
         * cycle lists the vault and fetches only secrets whose version or update time changed; the interval is jittered
         * by ±10% so many instances do not list in step.
         */
        public Builder refreshInterval(Duration interval) {
            requireNonNull(interval, () -> key("refresh.interval"));
            requireUnset(refreshInterval, "refresh.interval");
            if (interval.isNegative()) {
                throw SettingText.invalid(key("refresh.interval"), interval.toString(),
                        "a duration of 0 (off) or more, e.g. 30s, 5m, PT30S");
            }
            this.refreshInterval = interval;
            return this;
        }

        /** {@code keyvault.refresh.max-staleness}, default 1 hour; must be positive. */
        public Builder maxStaleness(Duration maxStaleness) {
            requireNonNull(maxStaleness, () -> key("refresh.max-staleness"));
            requireUnset(this.maxStaleness, "refresh.max-staleness");
            if (maxStaleness.isNegative() || maxStaleness.isZero()) {
                throw SettingText.invalid(key("refresh.max-staleness"), maxStaleness.toString(),
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
            requireNonNull(expiryWarning, () -> key("expiry-warning"));
            requireUnset(this.expiryWarning, "expiry-warning");
            if (expiryWarning.isNegative()) {
                throw SettingText.invalid(key("expiry-warning"), expiryWarning.toString(),
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
            requireNonNull(prefix, () -> key("secret-prefix"));
            requireUnset(secretPrefix, "secret-prefix");
            if (!NameMapping.isValidSecretName(prefix)) {
                throw SettingText.invalid(key("secret-prefix"), prefix,
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
            requireNonNull(names, () -> key("secrets"));
            if (!secrets.isEmpty()) {
                throw new IllegalStateException(key("secrets") + " was already set to " + secrets);
            }
            List<String> copy = new ArrayList<>();
            for (String name : names) {
                String n = name == null ? "" : name.trim();
                if (n.isEmpty()) {
                    continue;
                }
                if (!NameMapping.isValidSecretName(n)) {
                    throw SettingText.invalid(key("secrets"), String.valueOf(name),
                            "a comma-separated list of secret names of 1-127 letters, digits and '-'");
                }
                copy.add(n);
            }
            secrets.addAll(copy);
            return this;
        }

        /** {@code keyvault.tags.<tag>=<value>}: load only listed secrets carrying this tag with this value. */
        public Builder tag(String tag, String value) {
            requireNonNull(tag, () -> key("tags"));
            requireNonNull(value, () -> key("tags." + tag));
            if (!TAG_NAME.matcher(tag).matches()) {
                throw SettingText.invalid(key("tags.<tag>"), tag, "a tag name without spaces or '='");
            }
            if (tags.containsKey(tag)) {
                throw new IllegalStateException(key("tags." + tag) + " was already set to " + tags.get(tag));
            }
            tags.put(tag, value);
            return this;
        }

        /**
         * {@code keyvault.optional}, default false. When true an unreachable vault at startup leaves the source empty and
         * the refresher keeps trying with back-off; when false startup fails.
         */
        public Builder optional(boolean optional) {
            requireUnset(this.optional, "optional");
            this.optional = optional;
            return this;
        }

        /** {@code keyvault.max-concurrency}, default 16, 1 to 256: value fetches in flight at once. */
        public Builder maxConcurrency(int maxConcurrency) {
            requireUnset(this.maxConcurrency, "max-concurrency");
            if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY_LIMIT) {
                throw SettingText.invalid(key("max-concurrency"), Integer.toString(maxConcurrency),
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
            requireNonNull(timeout, () -> key("startup-timeout"));
            requireUnset(startupTimeout, "startup-timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw SettingText.invalid(key("startup-timeout"), timeout.toString(), "a positive duration, e.g. 2m, 90s, PT2M");
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** {@code keyvault.credential.type}, default {@code default}. */
        public Builder credentialType(CredentialType type) {
            requireNonNull(type, () -> key("credential.type"));
            requireUnset(credentialType == null ? null : credentialType.configName(), "credential.type");
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
            String t = requireText(tenantId, this.tenantId, "credential.tenant-id");
            if (!TENANT_ID.matcher(t).matches()) {
                throw SettingText.invalid(key("credential.tenant-id"), tenantId, TENANT_ID_FORM);
            }
            this.tenantId = t;
            return this;
        }

        /** {@code keyvault.credential.client-id}. */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, this.clientId, "credential.client-id");
            return this;
        }

        /** {@code keyvault.credential.client-secret}: read once, when the credential is built. */
        public Builder clientSecret(Supplier<String> clientSecret) {
            requireNonNull(clientSecret, () -> key("credential.client-secret"));
            requireUnsetSecret(this.clientSecret, "credential.client-secret");
            this.clientSecret = clientSecret;
            return this;
        }

        /** {@code keyvault.credential.certificate-path}: PEM or PFX/PKCS12 file with the client certificate and key. */
        public Builder certificatePath(Path path) {
            requireNonNull(path, () -> key("credential.certificate-path"));
            requireUnset(certificatePath, "credential.certificate-path");
            this.certificatePath = path;
            return this;
        }

        /** {@code keyvault.credential.certificate-password}: for a PFX certificate; read when the credential is built. */
        public Builder certificatePassword(Supplier<String> password) {
            requireNonNull(password, () -> key("credential.certificate-password"));
            requireUnsetSecret(certificatePassword, "credential.certificate-password");
            this.certificatePassword = password;
            return this;
        }

        /** {@code keyvault.credential.authority-host}: the Entra ID endpoint, https only (sovereign clouds, the emulator). */
        public Builder authorityHost(String url) {
            requireNonNull(url, () -> key("credential.authority-host"));
            requireUnset(authorityHost, "credential.authority-host");
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw SettingText.invalid(key("credential.authority-host"), url,
                        "an absolute https URL such as https://login.microsoftonline.com/");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw SettingText.invalid(key("credential.authority-host"), url,
                        "an absolute https URL such as https://login.microsoftonline.com/");
            }
            this.authorityHost = uri;
            return this;
        }

        /** {@code keyvault.credential.token-file}: the federated token file of workload identity. */
        public Builder tokenFile(Path path) {
            requireNonNull(path, () -> key("credential.token-file"));
            requireUnset(tokenFile, "credential.token-file");
            this.tokenFile = path;
            return this;
        }

        /** {@code keyvault.credential.token}: the static bearer token of type {@code emulator} (default: any text). */
        public Builder staticToken(Supplier<String> token) {
            requireNonNull(token, () -> key("credential.token"));
            requireUnsetSecret(staticToken, "credential.token");
            this.staticToken = token;
            return this;
        }

        /** {@code keyvault.tls.trust-store}: extra trusted certificates, added to the JDK's (corporate CA, emulator). */
        public Builder trustStore(Path path) {
            requireNonNull(path, () -> key("tls.trust-store"));
            requireUnset(trustStore, "tls.trust-store");
            this.trustStore = path;
            return this;
        }

        /** {@code keyvault.tls.trust-store-type}, default PKCS12. */
        public Builder trustStoreType(String type) {
            this.trustStoreType = requireText(type, this.trustStoreType, "tls.trust-store-type");
            return this;
        }

        /** {@code keyvault.tls.trust-store-password}: read when the trust store is opened. */
        public Builder trustStorePassword(Supplier<char[]> password) {
            requireNonNull(password, () -> key("tls.trust-store-password"));
            requireUnsetSecret(trustStorePassword, "tls.trust-store-password");
            this.trustStorePassword = password;
            return this;
        }

        /** {@code keyvault.retry.max-retries}, default 4, 0 to 20: retries of one request by azure-core. */
        public Builder maxRetries(int maxRetries) {
            requireUnset(this.maxRetries, "retry.max-retries");
            if (maxRetries < 0 || maxRetries > 20) {
                throw SettingText.invalid(key("retry.max-retries"), Integer.toString(maxRetries), "a whole number from 0 to 20");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** {@code keyvault.retry.base-delay}, default 800ms; positive. */
        public Builder retryBaseDelay(Duration delay) {
            requireNonNull(delay, () -> key("retry.base-delay"));
            requireUnset(retryBaseDelay, "retry.base-delay");
            if (delay.isNegative() || delay.isZero()) {
                throw SettingText.invalid(key("retry.base-delay"), delay.toString(), "a positive duration, e.g. 800ms");
            }
            this.retryBaseDelay = delay;
            return this;
        }

        /** {@code keyvault.retry.max-delay}, default 60s; positive. Also caps the refresher's back-off between cycles. */
        public Builder retryMaxDelay(Duration delay) {
            requireNonNull(delay, () -> key("retry.max-delay"));
            requireUnset(retryMaxDelay, "retry.max-delay");
            if (delay.isNegative() || delay.isZero()) {
                throw SettingText.invalid(key("retry.max-delay"), delay.toString(), "a positive duration, e.g. 60s");
            }
            this.retryMaxDelay = delay;
            return this;
        }

        /** Set by the factory: Azure variables are looked up through the config (environment, system properties, …). */
        Builder azureEnvironment(Function<String, Optional<String>> lookup) {
            this.azureEnvironment = requireNonNull(lookup, "lookup");
            return this;
        }

        private String requireText(String value, String current, String suffix) {
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
                throw new IllegalStateException(key("url") + " is not set; set it to the vault URL, e.g. "
                        + key("url") + "=https://my-vault.vault.azure.net/");
            }
        }

        private void requireHttpsUnlessEmulator() {
            if (vaultUrl.getScheme().equals("http") && type() != CredentialType.EMULATOR) {
                throw new IllegalStateException(key("url") + ": " + vaultUrl + " uses http://; Key Vault is https only. Use "
                        + "https://, or set " + key("credential.type") + "=emulator for a local emulator");
            }
        }

        private void requireCredentialKeys() {
            List<String> missing = new ArrayList<>();
            switch (type()) {
                case CLIENT_SECRET:
                    addIfMissing(missing, tenantId, "credential.tenant-id");
                    addIfMissing(missing, clientId, "credential.client-id");
                    addIfMissing(missing, clientSecret, "credential.client-secret");
                    break;
                case CLIENT_CERTIFICATE:
                    addIfMissing(missing, tenantId, "credential.tenant-id");
                    addIfMissing(missing, clientId, "credential.client-id");
                    addIfMissing(missing, certificatePath, "credential.certificate-path");
                    break;
                case WORKLOAD_IDENTITY:
                    // azure-identity falls back to these variables (through our config lookup) when a key is absent.
                    addIfMissing(missing, tenantId, "credential.tenant-id", AZURE_TENANT_ID);
                    addIfMissing(missing, clientId, "credential.client-id", AZURE_CLIENT_ID);
                    addIfMissing(missing, tokenFile, "credential.token-file", AZURE_FEDERATED_TOKEN_FILE);
                    if (tenantId == null) {
                        azureVariable(AZURE_TENANT_ID).filter(t -> !TENANT_ID.matcher(t.trim()).matches())
                                .ifPresent(t -> {
                                    throw new IllegalStateException(AZURE_TENANT_ID + " (used as "
                                            + key("credential.tenant-id") + "): '" + t + "' is not valid; use "
                                            + TENANT_ID_FORM + ", or set " + key("credential.tenant-id"));
                                });
                    }
                    break;
                default:
                    break;
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(key("credential.type") + "=" + type().configName() + " needs " + missing
                        + "; set them, or choose another " + key("credential.type"));
            }
        }

        private void addIfMissing(List<String> missing, Object value, String suffix) {
            if (value == null) {
                missing.add(key(suffix));
            }
        }

        private void addIfMissing(List<String> missing, Object value, String suffix, String variable) {
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
                requireReadable(certificatePath, key("credential.certificate-path"),
                        "the PEM or PFX/P12 file with the client certificate and its private key");
            } else if (type() == CredentialType.WORKLOAD_IDENTITY) {
                if (tokenFile != null) {
                    requireReadable(tokenFile, key("credential.token-file"), "the federated token file, e.g. "
                            + "/var/run/secrets/azure/tokens/azure-identity-token, or remove it to use "
                            + AZURE_FEDERATED_TOKEN_FILE);
                } else {
                    Optional<String> fromVariable = azureVariable(AZURE_FEDERATED_TOKEN_FILE);
                    if (fromVariable.isPresent()) {
                        requireReadable(Path.of(fromVariable.get().trim()), AZURE_FEDERATED_TOKEN_FILE + " (used as "
                                + key("credential.token-file") + ")", "the federated token file, or set "
                                + key("credential.token-file"));
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
                throw new IllegalStateException(key("refresh.max-staleness") + " (" + staleness + ") is shorter than "
                        + key("refresh.interval") + " (" + interval + "); the source would report itself stale between "
                        + "two refreshes. Raise " + key("refresh.max-staleness") + " or lower " + key("refresh.interval"));
            }
        }

        private void requireRetryDelaysOrdered() {
            Duration base = retryBaseDelay == null ? DEFAULT_RETRY_BASE_DELAY : retryBaseDelay;
            Duration max = retryMaxDelay == null ? DEFAULT_RETRY_MAX_DELAY : retryMaxDelay;
            if (max.compareTo(base) < 0) {
                throw new IllegalStateException(key("retry.max-delay") + " (" + max + ") is shorter than "
                        + key("retry.base-delay") + " (" + base + "); raise " + key("retry.max-delay"));
            }
        }

        private void requireTrustStoreWithPassword() {
            if (trustStorePassword != null && trustStore == null) {
                throw new IllegalStateException(key("tls.trust-store-password") + " is set but " + key("tls.trust-store")
                        + " is not; set " + key("tls.trust-store") + " to the trust store file");
            }
        }
    }
}
