package dev.kvconfig.quarkus.runtime.config;

import dev.kvconfig.source.KeyVaultOptions;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The keys of one vault, at {@code quarkus.keyvault.} or {@code quarkus.keyvault.vaults."alias".}. Nothing here has a
 * {@code @WithDefault}: an unset key means "the core default" for the main vault and "the main vault's value" for an
 * alias, so defaults are documented with {@code @ConfigDocDefault} and live in {@link KeyVaultOptions} only.
 */
@ConfigGroup
public interface VaultConfig {

    /**
     * The vault URL, e.g. {@code https://orders.vault.azure.net/}. The source is off while no URL is set; in dev and test
     * mode Dev Services then start an emulator and set it.
     */
    Optional<String> url();

    /**
     * Where the vault sits among the config sources: above {@code application.properties} (250), below environment
     * variables (300).
     */
    @ConfigDocDefault("270")
    OptionalInt ordinal();

    /**
     * {@code true}: start without this vault when it is unreachable at startup, serve nothing from it and keep retrying in
     * the background (readiness reports DOWN meanwhile). {@code false}: an unreachable vault fails startup.
     */
    @ConfigDocDefault("false")
    Optional<Boolean> optional();

    /**
     * Load only secrets whose name starts with this prefix, and strip it: with {@code myapp-}, secret
     * {@code myapp-db-password} serves property {@code db.password}.
     */
    Optional<String> secretPrefix();

    /**
     * Secret names to load without the list permission, e.g. {@code db-password,api-key}.
     */
    Optional<List<String>> secrets();

    /**
     * Load only secrets carrying all these tags with these values, e.g. {@code quarkus.keyvault.tags.app=orders}.
     */
    @ConfigDocMapKey("tag")
    Map<String, String> tags();

    /**
     * Secret values fetched in parallel during a load or refresh.
     */
    @ConfigDocDefault("16")
    OptionalInt maxConcurrency();

    /**
     * The time budget of one load: the startup load and each refresh cycle. A vault that throttles (HTTP 429, or 503 with
     * Retry-After) slows the load down within it instead of failing it; spent while throttled, startup fails saying
     * "throttled".
     */
    @ConfigDocDefault("2m")
    Optional<Duration> startupTimeout();

    /**
     * Secrets served, and keys and certificates referenced, that expire within this window are listed in the readiness
     * data and logged once; {@code 0} turns that off.
     */
    @ConfigDocDefault("30d")
    Optional<Duration> expiryWarning();

    /** Background refresh. */
    RefreshConfig refresh();

    /** How the source authenticates. */
    CredentialConfig credential();

    /** Extra trust for the vault's TLS certificate (corporate CA, emulator). */
    TlsConfig tls();

    /** Request retries by azure-core. */
    RetryConfig retry();

    /** {@code refresh.*}. */
    @ConfigGroup
    interface RefreshConfig {
        /**
         * How often the vault is listed again for changes (with ±10% jitter); {@code 0} turns refresh off. Changed secrets
         * fire a CDI {@code SecretsChangeEvent}.
         */
        @ConfigDocDefault("5m")
        Optional<Duration> interval();

        /**
         * How old the served snapshot may grow while refreshes fail before readiness turns DOWN.
         */
        @ConfigDocDefault("1h")
        Optional<Duration> maxStaleness();
    }

    /** {@code credential.*}. */
    @ConfigGroup
    interface CredentialConfig {
        /**
         * The credential: {@code default} (DefaultAzureCredential), {@code client-secret}, {@code client-certificate},
         * {@code managed-identity}, {@code workload-identity}, {@code azure-cli}, or {@code emulator} (static token, no
         * challenge-resource check: the kvconfig emulator only; Dev Services set it).
         */
        @ConfigDocDefault("default")
        Optional<KeyVaultOptions.CredentialType> type();

        /** Entra ID tenant (client-secret, client-certificate, workload-identity). */
        Optional<String> tenantId();

        /** Application (client) id; for managed-identity the id of a user-assigned identity. */
        Optional<String> clientId();

        /** Client secret for {@code client-secret}. Read only when the credential is built; never logged. */
        Optional<String> clientSecret();

        /** PEM or PFX file for {@code client-certificate}. */
        Optional<Path> certificatePath();

        /** Password of a PFX {@code certificate-path}. Never logged. */
        Optional<String> certificatePassword();

        /** Entra ID authority host, e.g. {@code https://login.microsoftonline.us/} for sovereign clouds. */
        Optional<String> authorityHost();

        /** Federated token file for {@code workload-identity}. */
        Optional<Path> tokenFile();

        /** The static bearer token of {@code credential.type=emulator}. Never logged. */
        Optional<String> token();
    }

    /** {@code tls.*}. */
    @ConfigGroup
    interface TlsConfig {
        /** A trust store added to the JDK's trusted CAs. */
        Optional<Path> trustStore();

        /** The trust store's password. Never logged. */
        Optional<String> trustStorePassword();

        /** {@code PKCS12} or {@code JKS}. */
        @ConfigDocDefault("PKCS12")
        Optional<String> trustStoreType();
    }

    /** {@code retry.*}. */
    @ConfigGroup
    interface RetryConfig {
        /** Retries per request after an I/O error or 5xx; throttling (429) waits within {@code startup-timeout}. */
        @ConfigDocDefault("4")
        OptionalInt maxRetries();

        /** First exponential back-off step. */
        @ConfigDocDefault("800ms")
        Optional<Duration> baseDelay();

        /** Cap of the request back-off and of the refresher's back-off between failed cycles. */
        @ConfigDocDefault("60s")
        Optional<Duration> maxDelay();
    }
}
