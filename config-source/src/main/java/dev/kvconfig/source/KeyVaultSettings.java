package dev.kvconfig.source;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code keyvault.*} settings as SmallRye reads them, one group per concern. Every value is optional text here: the
 * {@link KeyVaultOptions.Builder} parses and validates it, so property text and programmatic options share one
 * validation path and one set of messages. Defaults live in {@link KeyVaultOptions} as named constants.
 *
 * <p>Password-type keys ({@code credential.client-secret}, {@code credential.certificate-password},
 * {@code credential.token}, {@code tls.trust-store-password}) are deliberately absent: {@link OptionsReader} reads them
 * from the config only when the credential or trust store is built, so no mapping object ever holds them.
 */
@ConfigMapping(prefix = "keyvault")
interface KeyVaultSettings extends VaultKeys {

    /** {@code keyvault.vaults.<alias>.*}: more vaults, the same keys; unset concerns fall back to the main vault's. */
    Map<String, VaultKeys> vaults();
}

/** The keys of one vault, at {@code keyvault.} or {@code keyvault.vaults.<alias>.}. */
interface VaultKeys {
    /** Which vault, and where it sits among the sources. */
    Optional<String> url();

    Optional<String> ordinal();

    Optional<String> optional();

    /** What to load. */
    Optional<String> secretPrefix();

    Optional<List<String>> secrets();

    Map<String, String> tags();

    Optional<String> maxConcurrency();

    /** The time budget of one load (startup, refresh cycle), throttling included. */
    Optional<String> startupTimeout();

    /** How long before expiry an item is reported and logged. */
    Optional<String> expiryWarning();

    RefreshKeys refresh();

    CredentialKeys credential();

    TlsKeys tls();

    RetryKeys retry();
}

/** {@code refresh.*}: how often and how stale. */
interface RefreshKeys {
    Optional<String> interval();

    Optional<String> maxStaleness();
}

/** {@code credential.*} without the password-type keys. */
interface CredentialKeys {
    Optional<String> type();

    Optional<String> tenantId();

    Optional<String> clientId();

    Optional<String> certificatePath();

    Optional<String> authorityHost();

    Optional<String> tokenFile();
}

/** {@code tls.*} without the password. */
interface TlsKeys {
    Optional<String> trustStore();

    Optional<String> trustStoreType();
}

/** {@code retry.*}: request retries by azure-core. */
interface RetryKeys {
    Optional<String> maxRetries();

    Optional<String> baseDelay();

    Optional<String> maxDelay();
}
