package dev.kvconfig.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one vault, at {@code keyvault.} or {@code keyvault.vaults.<alias>.}, as Spring's binder reads them (relaxed
 * names: {@code refresh.interval}, {@code KEYVAULT_REFRESH_INTERVAL}, {@code refreshInterval}). Every value is text: the
 * core parses and validates it, so messages are the core's ({@code keyvault.refresh.interval: 'soon' is not valid; use
 * …}). Password-type keys ({@link #PASSWORD_KEYS}) are not bound: the core reads them from the environment only when it
 * builds the credential or opens the trust store. Defaults are the core's ({@code dev.kvconfig.source.KeyVaultOptions}).
 */
public class VaultProperties {

    /** Keys read from the environment when used, never bound or held. */
    static final Set<String> PASSWORD_KEYS = Set.of("credential.client-secret", "credential.certificate-password",
            "credential.token", "tls.trust-store-password");

    /**
     * Vault URL, https://NAME.vault.azure.net/. Without it a keyvault: import fails.
     */
    private String url;

    /** Not used by Spring Boot: the import order places the vault's property source. Setting it fails startup. */
    private String ordinal;

    /**
     * Start without the vault if it cannot be loaded (the source stays empty and keeps retrying). optional:keyvault:
     * sets it for that import. Default false.
     */
    private String optional;

    /** Load only secrets whose name starts with this prefix (case-insensitive), and strip it from property names. */
    private String secretPrefix;

    /** Secret names to read one by one without listing (the get permission alone suffices). */
    private List<String> secrets = new ArrayList<>();

    /** Load only secrets carrying each of these tags with this value. */
    private Map<String, String> tags = new LinkedHashMap<>();

    /** Value fetches in flight at once, 1-256. Default 16. */
    private String maxConcurrency;

    /**
     * Time budget of one load, the startup one and each refresh cycle; a throttling vault (429) slows the load down
     * within it instead of failing it. Default 2m.
     */
    private String startupTimeout;

    /** Secrets, keys and certificates expiring within it are reported and logged once; 0 turns it off. Default 30d. */
    private String expiryWarning;

    private final Refresh refresh = new Refresh();

    private final Credential credential = new Credential();

    private final Tls tls = new Tls();

    private final Retry retry = new Retry();

    /** {@code refresh.*}: how often and how stale. */
    public static class Refresh {
        /** Background refresh interval (500ms, 30s, 5m, 1h, 1d, or ISO-8601 PT30S); 0 turns it off. Default 5m. */
        private String interval;

        /** How long failed refreshes may go on before the status is DOWN; at least the interval. Default 1h. */
        private String maxStaleness;

        public String getInterval() {
            return interval;
        }

        public void setInterval(String interval) {
            this.interval = interval;
        }

        public String getMaxStaleness() {
            return maxStaleness;
        }

        public void setMaxStaleness(String maxStaleness) {
            this.maxStaleness = maxStaleness;
        }
    }

    /** {@code credential.*}, password-type keys excepted. */
    public static class Credential {
        /**
         * default (DefaultAzureCredential), client-secret, client-certificate, managed-identity, workload-identity,
         * azure-cli or emulator. Default: default.
         */
        private String type;

        /** Entra ID tenant; required by client-secret and client-certificate. */
        private String tenantId;

        /** Application (client) id; required by client-secret and client-certificate, or a user-assigned identity. */
        private String clientId;

        /** client-certificate: a PEM, or a PFX/P12 with keyvault.credential.certificate-password. */
        private String certificatePath;

        /** Entra ID endpoint, https (sovereign clouds, the emulator). Default: the public cloud. */
        private String authorityHost;

        /** workload-identity: the federated token file. Default: AZURE_FEDERATED_TOKEN_FILE. */
        private String tokenFile;

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String tenantId) {
            this.tenantId = tenantId;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getCertificatePath() {
            return certificatePath;
        }

        public void setCertificatePath(String certificatePath) {
            this.certificatePath = certificatePath;
        }

        public String getAuthorityHost() {
            return authorityHost;
        }

        public void setAuthorityHost(String authorityHost) {
            this.authorityHost = authorityHost;
        }

        public String getTokenFile() {
            return tokenFile;
        }

        public void setTokenFile(String tokenFile) {
            this.tokenFile = tokenFile;
        }
    }

    /** {@code tls.*}, the password excepted. */
    public static class Tls {
        /** Extra trusted certificates, added to the JDK's (corporate CA, the emulator). */
        private String trustStore;

        /** Type of the trust store. Default PKCS12. */
        private String trustStoreType;

        public String getTrustStore() {
            return trustStore;
        }

        public void setTrustStore(String trustStore) {
            this.trustStore = trustStore;
        }

        public String getTrustStoreType() {
            return trustStoreType;
        }

        public void setTrustStoreType(String trustStoreType) {
            this.trustStoreType = trustStoreType;
        }
    }

    /** {@code retry.*}: request retries by azure-core. */
    public static class Retry {
        /** Retries of one request after an I/O error or 5xx; throttling (429) waits within startup-timeout. Default 4. */
        private String maxRetries;

        /** First back-off between retries. Default 800ms. */
        private String baseDelay;

        /** Longest back-off, also between failed refresh cycles. Default 60s. */
        private String maxDelay;

        public String getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(String maxRetries) {
            this.maxRetries = maxRetries;
        }

        public String getBaseDelay() {
            return baseDelay;
        }

        public void setBaseDelay(String baseDelay) {
            this.baseDelay = baseDelay;
        }

        public String getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(String maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /**
     * These settings as the core's keys under {@code prefix} ({@code keyvault.} or {@code keyvault.vaults.<alias>.}),
     * unset ones left out.
     */
    Map<String, String> settings(String prefix) {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, prefix + "url", url);
        put(s, prefix + "ordinal", ordinal);
        put(s, prefix + "optional", optional);
        put(s, prefix + "secret-prefix", secretPrefix);
        if (!secrets.isEmpty()) {
            s.put(prefix + "secrets", String.join(",", secrets));
        }
        tags.forEach((tag, value) -> s.put(prefix + "tags." + tag, value));
        put(s, prefix + "max-concurrency", maxConcurrency);
        put(s, prefix + "startup-timeout", startupTimeout);
        put(s, prefix + "expiry-warning", expiryWarning);
        put(s, prefix + "refresh.interval", refresh.interval);
        put(s, prefix + "refresh.max-staleness", refresh.maxStaleness);
        put(s, prefix + "credential.type", credential.type);
        put(s, prefix + "credential.tenant-id", credential.tenantId);
        put(s, prefix + "credential.client-id", credential.clientId);
        put(s, prefix + "credential.certificate-path", credential.certificatePath);
        put(s, prefix + "credential.authority-host", credential.authorityHost);
        put(s, prefix + "credential.token-file", credential.tokenFile);
        put(s, prefix + "tls.trust-store", tls.trustStore);
        put(s, prefix + "tls.trust-store-type", tls.trustStoreType);
        put(s, prefix + "retry.max-retries", retry.maxRetries);
        put(s, prefix + "retry.base-delay", retry.baseDelay);
        put(s, prefix + "retry.max-delay", retry.maxDelay);
        return s;
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getOrdinal() {
        return ordinal;
    }

    public void setOrdinal(String ordinal) {
        this.ordinal = ordinal;
    }

    public String getOptional() {
        return optional;
    }

    public void setOptional(String optional) {
        this.optional = optional;
    }

    public String getSecretPrefix() {
        return secretPrefix;
    }

    public void setSecretPrefix(String secretPrefix) {
        this.secretPrefix = secretPrefix;
    }

    public List<String> getSecrets() {
        return secrets;
    }

    public void setSecrets(List<String> secrets) {
        this.secrets = secrets;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public String getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(String maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public String getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(String startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public String getExpiryWarning() {
        return expiryWarning;
    }

    public void setExpiryWarning(String expiryWarning) {
        this.expiryWarning = expiryWarning;
    }

    public Refresh getRefresh() {
        return refresh;
    }

    public Credential getCredential() {
        return credential;
    }

    public Tls getTls() {
        return tls;
    }

    public Retry getRetry() {
        return retry;
    }
}
