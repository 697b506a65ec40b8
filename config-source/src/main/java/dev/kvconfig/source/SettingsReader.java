package dev.kvconfig.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads {@link KeyVaultOptions} for every configured vault from a {@link SettingsLookup} under a root: the main vault
 * ({@code <root>url}) and each alias ({@code <root>vaults.<alias>.url}). Walks {@link KeyVaultSetting}: each row's text
 * goes through its builder setter, an alias's unset inherited rows take the main vault's text, and password-type rows
 * become suppliers that read the lookup when used. Messages name each key as read, under the root its users write.
 */
final class SettingsReader {

    /** The map of aliased vaults under the root: {@code keyvault.vaults.<alias>.*}. */
    private static final String VAULTS = "vaults";

    private SettingsReader() {
    }

    /**
     * A key prefix an adapter reads its settings under: non-blank, ending with {@code .}.
     *
     * @throws IllegalArgumentException otherwise
     */
    static String requireRoot(String root) {
        if (root == null || root.isBlank() || !root.endsWith(".")) {
            throw new IllegalArgumentException("root: '" + root + "' is not a key prefix; use one that ends with '.', "
                    + "e.g. keyvault. or quarkus.keyvault.");
        }
        return root;
    }

    /** The prefix of an alias's keys under {@code root}: {@code keyvault.vaults.pay.} for {@code keyvault.} and pay. */
    static String aliasPrefix(String root, String alias) {
        return root + VAULTS + "." + alias + ".";
    }

    /** Settings of all vaults, main first then aliases by name; empty when no URL is configured. */
    static List<KeyVaultOptions> read(SettingsLookup lookup, String root) {
        requireRoot(root);
        List<KeyVaultOptions> result = new ArrayList<>();
        if (text(lookup, KeyVaultSetting.URL.keyUnder(root)).isPresent()) {
            result.add(toOptions(KeyVaultOptions.builder(root, null), lookup, root, null));
        }
        Map<String, String> byKey = new HashMap<>();
        for (String alias : new TreeSet<>(lookup.mapKeys(root + VAULTS))) {
            // The alias itself first (reserved, malformed): its other keys would only lead to the wrong fix.
            KeyVaultOptions.Builder b = KeyVaultOptions.builder(root, alias);
            String same = byKey.putIfAbsent(KeyVaultOptions.aliasKey(alias), alias);
            if (same != null) {
                throw new IllegalStateException(aliasPrefix(root, same) + "* and " + aliasPrefix(root, alias)
                        + "* are one vault alias written twice: aliases are case-insensitive, as environment variables ("
                        + environmentForm(root) + "VAULTS_" + alias.toUpperCase(Locale.ROOT) + "_URL), references and "
                        + "health or metric names cannot tell them apart. Rename one or merge them");
            }
            String prefix = aliasPrefix(root, alias);
            if (text(lookup, KeyVaultSetting.URL.keyUnder(prefix)).isEmpty()) {
                throw new IllegalStateException(prefix + "url is not set, but other " + prefix + "* keys are; set it to "
                        + "the vault URL or remove them");
            }
            result.add(toOptions(b, lookup, prefix, root));
        }
        requireGroupsResolve(result);
        return List.copyOf(result);
    }

    /**
     * Each {@code credentials-provider.<name>} and {@code tls-material.<name>} names a configured vault, and each name
     * is used once over all vaults: an adapter offers them by name alone ({@code quarkus.datasource.credentials-provider=
     * <name>}, {@code server.ssl.bundle=<name>}).
     */
    private static void requireGroupsResolve(List<KeyVaultOptions> vaults) {
        Map<String, String> vaultKeys = new HashMap<>();
        for (KeyVaultOptions o : vaults) {
            vaultKeys.put(KeyVaultOptions.aliasKey(o.alias().orElse(null)), o.displayName());
        }
        Map<String, String> credentials = new HashMap<>();
        Map<String, String> materials = new HashMap<>();
        for (KeyVaultOptions o : vaults) {
            for (CredentialsSettings p : o.credentialsProviders().values()) {
                requireGroupResolves(vaultKeys, credentials, p.name(), p.keyPrefix(), p.vault(), "credentials",
                        "pools");
            }
            for (TlsMaterialSettings t : o.tlsMaterials().values()) {
                requireGroupResolves(vaultKeys, materials, t.name(), t.keyPrefix(), t.vault(), "TLS material",
                        "TLS configurations");
            }
        }
    }

