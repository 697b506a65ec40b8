package dev.kvconfig.micronaut;

import io.micronaut.core.convert.format.MapFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one vault as Micronaut binds them, as text: the core parses and validates every value (one validation
 * path, one set of messages, e.g. {@code keyvault.refresh.interval: 'soon' is not valid; use …}). Groups
 * ({@code refresh.*}, {@code credential.*}, {@code tls.*}, {@code retry.*}) bind as flat maps. Password-type keys
 * ({@code credential.client-secret}, {@code credential.certificate-password}, {@code credential.token},
 * {@code tls.trust-store-password}) are dropped here: the core reads them from the environment only when it builds the
 * credential or opens the trust store.
 */
abstract class VaultSettings {

    static final Set<String> PASSWORD_KEYS = Set.of("credential.client-secret", "credential.certificate-password",
            "credential.token", "tls.trust-store-password");

    private String url;
    private String ordinal;
    private String optional;
    private String secretPrefix;
    private List<String> secrets = List.of();
    private Map<String, String> tags = Map.of();
    private String maxConcurrency;
    private String startupTimeout;
    private String expiryWarning;
    private Map<String, String> refresh = Map.of();
    private Map<String, String> credential = Map.of();
    private Map<String, String> tls = Map.of();
    private Map<String, String> retry = Map.of();

    /** {@code url}: the vault URL, e.g. {@code https://my-vault.vault.azure.net/}; no URL, no vault. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /** {@code ordinal} (default 270): the property source's order is the ordinal minus 500 (-230). */
    public void setOrdinal(String ordinal) {
        this.ordinal = ordinal;
    }

    /** {@code optional} (default false): start without the vault when it is unreachable. */
    public void setOptional(String optional) {
        this.optional = optional;
    }

    /** {@code secret-prefix}: load only secrets starting with it, served without it. */
    public void setSecretPrefix(String secretPrefix) {
        this.secretPrefix = secretPrefix;
    }

    /** {@code secrets}: names to GET instead of listing the vault. */
    public void setSecrets(List<String> secrets) {
        this.secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** {@code tags.<tag>}: load only secrets carrying these tags. */
    public void setTags(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> tags) {
        this.tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** {@code max-concurrency} (default 16). */
    public void setMaxConcurrency(String maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    /** {@code startup-timeout} (default 2m): the time budget of one load, the startup one and each refresh cycle. */
    public void setStartupTimeout(String startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    /**
     * {@code expiry-warning} (default 30d, 0 = off): secrets, keys and certificates expiring within it are listed in
     * the health details and logged once.
     */
    public void setExpiryWarning(String expiryWarning) {
        this.expiryWarning = expiryWarning;
    }

    /** {@code refresh.interval} (default 5m, 0 = off), {@code refresh.max-staleness} (default 1h). */
    public void setRefresh(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> refresh) {
        this.refresh = withoutPasswords("refresh.", refresh);
    }

    /** {@code credential.type} (default {@code default}), {@code tenant-id}, {@code client-id}, {@code certificate-path}, … */
    public void setCredential(
            @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> credential) {
        this.credential = withoutPasswords("credential.", credential);
    }

    /** {@code tls.trust-store}, {@code tls.trust-store-type}. */
    public void setTls(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> tls) {
        this.tls = withoutPasswords("tls.", tls);
    }

    /** {@code retry.max-retries}, {@code retry.base-delay}, {@code retry.max-delay}. */
    public void setRetry(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> retry) {
        this.retry = withoutPasswords("retry.", retry);
    }

    private static Map<String, String> withoutPasswords(String group, Map<String, String> values) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (!PASSWORD_KEYS.contains(group + k) && v != null) {
                    kept.put(k, v);
                }
            });
        }
        return Map.copyOf(kept);
    }

    /** These settings as the core's keys under {@code prefix} ({@code keyvault.} or {@code keyvault.vaults.<alias>.}). */
    Map<String, String> settings(String prefix) {
        Map<String, String> s = new LinkedHashMap<>();
        putIfSet(s, prefix + "url", url);
        putIfSet(s, prefix + "ordinal", ordinal);
        putIfSet(s, prefix + "optional", optional);
        putIfSet(s, prefix + "secret-prefix", secretPrefix);
        if (!secrets.isEmpty()) {
            s.put(prefix + "secrets", String.join(",", secrets));
        }
        putIfSet(s, prefix + "max-concurrency", maxConcurrency);
        putIfSet(s, prefix + "startup-timeout", startupTimeout);
        putIfSet(s, prefix + "expiry-warning", expiryWarning);
        tags.forEach((k, v) -> s.put(prefix + "tags." + k, v));
        refresh.forEach((k, v) -> s.put(prefix + "refresh." + k, v));
        credential.forEach((k, v) -> s.put(prefix + "credential." + k, v));
        tls.forEach((k, v) -> s.put(prefix + "tls." + k, v));
        retry.forEach((k, v) -> s.put(prefix + "retry." + k, v));
        return s;
    }

    private static void putIfSet(Map<String, String> s, String key, String value) {
        if (value != null) {
            s.put(key, value);
        }
    }
}
