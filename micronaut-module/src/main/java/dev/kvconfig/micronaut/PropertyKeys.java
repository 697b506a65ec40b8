package dev.kvconfig.micronaut;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Micronaut keys under which one vault property is served.
 *
 * <p>A Key Vault secret name has a single kind of separator ({@code -}), like an environment variable has {@code _}.
 * Micronaut serves {@code APP_API_KEY} as {@code app.api.key}, {@code app.api-key}, {@code app-api.key} and
 * {@code app-api-key}; the vault source does the same for secret {@code app-api-key}, so it binds to
 * {@code @ConfigurationProperties("app")} field {@code apiKey} ({@code app.api-key}) as well as to {@code ${app.api.key}}.
 * Keys are lower-case (secret names are case-insensitive; Micronaut keys are kebab-case).
 *
 * <p>The vault's property source lists each secret once, in environment-variable form ({@link #sourceNames}), so
 * Micronaut generates these spellings itself and files only the all-dots one as the normalized key, as it does for an
 * environment variable: a map such as {@code datasources.<name>.*} then sees {@code datasources-default-password} as
 * {@code datasources.default.password} only, not also as a datasource named {@code default-password}.
 *
 * <p>Unlike Micronaut's environment-variable handling, the number of spellings is capped: a name with more than
 * {@value #MAX_SEPARATORS} separators is served in its all-dots and all-dashes spellings only, so one long secret name
 * cannot add thousands of keys.
 */
final class PropertyKeys {

    /** 2^8 = 256 spellings at most per secret. */
    static final int MAX_SEPARATORS = 8;

    private PropertyKeys() {
    }

    /** The spellings of a core property name ({@code App.Api.Key} as {@code getPropertyNames()} lists it). */
    static List<String> spellings(String propertyName) {
        String lower = propertyName.toLowerCase(Locale.ROOT).replace('-', '.');
        char[] chars = lower.toCharArray();
        List<Integer> separators = new ArrayList<>();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '.') {
                separators.add(i);
            }
        }
        if (separators.isEmpty()) {
            return List.of(lower);
        }
        if (separators.size() > MAX_SEPARATORS) {
            return List.of(lower, lower.replace('.', '-'));
        }
        int n = separators.size();
        List<String> result = new ArrayList<>(1 << n);
        for (int mask = 0; mask < (1 << n); mask++) {
            for (int s = 0; s < n; s++) {
                chars[separators.get(s)] = (mask & (1 << s)) == 0 ? '.' : '-';
            }
            result.add(new String(chars));
        }
        return result;
    }

    /**
     * The names the vault's property source lists for a core property name, under Micronaut's environment-variable
     * convention: {@code APP_API_KEY}, from which Micronaut generates {@link #spellings(String)}; beyond the cap the
     * all-dots and all-dashes spellings themselves (names without {@code _} are taken as they are).
     */
    static List<String> sourceNames(String propertyName) {
        List<String> spellings = spellings(propertyName);
        if (spellings.size() == 2 && spellings.get(0).chars().filter(c -> c == '.').count() > MAX_SEPARATORS) {
            return spellings;
        }
        return List.of(spellings.get(0).replace('.', '_').toUpperCase(Locale.ROOT));
    }

    /** The spellings of several property names, in order, without duplicates. */
    static Set<String> spellings(Iterable<String> propertyNames) {
        Set<String> keys = new LinkedHashSet<>();
        for (String name : propertyNames) {
            keys.addAll(spellings(name));
        }
        return keys;
    }
}