    private static void requireGroupResolves(Map<String, String> vaultKeys, Map<String, String> seen, String name,
            String keyPrefix, String vault, String what, String users) {
        if (!vaultKeys.containsKey(KeyVaultOptions.aliasKey(vault))) {
            throw new IllegalStateException(keyPrefix + "vault: '" + vault + "' is not a configured vault; use one of "
                    + new TreeSet<>(vaultKeys.values()) + " or leave it unset for the vault whose keys these are");
        }
        String same = seen.putIfAbsent(name, keyPrefix);
        if (same != null) {
            throw new IllegalStateException(same + "* and " + keyPrefix + "* both define " + what + " " + name
                    + ", which " + users + " name alone; rename one, or keep one and set its vault");
        }
    }

    /**
     * The vaults by {@link KeyVaultOptions#aliasKey}, for the reference handlers: {@code ""} for the main vault, aliases
     * in lower case.
     */
    static Map<String, KeyVaultOptions> byAliasKey(SettingsLookup lookup, String root) {
        Map<String, KeyVaultOptions> byAlias = new LinkedHashMap<>();
        for (KeyVaultOptions o : read(lookup, root)) {
            byAlias.put(KeyVaultOptions.aliasKey(o.alias().orElse(null)), o);
        }
        return Map.copyOf(byAlias);
    }

    /** The aliases among {@link #byAliasKey} vaults as written, sorted, for messages. */
    static List<String> aliases(Map<String, KeyVaultOptions> byAliasKey) {
        return byAliasKey.values().stream().flatMap(o -> o.alias().stream()).sorted().toList();
    }

    /**
     * Feeds one vault's rows into the builder. For an alias ({@code mainPrefix} set), an inherited row it does not set
     * takes the main vault's value, so a shared credential or trust store is written once.
     */
    private static KeyVaultOptions toOptions(KeyVaultOptions.Builder b, SettingsLookup lookup, String prefix,
            String mainPrefix) {
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            if (s.mapSegment().isPresent()) {
                applyMap(b, lookup, s, prefix, mainPrefix);
                continue;
            }
            String key = s.keyUnder(prefix);
            Optional<String> text = text(lookup, key);
            if (text.isEmpty() && mainPrefix != null && s.inherited()) {
                key = s.keyUnder(mainPrefix);
                text = text(lookup, key);
            }
            if (text.isEmpty()) {
                continue;
            }
            if (s.secret()) {
                // Only presence is checked here; the value is read by the credential or trust store, and not kept.
                String secretKey = key;
                s.applyTo(b, key, () -> lookup.value(secretKey).orElse(""), null);
            } else {
                String value = text.get();
                s.applyTo(b, key, () -> value, null);
            }
        }
        // IDENTITY_ENDPOINT, AZURE_CLIENT_ID, … are read through the lookup first (the environment is one of its
        // sources in most frameworks), so any source can supply them; the process environment stays the fallback.
        b.azureEnvironment(name -> lookup.value(name).or(() -> Optional.ofNullable(System.getenv(name))));
        return b.build();
    }

    private static void applyMap(KeyVaultOptions.Builder b, SettingsLookup lookup, KeyVaultSetting s, String prefix,
            String mainPrefix) {
        String from = prefix;
        TreeSet<String> names = new TreeSet<>(lookup.mapKeys(prefix + s.mapParent()));
        if (names.isEmpty() && mainPrefix != null && s.inherited()) {
            from = mainPrefix;
            names.addAll(lookup.mapKeys(mainPrefix + s.mapParent()));
        }
        for (String name : names) {
            String key = s.keyUnder(from, name);
            Optional<String> text = text(lookup, key);
            if (text.isPresent()) {
                String value = text.get();
                s.applyTo(b, key, s.secret() ? () -> lookup.value(key).orElse("") : () -> value, name);
            }
        }
    }

    /** The text of a key; an empty value is unset, as in SmallRye (an empty environment variable clears a key). */
    private static Optional<String> text(SettingsLookup lookup, String key) {
        return lookup.value(key).filter(t -> !t.isEmpty());
    }

    private static String environmentForm(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
