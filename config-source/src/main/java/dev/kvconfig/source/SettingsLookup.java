package dev.kvconfig.source;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the settings of {@link KeyVaultSetting} come from: an adapter's view of its framework's configuration (a
 * SmallRye {@code ConfigSourceContext}, Quarkus config, Micronaut's {@code PropertyResolver}, Spring's {@code Binder}) or
 * a program's own map. The core reads every key through it, under the root the adapter names, and parses and validates
 * the text itself, so every framework accepts and refuses the same text with the same message.
 *
 * <p>Implementations must be thread-safe and must not cache password-type values: the core reads them through
 * {@link #value} when it builds the credential or opens the trust store.
 */
public interface SettingsLookup {

    /** The text of {@code key} ({@code keyvault.refresh.interval}), empty when unset. */
    Optional<String> value(String key);

    /**
     * The names of the map entries directly under {@code key}: the aliases under {@code keyvault.vaults}, the tags under
     * {@code keyvault.tags}. The default finds none, so a lookup without it configures the main vault only.
     */
    default Set<String> mapKeys(String key) {
        return Set.of();
    }

    /**
     * A lookup over text values and the names a source knows, for configurations that list their names (SmallRye,
     * Quarkus, a map). Map entries are found among the names as written ({@code keyvault.vaults.pay.url},
     * {@code keyvault.vaults."a.b".url}, after an optional {@code %profile.}) and in environment-variable form
     * ({@code KEYVAULT_VAULTS_PAY_URL}, the entry then in lower case), the latter told apart from the key after it by
     * the keys of {@link KeyVaultSetting}.
     *
     * @param values the value of a key, read anew on each call
     * @param names every name the configuration holds, listed anew on each call
     */
    static SettingsLookup of(Function<String, Optional<String>> values, Supplier<? extends Iterable<String>> names) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(names, "names");
        return new SettingsLookup() {
            @Override
            public Optional<String> value(String key) {
                return values.apply(key);
            }

            @Override
            public Set<String> mapKeys(String key) {
                Set<String> found = new TreeSet<>();
                String prefix = key + ".";
                String environmentPrefix = environmentForm(prefix);
                boolean ofValues = isMapOfValues(key);
                for (String name : names.get()) {
                    String n = withoutProfile(name);
                    Optional<String> entry = Optional.empty();
                    if (n.startsWith(prefix)) {
                        entry = entryOfName(n.substring(prefix.length()), ofValues);
                    }
                    if (entry.isEmpty() && n.length() > environmentPrefix.length()
                            && environmentForm(n).startsWith(environmentPrefix)) {
                        entry = entryOfEnvironmentName(environmentForm(n).substring(environmentPrefix.length()),
                                ofValues);
                    }
                    entry.ifPresent(found::add);
                }
                return found;
            }
        };
    }

    /** {@code keyvault.vaults.} as {@code KEYVAULT_VAULTS_}: upper case, every other character {@code _}. */
    private static String environmentForm(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            s.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return s.toString();
    }

    private static String withoutProfile(String name) {
        if (name.startsWith("%")) {
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(dot + 1);
        }
        return name;
    }

    /** Whether {@code key} ends with the parent of a map of plain values ({@code tags} of {@code tags.<tag>}). */
    private static boolean isMapOfValues(String key) {
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            if (s.key().endsWith(">") && (key.equals(s.mapParent()) || key.endsWith("." + s.mapParent()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entry a name holds after the map's prefix, written as keys are ({@code pay.url}, {@code "a.b".url}). A map of
     * values: the rest, unquoted. A map of groups: the first segment, if a setting key follows it, so that spellings a
     * framework generates ({@code pay-url} next to {@code pay.url}) name no entry.
     */
    private static Optional<String> entryOfName(String rest, boolean ofValues) {
        boolean quoted = rest.startsWith("\"") && rest.indexOf('"', 1) > 0;
        if (ofValues) {
            return Optional.of(quoted ? rest.substring(1, rest.indexOf('"', 1)) : rest).filter(e -> !e.isEmpty());
        }
        int end = quoted ? rest.indexOf('"', 1) + 1 : rest.indexOf('.');
        if (end <= 0 || end >= rest.length() || rest.charAt(end) != '.') {
            return Optional.empty();
        }
        String after = rest.substring(end + 1);
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            boolean known = s.mapSegment().isEmpty() ? after.equals(s.key())
                    // a map in the group (tags.<tag>), or this map's own group (size of pool.<name>.size)
                    : after.startsWith(s.mapParent() + ".") || after.equals(s.key().substring(s.key().indexOf('>') + 1)
                            .replaceFirst("^\\.", ""));
            if (known) {
                return Optional.of(quoted ? rest.substring(1, end - 1) : rest.substring(0, end));
            }
        }
        return Optional.empty();
    }

    /**
     * The entry an environment-form name holds after the map's prefix. A map of values ({@code tags}): the rest, in lower
     * case. A map of groups ({@code vaults}): what precedes the setting key that ends the name, {@code pay} of
     * {@code PAY_REFRESH_INTERVAL} (the shortest such entry, so {@code PAY_TAGS_TEAM} is {@code pay}); a name that ends
     * in no setting key names no entry.
     */
    private static Optional<String> entryOfEnvironmentName(String rest, boolean ofValues) {
        if (ofValues) {
            return Optional.of(rest.toLowerCase(Locale.ROOT));
        }
        String best = null;
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            int at;
            if (s.mapSegment().isEmpty()) {
                String tail = "_" + environmentForm(s.key());
                at = rest.endsWith(tail) ? rest.length() - tail.length() : -1;
            } else {
                // the entry, then the map's parent and its own entry: PAY_TAGS_TEAM
                at = rest.indexOf("_" + environmentForm(s.mapParent()) + "_");
                String after = s.key().substring(s.key().indexOf('>') + 1);
                if (at <= 0 && !after.isEmpty()) {
                    // a map of groups at this level: X_SIZE of pool.<name>.size
                    String tail = environmentForm(after);
                    at = rest.endsWith(tail) ? rest.length() - tail.length() : -1;
                }
            }
            if (at > 0 && (best == null || at < best.length())) {
                best = rest.substring(0, at);
            }
        }
        return Optional.ofNullable(best).map(e -> e.toLowerCase(Locale.ROOT));
    }
}
