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
                new Case("alias without url", Map.of("url", URL, "vaults.pay.refresh.interval", "1m")));
    }
}
