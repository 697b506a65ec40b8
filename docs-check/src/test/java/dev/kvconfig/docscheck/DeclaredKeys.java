package dev.kvconfig.docscheck;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.KeyVaultSetting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Setting keys as the code declares them, each a pattern whose {@code *} segments are map keys (a vault alias, a
 * tag, a secret name): {@code keyvault.vaults.*.url}.
 */
final class DeclaredKeys {
    /** Where the Quarkus extension processor writes the extension's config model (into kvconfig-quarkus's jar). */
    static final String QUARKUS_MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern REQUIRES_PROPERTY = Pattern.compile("@Requires\\(property\\s*=\\s*\"([^\"]+)\"");

    private final String origin;
    private final TreeSet<String> keys;

    private DeclaredKeys(String origin, TreeSet<String> keys) {
        this.origin = origin;
        this.keys = keys;
    }

    /** The core's {@code keyvault.*} keys: every row of its table, for the main vault and for {@code vaults.*}. */
    static DeclaredKeys core() {
        TreeSet<String> keys = new TreeSet<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            String key = s.mapSegment().map(m -> s.key().replace(m, "*")).orElse(s.key());
            keys.add(KeyVaultOptions.DEFAULT_KEY_ROOT + key);
            keys.add(KeyVaultOptions.DEFAULT_KEY_ROOT + "vaults.*." + key);
        }
        return new DeclaredKeys("kvconfig-source's settings table (dev.kvconfig.source.KeyVaultSetting)", keys);
    }

    /** The Quarkus extension's {@code quarkus.keyvault.*} keys, from the config model its build wrote. */
    static DeclaredKeys quarkus() {
        TreeSet<String> keys = new TreeSet<>();
        for (Map<String, Object> property : quarkusProperties()) {
            keys.add(normalise(propertyName(property)));
        }
        return new DeclaredKeys("kvconfig-quarkus's " + QUARKUS_MODEL, keys);
    }

    /** Micronaut-only keys: the {@code @Requires(property = "keyvault.…")} switches of micronaut-module. */
    static DeclaredKeys micronaut(Repo repo) {
        TreeSet<String> keys = new TreeSet<>();
        Path sources = repo.root().resolve("micronaut-module/src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REQUIRES_PROPERTY.matcher(Files.readString(file));
                while (m.find()) {
                    if (m.group(1).startsWith("keyvault.")) {
                        keys.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeclaredKeys("micronaut-module's @Requires(property = …)", keys);
    }

    /** The model's properties in order, sections flattened (each a map of the model's fields). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> quarkusProperties() {
        Object model = readQuarkusDoc(QUARKUS_MODEL);
        List<Map<String, Object>> properties = new ArrayList<>();
        for (Object root : (List<Object>) ((Map<String, Object>) model).get("configRoots")) {
            flatten((List<Object>) ((Map<String, Object>) root).get("items"), properties);
        }
        return properties;
    }

    /** One of the JSON files Quarkus' extension processor writes into kvconfig-quarkus's jar, as untyped JSON. */
    static Object readQuarkusDoc(String resource) {
        try (InputStream in = DeclaredKeys.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: kvconfig-quarkus's build"
                        + " (quarkus-extension-processor) writes it; build with -am so quarkus-extension/runtime is built");
            }
            try (JsonReader reader = JsonProviders.createReader(in)) {
                return reader.readUntyped();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(List<Object> items, List<Map<String, Object>> into) {
        for (Object item : items) {
            Map<String, Object> map = (Map<String, Object>) item;
            if (map.get("items") instanceof List<?> nested) {
                flatten((List<Object>) nested, into);
            } else {
                into.add(map);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static String propertyName(Map<String, Object> property) {
        return (String) ((Map<String, Object>) property.get("path")).get("property");
    }

    /** Map keys ({@code "alias"}, {@code *}, {@code [*]}) become {@code *}. */
    private static String normalise(String key) {
        return String.join(".", segments(key.replace("[*]", ""))).replaceAll("(^|\\.)\"[^\"]*\"(?=\\.|$)", "$1*");
    }

    /** Splits at dots outside double quotes. */
    static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : key.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '.' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    String origin() {
        return origin;
    }

    TreeSet<String> keys() {
        return keys;
    }

    /**
     * Whether {@code written} names a declared key or a group of them: {@code keyvault.refresh.interval},
     * {@code keyvault.vaults.payments.url}, {@code keyvault.vaults.<alias>.*}, {@code quarkus.keyvault.tags."tag"},
     * {@code keyvault.credential} (a group), {@code keyvault.retry.*}.
     */
    boolean declares(String written) {
        if (matches(written)) {
            return true;
        }
        // Spring's relaxed binding: keyvault.refreshInterval, keyvault.retry.maxRetries
        String kebab = CAMEL_HUMP.matcher(written).replaceAll("$1-$2").toLowerCase(java.util.Locale.ROOT);
        return !kebab.equals(written) && (matches(kebab)
                || matches(CAMEL_HUMP.matcher(written).replaceAll("$1.$2").toLowerCase(java.util.Locale.ROOT)));
    }

    private boolean matches(String written) {
        List<String> doc = new ArrayList<>(segments(written));
        if (doc.get(doc.size() - 1).isEmpty() || doc.get(doc.size() - 1).equals("*")) {
            doc.remove(doc.size() - 1);
        }
        for (String key : keys) {
            List<String> declared = segments(key);
            if (doc.size() > declared.size()) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < doc.size() && all; i++) {
                String d = doc.get(i);
                String k = declared.get(i);
                all = d.equals(k) || k.equals("*") && !d.isEmpty();
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The declared key nearest to {@code written} (edit distance), for the message. */
    String closest(String written) {
        return keys.stream().min(Comparator.comparingInt(k -> distance(k, written))).orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
