package dev.kvconfig.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The table of the core's settings: every key of one vault, under any root ({@code keyvault.},
 * {@code quarkus.keyvault.}) and under {@code <root>vaults.<alias>.} for more vaults. Each row holds the key suffix, its
 * {@link Kind}, its default (as text, one constant in {@link Defaults}), whether an alias falls back to the main vault's
 * value, whether it is a secret, and one line of documentation. Everything else derives from it: the reader over any
 * {@link SettingsLookup} ({@link KeyVaultOptions#read}), the validation (each row feeds one
 * {@link KeyVaultOptions.Builder} setter, as Caffeine's {@code CaffeineSpec} feeds its builder, so text and code share one
 * validation path), the masking of {@link KeyVaultOptions#toString()}, the alias fallback, and every adapter's binding
 * and documentation (Quarkus config docs, Spring IDE metadata, docs/configuration.md are checked against it).
 *
 * <p>Callers: adapters that bind or document the settings, and the docs check. Immutable and thread-safe.
 *
 * <p><b>Durations</b> are written with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}) or in
 * ISO-8601 ({@code PT30S}); a bare number other than {@code 0} is refused in every framework, because frameworks read
 * it differently (SmallRye and Quarkus as seconds, Spring as milliseconds) and a wrong guess is off by a thousand.
 *
 * <p><b>Adding a setting:</b> add a row here (its default, if any, in {@link Defaults}), a case in
 * {@link #applyTo} calling the builder setter that validates it, and, for a typed getter, the option itself in
 * {@link KeyVaultOptions}. A key with a {@code <name>} segment ({@code tags.<tag>}) is a map: the reader asks the lookup
 * for the names under it and applies the row once per name; a group of rows sharing one {@code <name>} segment
 * ({@code pool.<name>.size}, {@code pool.<name>.user}) is a map of groups.
 */
public enum KeyVaultSetting {

    URL("url", Kind.URL, null, false, false,
            "The vault URL, e.g. https://my-vault.vault.azure.net/; no URL, no source. http:// only with "
                    + "credential.type=emulator."),
    ORDINAL("ordinal", Kind.INTEGER, Defaults.ORDINAL, false, false,
            "Where the vault sits among the config sources: above application.properties (250, 260), below the "
                    + "environment (300)."),
    SECRET_PREFIX("secret-prefix", Kind.TEXT, null, false, false,
            "Load only secrets whose name starts with this prefix (case-insensitive) and strip it: with myapp-, secret "
                    + "myapp-db-password serves db.password."),
    SECRETS("secrets", Kind.LIST, null, false, false,
            "Secret names to load one by one, comma-separated; nothing is listed, so the get permission alone "
                    + "suffices."),
    TAGS("tags.<tag>", Kind.TEXT, null, false, false,
            "Load only listed secrets carrying this tag with this value; every given tag must match."),
    OPTIONAL("optional", Kind.BOOLEAN, Defaults.OPTIONAL, true, false,
            "true: a vault unreachable at startup leaves the source empty and it keeps retrying in the background; "
                    + "false: startup fails."),
    MAX_CONCURRENCY("max-concurrency", Kind.INTEGER, Defaults.MAX_CONCURRENCY, true, false,
            "Secret values fetched at once during a load or refresh, 1 to 256."),
    STARTUP_TIMEOUT("startup-timeout", Kind.DURATION, Defaults.STARTUP_TIMEOUT, true, false,
            "The time budget of one load, the startup load and each refresh cycle; a vault that throttles (429, or "
                    + "503 with Retry-After) slows the load down within it instead of failing it."),
    EXPIRY_WARNING("expiry-warning", Kind.DURATION, Defaults.EXPIRY_WARNING, true, false,
            "Secrets, keys and certificates expiring within this window are reported in the status and health "
                    + "details and logged once; 0 turns it off."),
    REFRESH_INTERVAL("refresh.interval", Kind.DURATION, Defaults.REFRESH_INTERVAL, true, false,
            "How often the vault is listed again for changes, jittered by 10%; 0 turns background refresh off."),
    REFRESH_MAX_STALENESS("refresh.max-staleness", Kind.DURATION, Defaults.REFRESH_MAX_STALENESS, true, false,
            "How old the served snapshot may grow while refreshes fail before the status is DOWN; at least the "
                    + "refresh interval."),
    CREDENTIAL_TYPE("credential.type", Kind.CHOICE, Defaults.CREDENTIAL_TYPE, true, false,
            "How the source authenticates: default (DefaultAzureCredential), client-secret, client-certificate, "
                    + "managed-identity, workload-identity, azure-cli or emulator (static token, the kvconfig emulator "
                    + "only)."),
    CREDENTIAL_TENANT_ID("credential.tenant-id", Kind.TEXT, null, true, false,
            "The Entra ID tenant, its ID (a GUID) or one of its domain names; client-secret, client-certificate, "
                    + "workload-identity (else AZURE_TENANT_ID)."),
    CREDENTIAL_CLIENT_ID("credential.client-id", Kind.TEXT, null, true, false,
            "The application (client) ID; for managed-identity the ID of a user-assigned identity."),
    CREDENTIAL_CLIENT_SECRET("credential.client-secret", Kind.PASSWORD, null, true, true,
            "The client secret of client-secret; read when the credential is built, never kept or printed."),
    CREDENTIAL_CERTIFICATE_PATH("credential.certificate-path", Kind.PATH, null, true, false,
            "client-certificate: a PEM, or a PFX/P12 file with the certificate and its private key; must be readable "
                    + "when the config is built."),
    CREDENTIAL_CERTIFICATE_PASSWORD("credential.certificate-password", Kind.PASSWORD, null, true, true,
            "The password of a PFX/P12 certificate-path; read when the credential is built, never kept or printed."),
    CREDENTIAL_AUTHORITY_HOST("credential.authority-host", Kind.URL, null, true, false,
            "The Entra ID endpoint, https (sovereign clouds, the emulator); the public cloud when unset."),
    CREDENTIAL_TOKEN_FILE("credential.token-file", Kind.PATH, null, true, false,
            "workload-identity: the federated token file (else AZURE_FEDERATED_TOKEN_FILE); must be readable when the "
                    + "config is built."),
    CREDENTIAL_TOKEN("credential.token", Kind.PASSWORD, null, true, true,
            "emulator: the static bearer token (any text when unset); never kept or printed."),
    TLS_TRUST_STORE("tls.trust-store", Kind.PATH, null, true, false,
            "A trust store whose certificates are added to the JDK's (corporate CA, the emulator)."),
    TLS_TRUST_STORE_PASSWORD("tls.trust-store-password", Kind.PASSWORD, null, true, true,
            "The trust store's password; read when it is opened, never kept or printed."),
    TLS_TRUST_STORE_TYPE("tls.trust-store-type", Kind.TEXT, Defaults.TLS_TRUST_STORE_TYPE, true, false,
            "The trust store's type, PKCS12 or JKS."),
    RETRY_MAX_RETRIES("retry.max-retries", Kind.INTEGER, Defaults.RETRY_MAX_RETRIES, true, false,
            "Retries of one request after an I/O error, 408 or 5xx, 0 to 20; throttling (429) waits within "
                    + "startup-timeout instead."),
    RETRY_BASE_DELAY("retry.base-delay", Kind.DURATION, Defaults.RETRY_BASE_DELAY, true, false,
            "The first step of the exponential back-off between request retries."),
    RETRY_MAX_DELAY("retry.max-delay", Kind.DURATION, Defaults.RETRY_MAX_DELAY, true, false,
            "The longest back-off between request retries, and between failed refresh cycles."),
    CREDENTIALS_PROVIDER_SECRET("credentials-provider.<name>.secret", Kind.TEXT, null, false, false,
            "Credentials for a connection pool: the secret holding them, named as the source serves it (db-password "
                    + "or db.password, without secret-prefix); required."),
    CREDENTIALS_PROVIDER_FORMAT("credentials-provider.<name>.format", Kind.CHOICE, Defaults.CREDENTIALS_PROVIDER_FORMAT,
            false, false,
            "How the secret holds them: password (the value; the username is set here), tagged (the value, and a tag "
                    + "naming the login) or json ({\"username\": …, \"password\": …})."),
    CREDENTIALS_PROVIDER_USERNAME("credentials-provider.<name>.username", Kind.TEXT, null, false, false,
            "The login of format password (required there, refused with the others)."),
    CREDENTIALS_PROVIDER_USERNAME_TAG("credentials-provider.<name>.username-tag", Kind.TEXT,
            Defaults.CREDENTIALS_PROVIDER_USERNAME_TAG, false, false,
            "The tag naming the login in format tagged (refused with the others)."),
    CREDENTIALS_PROVIDER_VAULT("credentials-provider.<name>.vault", Kind.TEXT, null, false, false,
            "The alias of the vault serving the secret; unset: the vault whose keys these are."),
    CREDENTIALS_PROVIDER_EVICT_ON_CHANGE("credentials-provider.<name>.evict-on-change", Kind.BOOLEAN,
            Defaults.CREDENTIALS_PROVIDER_EVICT_ON_CHANGE, false, false,
            "true: on a new username or password the pool retires its open connections once idle; false: they live on "
                    + "until the pool's max lifetime."),
    TLS_MATERIAL_CERTIFICATE("tls-material.<name>.certificate", Kind.TEXT, null, false, false,
            "TLS material for an endpoint (the framework TLS configuration of the same name): the vault certificate it "
                    + "presents, key and chain from the certificate's backing secret (the key must be exportable)."),
    TLS_MATERIAL_TRUST("tls-material.<name>.trust", Kind.LIST, null, false, false,
            "The vault certificates the endpoint trusts as anchors (a CA, or a peer's certificate), comma-separated; "
                    + "set certificate, trust or both."),
    TLS_MATERIAL_VAULT("tls-material.<name>.vault", Kind.TEXT, null, false, false,
            "The alias of the vault serving the certificates; unset: the vault whose keys these are.");

    /**
     * The defaults as text, as users write them: the one home of each default. {@link KeyVaultOptions}' typed
     * {@code DEFAULT_*} constants are parsed from these, and framework declarations ({@code @WithDefault}) name them.
     */
    public static final class Defaults {
        public static final String ORDINAL = "270";
        public static final String OPTIONAL = "false";
        public static final String MAX_CONCURRENCY = "16";
        public static final String STARTUP_TIMEOUT = "2m";
        public static final String EXPIRY_WARNING = "30d";
        public static final String REFRESH_INTERVAL = "5m";
        public static final String REFRESH_MAX_STALENESS = "1h";
        public static final String CREDENTIAL_TYPE = "default";
        public static final String TLS_TRUST_STORE_TYPE = "PKCS12";
        public static final String RETRY_MAX_RETRIES = "4";
        public static final String RETRY_BASE_DELAY = "800ms";
        public static final String RETRY_MAX_DELAY = "60s";
        public static final String CREDENTIALS_PROVIDER_FORMAT = "password";
        public static final String CREDENTIALS_PROVIDER_USERNAME_TAG = "CredentialId";
        public static final String CREDENTIALS_PROVIDER_EVICT_ON_CHANGE = "true";

        private Defaults() {
        }
    }

    /** What a setting's text is, hence how it is parsed and shown. */
    public enum Kind {
        /** An absolute URL. */
        URL,
        /** Free text, trimmed; the builder may check its form. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A duration with a unit or ISO-8601 (see the type's javadoc for bare numbers). */
        DURATION,
        /** A comma-separated list. */
        LIST,
        /** A file path. */
        PATH,
        /** One of a fixed set of names. */
        CHOICE,
        /** A secret: read where it is used, never held, shown as {@code <set>}. */
        PASSWORD
    }

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final boolean inherited;
    private final boolean secret;
    private final String doc;

    KeyVaultSetting(String key, Kind kind, String defaultValue, boolean inherited, boolean secret, String doc) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.inherited = inherited;
        this.secret = secret;
        this.doc = doc;
    }

    /** The key below a vault's prefix, e.g. {@code refresh.interval}; a map's name segment is {@code <tag>}. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The default as users write it ({@code 5m}); empty when the setting has none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether a vault alias without its own value takes the main vault's ({@code url}, {@code secrets}, … do not). */
    public boolean inherited() {
        return inherited;
    }

    /** Whether the value is a secret: read where used, never held, masked as {@code <set>}. */
    public boolean secret() {
        return secret;
    }

    /** One line of documentation, the same in every framework's reference. */
    public String doc() {
        return doc;
    }

    /** The map segment ({@code <tag>} of {@code tags.<tag>}), empty for a plain key. */
    public Optional<String> mapSegment() {
        int open = key.indexOf('<');
        return open < 0 ? Optional.empty() : Optional.of(key.substring(open, key.indexOf('>') + 1));
    }

    /** The key under {@code prefix}: {@code keyvault.refresh.interval} for {@code keyvault.}. */
    public String keyUnder(String prefix) {
        return prefix + key;
    }

    /** The key under {@code prefix} with the map segment replaced by {@code name}: {@code keyvault.tags.team}. */
    String keyUnder(String prefix, String name) {
        // A name holding a dot is quoted, as SmallRye and Quarkus write map keys: keyvault.tags."team.name".
        String written = name.indexOf('.') >= 0 ? '"' + name + '"' : name;
        return mapSegment().map(m -> prefix + key.replace(m, written)).orElseGet(() -> prefix + key);
    }

    /** The part of the key before its map segment, {@code tags} of {@code tags.<tag>}; the key itself when plain. */
    public String mapParent() {
        int open = key.indexOf('<');
        return open < 0 ? key : key.substring(0, open - 1);
    }

    /**
     * Feeds one value to the builder through the setter that validates it, CaffeineSpec's {@code configure}: the text is
     * parsed by kind, the setter checks range and form, and both name {@code writtenKey}, the key as its user wrote it.
     *
     * @param text the value, read now for every kind but {@link Kind#PASSWORD}, whose supplier is kept and read on use
     * @param name the map segment's value ({@code team} for {@code tags.team}), null for a plain key
     */
    void applyTo(KeyVaultOptions.Builder b, String writtenKey, Supplier<String> text, String name) {
        // A switch expression (each case returns the builder) so that a row without a case does not compile.
        KeyVaultOptions.Builder fed = switch (this) {
            case URL -> b.vaultUrl(text.get());
            case ORDINAL -> b.ordinal(SettingText.integer(writtenKey, text.get()));
            case SECRET_PREFIX -> b.secretPrefix(text.get());
            case SECRETS -> b.secrets(list(text.get()));
            case TAGS -> b.tag(name, text.get());
            case OPTIONAL -> b.optional(SettingText.bool(writtenKey, text.get()));
            case MAX_CONCURRENCY -> b.maxConcurrency(SettingText.integer(writtenKey, text.get()));
            case STARTUP_TIMEOUT -> b.startupTimeout(SettingText.duration(writtenKey, text.get()));
            case EXPIRY_WARNING -> b.expiryWarning(SettingText.duration(writtenKey, text.get()));
            case REFRESH_INTERVAL -> b.refreshInterval(SettingText.duration(writtenKey, text.get()));
            case REFRESH_MAX_STALENESS -> b.maxStaleness(SettingText.duration(writtenKey, text.get()));
            case CREDENTIAL_TYPE -> b.credentialType(KeyVaultOptions.CredentialType.parse(writtenKey, text.get()));
            case CREDENTIAL_TENANT_ID -> b.tenantId(text.get());
            case CREDENTIAL_CLIENT_ID -> b.clientId(text.get());
            case CREDENTIAL_CLIENT_SECRET -> b.clientSecret(text);
            case CREDENTIAL_CERTIFICATE_PATH -> b.certificatePath(Path.of(text.get().trim()));
            case CREDENTIAL_CERTIFICATE_PASSWORD -> b.certificatePassword(text);
            case CREDENTIAL_AUTHORITY_HOST -> b.authorityHost(text.get());
            case CREDENTIAL_TOKEN_FILE -> b.tokenFile(Path.of(text.get().trim()));
            case CREDENTIAL_TOKEN -> b.staticToken(text);
            case TLS_TRUST_STORE -> b.trustStore(Path.of(text.get().trim()));
            case TLS_TRUST_STORE_PASSWORD -> b.trustStorePassword(() -> text.get().toCharArray());
            case TLS_TRUST_STORE_TYPE -> b.trustStoreType(text.get());
            case RETRY_MAX_RETRIES -> b.maxRetries(SettingText.integer(writtenKey, text.get()));
            case RETRY_BASE_DELAY -> b.retryBaseDelay(SettingText.duration(writtenKey, text.get()));
            case RETRY_MAX_DELAY -> b.retryMaxDelay(SettingText.duration(writtenKey, text.get()));
            case CREDENTIALS_PROVIDER_SECRET -> b.credentialsProvider(name, p -> p.secret(text.get()));
            case CREDENTIALS_PROVIDER_FORMAT ->
                    b.credentialsProvider(name, p -> p.format(CredentialsView.Format.parse(writtenKey, text.get())));
            case CREDENTIALS_PROVIDER_USERNAME -> b.credentialsProvider(name, p -> p.username(text.get()));
            case CREDENTIALS_PROVIDER_USERNAME_TAG -> b.credentialsProvider(name, p -> p.usernameTag(text.get()));
            case CREDENTIALS_PROVIDER_VAULT -> b.credentialsProvider(name, p -> p.vault(text.get()));
            case CREDENTIALS_PROVIDER_EVICT_ON_CHANGE ->
                    b.credentialsProvider(name, p -> p.evictOnChange(SettingText.bool(writtenKey, text.get())));
            case TLS_MATERIAL_CERTIFICATE -> b.tlsMaterial(name, t -> t.certificate(text.get()));
            case TLS_MATERIAL_TRUST -> b.tlsMaterial(name, t -> t.trust(list(text.get())));
            case TLS_MATERIAL_VAULT -> b.tlsMaterial(name, t -> t.vault(text.get()));
        };
    }

    /** Comma-separated text as a list; blank entries are dropped by the builder. */
    private static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            items.add(item.trim());
        }
        return items;
    }
}
