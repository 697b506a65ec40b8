package dev.kvconfig.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bad inputs every framework must refuse with the same message: each case is a set of settings (key suffixes
 * below the root) and the core's message for them under a root, computed by the core itself over a plain map. The
 * SmallRye, Quarkus, Micronaut and Spring Boot tests feed each case through their framework and compare the message
 * they get with {@link Case#expected(String)} for their root. Shipped in kvconfig-source's test jar.
 */
public final class SettingCases {

    /** Any URL: every case fails before a request is sent. */
    static final String URL = "https://localhost:1/";

    private SettingCases() {
    }

    /** One bad input: its name (for the test report) and its settings by key suffix. */
    public record Case(String name, Map<String, String> settings) {

        /** The settings under {@code root}, e.g. {@code quarkus.keyvault.refresh.interval=soon}. */
        public Map<String, String> under(String root) {
            Map<String, String> rooted = new LinkedHashMap<>();
            settings.forEach((k, v) -> rooted.put(root + k, v));
            return rooted;
        }

        /** The core's message for these settings read under {@code root}. */
        public String expected(String root) {
            Map<String, String> rooted = under(root);
            try {
                KeyVaultOptions.read(SettingsLookup.of(k -> Optional.ofNullable(rooted.get(k)), rooted::keySet), root);
            } catch (IllegalArgumentException | IllegalStateException e) {
                return e.getMessage();
            }
            throw new AssertionError(name + " is accepted by the core; it is not a bad input");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A valid, non-default text for every row of the table, by key ({@code tags.<tag>} as {@code tags.team}). */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("url", "https://every.vault.azure.net/"), Map.entry("ordinal", "280"),
            Map.entry("secret-prefix", "app-"), Map.entry("secrets", "db-password,api-key"),
            Map.entry("tags.team", "orders"), Map.entry("optional", "true"), Map.entry("max-concurrency", "8"),
            Map.entry("startup-timeout", "90s"), Map.entry("expiry-warning", "10d"),
            Map.entry("refresh.interval", "2m"), Map.entry("refresh.max-staleness", "2h"),
            Map.entry("credential.type", "emulator"),
            Map.entry("credential.tenant-id", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
            Map.entry("credential.client-id", "client-1"), Map.entry("credential.client-secret", "sample-secret-1"),
            Map.entry("credential.certificate-path", "/certs/client.pem"),
            Map.entry("credential.certificate-password", "sample-secret-2"),
            Map.entry("credential.authority-host", "https://login.example.com/"),
            Map.entry("credential.token-file", "/tokens/azure"), Map.entry("credential.token", "sample-secret-3"),
            Map.entry("tls.trust-store", "/certs/trust.p12"), Map.entry("tls.trust-store-password", "sample-secret-4"),
            Map.entry("tls.trust-store-type", "JKS"), Map.entry("retry.max-retries", "2"),
            Map.entry("retry.base-delay", "100ms"), Map.entry("retry.max-delay", "5s"),
            // Two groups of a map of groups, since username and username-tag belong to different formats.
            Map.entry("credentials-provider.orders.secret", "db-password"),
            Map.entry("credentials-provider.orders.username", "app"),
            Map.entry("credentials-provider.orders.vault", "pay"),
            Map.entry("credentials-provider.orders.evict-on-change", "false"),
            Map.entry("credentials-provider.dual.secret", "db-login"),
            Map.entry("credentials-provider.dual.format", "tagged"),
            Map.entry("credentials-provider.dual.username-tag", "Login"),
            Map.entry("tls-material.web.certificate", "web-tls"),
            Map.entry("tls-material.web.trust", "client-ca,partner-ca"),
            Map.entry("tls-material.web.vault", "pay"));

    /**
     * Every row of the table set to a valid, non-default value for the main vault, plus an alias {@code pay} with its own
     * URL and refresh interval (the rest inherited), as key suffixes; a row of a map of groups takes every sample of its
     * form ({@code credentials-provider.orders.secret} and {@code credentials-provider.dual.secret}). An adapter that reads these through its lookup and
     * gets {@link #everySettingOptions(String)} binds every row.
     *
     * @throws AssertionError naming the rows without a sample here
     */
    public static Map<String, String> everySetting() {
        Map<String, String> all = new LinkedHashMap<>();
        List<String> missing = new java.util.ArrayList<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            String key = s.mapSegment().map(m -> s.key().replace(m, "team")).orElse(s.key());
            if (SAMPLES.containsKey(key)) {
                all.put(key, SAMPLES.get(key));
            } else if (s.mapSegment().isPresent() && !s.key().endsWith(">")) {
                // a map of groups: every sample whose key has this row's form, in a stable order
                String form = java.util.regex.Pattern.quote(s.mapParent() + ".") + "[^.]+"
                        + java.util.regex.Pattern.quote(s.key().substring(s.key().indexOf('>') + 1));
                List<String> found = SAMPLES.keySet().stream().filter(k -> k.matches(form)).sorted().toList();
                if (found.isEmpty()) {
                    missing.add(key);
                }
                found.forEach(k -> all.put(k, SAMPLES.get(k)));
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("SettingCases.SAMPLES has no value for " + missing + "; add a valid, non-default one");
        }
        all.put("vaults.pay.url", "https://pay.vault.azure.net/");
        all.put("vaults.pay.refresh.interval", "3m");
        return all;
    }

    /** The options of {@link #everySetting()} under {@code root} as the core reads them from a map, one per line. */
    public static String everySettingOptions(String root) {
        Map<String, String> rooted = new LinkedHashMap<>();
        everySetting().forEach((k, v) -> rooted.put(root + k, v));
        return String.join("\n", KeyVaultOptions.read(SettingsLookup.of(k -> Optional.ofNullable(rooted.get(k)),
                rooted::keySet), root).stream().map(KeyVaultOptions::toString).toList());
    }

    /** The cases, each one rule: a duration without unit, a bad duration, a range, a boolean, a choice, a form. */
    public static List<Case> all() {
        return List.of(
                new Case("duration without unit", Map.of("url", URL, "refresh.interval", "30")),
                new Case("duration unparsable", Map.of("url", URL, "startup-timeout", "soon")),
                new Case("duration zero where positive", Map.of("url", URL, "refresh.max-staleness", "0")),
                new Case("integer out of range", Map.of("url", URL, "max-concurrency", "0")),
                new Case("integer unparsable", Map.of("url", URL, "retry.max-retries", "many")),
                new Case("boolean unparsable", Map.of("url", URL, "optional", "maybe")),
                new Case("credential type unknown", Map.of("url", URL, "credential.type", "magic")),
                new Case("tenant id malformed", Map.of("url", URL, "credential.tenant-id", "my tenant")),
                new Case("url malformed", Map.of("url", "not a url")),
                new Case("alias without url", Map.of("url", URL, "vaults.pay.refresh.interval", "1m")),
                new Case("credentials without secret", Map.of("url", URL, "credentials-provider.db.username", "app")),
                new Case("credentials username with tagged", Map.of("url", URL, "credentials-provider.db.secret",
                        "db-login", "credentials-provider.db.format", "tagged", "credentials-provider.db.username", "app")),
                new Case("credentials format unknown", Map.of("url", URL, "credentials-provider.db.secret",
                        "db-password", "credentials-provider.db.format", "plain")),
                new Case("credentials vault unknown", Map.of("url", URL, "credentials-provider.db.secret",
                        "db-password", "credentials-provider.db.username", "app", "credentials-provider.db.vault",
                        "payroll")),
                new Case("tls material empty", Map.of("url", URL, "tls-material.web.vault", "pay",
                        "vaults.pay.url", URL)),
                new Case("tls material certificate name", Map.of("url", URL, "tls-material.web.certificate",
                        "web_tls")),
                new Case("tls material vault unknown", Map.of("url", URL, "tls-material.web.trust", "root-ca",
                        "tls-material.web.vault", "edge")));
    }
}
