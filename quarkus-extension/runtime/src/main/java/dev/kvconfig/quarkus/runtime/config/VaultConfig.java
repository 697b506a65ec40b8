package dev.kvconfig.quarkus.runtime.config;

import dev.kvconfig.source.KeyVaultSetting;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithConverter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of one vault, at {@code quarkus.keyvault.} or {@code quarkus.keyvault.vaults."alias".}: the rows of the core's
 * {@link KeyVaultSetting} table, declared for Quarkus' config documentation and so that Quarkus knows the keys. The core
 * reads the values itself from the config ({@link KeyVaultConfigBuilder}), parsing and validating them as in every other
 * framework, so every value here is text. Defaults are documented with {@code @ConfigDocDefault} naming the core's
 * constants and not applied with {@code @WithDefault}: an unset key means "the core default" for the main vault and "the
 * main vault's value" for an alias, which a mapping default would hide. Password-type keys hold
 * {@link SecretSetting#SET}, never their value. {@code VaultConfigTest} fails when a key, default or doc line here differs
 * from the table.
 */
@ConfigGroup
public interface VaultConfig {

    /** The vault URL, e.g. https://my-vault.vault.azure.net/; no URL, no source. http:// only with credential.type=emulator. */
    Optional<String> url();

    /** Where the vault sits among the config sources: above application.properties (250, 260), below the environment (300). */
    @ConfigDocDefault(KeyVaultSetting.Defaults.ORDINAL)
    Optional<String> ordinal();

    /** Load only secrets whose name starts with this prefix (case-insensitive) and strip it: with myapp-, secret myapp-db-password serves db.password. */
    Optional<String> secretPrefix();

    /** Secret names to load one by one, comma-separated; nothing is listed, so the get permission alone suffices. */
    Optional<List<String>> secrets();

    /** Load only listed secrets carrying this tag with this value; every given tag must match. */
    @ConfigDocMapKey("tag")
    Map<String, String> tags();

    /** true: a vault unreachable at startup leaves the source empty and it keeps retrying in the background; false: startup fails. */
    @ConfigDocDefault(KeyVaultSetting.Defaults.OPTIONAL)
    Optional<String> optional();

    /** Secret values fetched at once during a load or refresh, 1 to 256. */
    @ConfigDocDefault(KeyVaultSetting.Defaults.MAX_CONCURRENCY)
    Optional<String> maxConcurrency();

    /** The time budget of one load, the startup load and each refresh cycle; a vault that throttles (429, or 503 with Retry-After) slows the load down within it instead of failing it. */
    @ConfigDocDefault(KeyVaultSetting.Defaults.STARTUP_TIMEOUT)
    Optional<String> startupTimeout();

    /** Secrets, keys and certificates expiring within this window are reported in the status and health details and logged once; 0 turns it off. */
    @ConfigDocDefault(KeyVaultSetting.Defaults.EXPIRY_WARNING)
    Optional<String> expiryWarning();

    /** Background refresh. */
    RefreshConfig refresh();

    /** How the source authenticates. */
    CredentialConfig credential();

    /** Extra trust for the vault's TLS certificate (corporate CA, emulator). */
    TlsConfig tls();

    /** Request retries by azure-core. */
    RetryConfig retry();

    /** Connection-pool credentials read from a secret, by name: quarkus.datasource.credentials-provider=the name. */
    @ConfigDocMapKey("name")
    Map<String, CredentialsProviderConfig> credentialsProvider();

    /** TLS identity and trust anchors from vault certificates, by name: the TLS configuration of the same name. */
    @ConfigDocMapKey("name")
    Map<String, TlsMaterialConfig> tlsMaterial();

    /** {@code refresh.*}. */
    @ConfigGroup
    interface RefreshConfig {
        /** How often the vault is listed again for changes, jittered by 10%; 0 turns background refresh off. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.REFRESH_INTERVAL)
        Optional<String> interval();

        /** How old the served snapshot may grow while refreshes fail before the status is DOWN; at least the refresh interval. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.REFRESH_MAX_STALENESS)
        Optional<String> maxStaleness();
    }

    /** {@code credential.*}. */
    @ConfigGroup
    interface CredentialConfig {
        /** How the source authenticates: default (DefaultAzureCredential), client-secret, client-certificate, managed-identity, workload-identity, azure-cli or emulator (static token, the kvconfig emulator only). */
        @ConfigDocDefault(KeyVaultSetting.Defaults.CREDENTIAL_TYPE)
        Optional<String> type();

        /** The Entra ID tenant, its ID (a GUID) or one of its domain names; client-secret, client-certificate, workload-identity (else AZURE_TENANT_ID). */
        Optional<String> tenantId();

        /** The application (client) ID; for managed-identity the ID of a user-assigned identity. */
        Optional<String> clientId();

        /** The client secret of client-secret; read when the credential is built, never kept or printed. */
        @WithConverter(SecretSetting.Presence.class)
        Optional<SecretSetting> clientSecret();

        /** client-certificate: a PEM, or a PFX/P12 file with the certificate and its private key; must be readable when the config is built. */
        Optional<String> certificatePath();

        /** The password of a PFX/P12 certificate-path; read when the credential is built, never kept or printed. */
        @WithConverter(SecretSetting.Presence.class)
        Optional<SecretSetting> certificatePassword();

        /** The Entra ID endpoint, https (sovereign clouds, the emulator); the public cloud when unset. */
        Optional<String> authorityHost();

        /** workload-identity: the federated token file (else AZURE_FEDERATED_TOKEN_FILE); must be readable when the config is built. */
        Optional<String> tokenFile();

        /** emulator: the static bearer token (any text when unset); never kept or printed. */
        @WithConverter(SecretSetting.Presence.class)
        Optional<SecretSetting> token();
    }

    /** {@code tls.*}. */
    @ConfigGroup
    interface TlsConfig {
        /** A trust store whose certificates are added to the JDK's (corporate CA, the emulator). */
        Optional<String> trustStore();

        /** The trust store's password; read when it is opened, never kept or printed. */
        @WithConverter(SecretSetting.Presence.class)
        Optional<SecretSetting> trustStorePassword();

        /** The trust store's type, PKCS12 or JKS. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.TLS_TRUST_STORE_TYPE)
        Optional<String> trustStoreType();
    }

    /** {@code retry.*}. */
    @ConfigGroup
    interface RetryConfig {
        /** Retries of one request after an I/O error, 408 or 5xx, 0 to 20; throttling (429) waits within startup-timeout instead. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.RETRY_MAX_RETRIES)
        Optional<String> maxRetries();

        /** The first step of the exponential back-off between request retries. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.RETRY_BASE_DELAY)
        Optional<String> baseDelay();

        /** The longest back-off between request retries, and between failed refresh cycles. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.RETRY_MAX_DELAY)
        Optional<String> maxDelay();
    }

    /** {@code credentials-provider.<name>.*}. */
    @ConfigGroup
    interface CredentialsProviderConfig {
        /** Credentials for a connection pool: the secret holding them, named as the source serves it (db-password or db.password, without secret-prefix); required. */
        Optional<String> secret();

        /** How the secret holds them: password (the value; the username is set here), tagged (the value, and a tag naming the login) or json ({"username": …, "password": …}). */
        @ConfigDocDefault(KeyVaultSetting.Defaults.CREDENTIALS_PROVIDER_FORMAT)
        Optional<String> format();

        /** The login of format password (required there, refused with the others). */
        Optional<String> username();

        /** The tag naming the login in format tagged (refused with the others). */
        @ConfigDocDefault(KeyVaultSetting.Defaults.CREDENTIALS_PROVIDER_USERNAME_TAG)
        Optional<String> usernameTag();

        /** The alias of the vault serving the secret; unset: the vault whose keys these are. */
        Optional<String> vault();

        /** true: on a new username or password the pool retires its open connections once idle; false: they live on until the pool's max lifetime. */
        @ConfigDocDefault(KeyVaultSetting.Defaults.CREDENTIALS_PROVIDER_EVICT_ON_CHANGE)
        Optional<String> evictOnChange();
    }

    /** {@code tls-material.<name>.*}. */
    @ConfigGroup
    interface TlsMaterialConfig {
        /** TLS material for an endpoint (the framework TLS configuration of the same name): the vault certificate it presents, key and chain from the certificate's backing secret (the key must be exportable). */
        Optional<String> certificate();

        /** The vault certificates the endpoint trusts as anchors (a CA, or a peer's certificate), comma-separated; set certificate, trust or both. */
        Optional<List<String>> trust();

        /** The alias of the vault serving the certificates; unset: the vault whose keys these are. */
        Optional<String> vault();
    }
}
