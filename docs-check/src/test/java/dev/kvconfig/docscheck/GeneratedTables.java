package dev.kvconfig.docscheck;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.KeyVaultSetting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration tables generated from what the frameworks generate from the code, kept between markers in a page:
 * <pre>{@code
 * <!-- BEGIN GENERATED quarkus-config … -->
 * | key | … |
 * <!-- END GENERATED quarkus-config -->
 * }</pre>
 * {@code core-config}: the core's table of settings ({@code dev.kvconfig.source.KeyVaultSetting}), its rows in order.
 * {@code quarkus-config}: the Quarkus extension processor's config model and javadoc (in kvconfig-quarkus's jar).
 * {@code spring-config}: Spring Boot's configuration metadata ({@code META-INF/spring-configuration-metadata.json},
 * which spring-boot-configuration-processor writes and into which it merges
 * {@code additional-spring-configuration-metadata.json}), from whatever jar on docs-check's class path carries it.
 */
final class GeneratedTables {
    static final String CORE = "core-config";
    static final String QUARKUS = "quarkus-config";
    static final String SPRING = "spring-config";
    static final String QUARKUS_JAVADOC = "META-INF/quarkus-config-doc/quarkus-config-javadoc.json";
    static final List<String> SPRING_METADATA = List.of("META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json");
    private static final Pattern NAMED_VAULT = Pattern.compile("quarkus\\.keyvault\\.vaults\\.\"[^\"]+\"\\.");
    static final String REGENERATE = "./mvnw -B -ntp -q -pl docs-check -am verify -Ddocs.regenerate";

    private GeneratedTables() {
    }

    static String begin(String name) {
        return "<!-- BEGIN GENERATED " + name + ": do not edit; " + REGENERATE + " rewrites it -->";
    }

    static String end(String name) {
        return "<!-- END GENERATED " + name + " -->";
    }

    /** The table for {@code name}, or empty when its source is not on the class path. */
    static Optional<String> render(String name) {
        return switch (name) {
            case CORE -> Optional.of(core());
            case QUARKUS -> Optional.of(quarkus());
            case SPRING -> spring();
            default -> throw new IllegalArgumentException("no generated table named " + name
                    + "; known: " + CORE + ", " + QUARKUS + ", " + SPRING);
        };
    }

    /**
     * Every row of the core's table in its order: key under {@code keyvault.}, kind, default, whether an alias falls back
     * to the main vault's value, and the row's doc line; secrets say so.
     */
    static String core() {
        StringBuilder table = new StringBuilder("| key | kind | default | alias falls back | meaning |\n"
                + "|---|---|---|---|---|\n");
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            table.append("| `").append(s.keyUnder(KeyVaultOptions.DEFAULT_KEY_ROOT)).append("` | ")
                    .append(s.kind().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(s.defaultValue().map(d -> "`" + d + "`").orElse("")).append(" | ")
                    .append(s.inherited() ? "yes" : "no").append(" | ")
                    .append(cell(s.doc())).append(" |\n");
        }
        return table.toString();
    }

    /** Which keys of an alias fall back to the main vault's, from the table's rows that do not. */
    static String fallback() {
        List<String> own = new ArrayList<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            // a map of groups (credentials-provider.<name>.*) is named once
            if (!s.inherited() && !own.contains("`" + s.mapParent() + "`")) {
                own.add("`" + s.mapParent() + "`");
            }
        }
        return "unset keys other than " + String.join(", ", own.subList(0, own.size() - 1)) + " and "
                + own.get(own.size() - 1) + " fall back to the main vault's";
    }

    /**
     * Every {@code quarkus.keyvault.*} key in the model's order, with its type, default, phase and javadoc. A named-vault
     * section that repeats the top-level keys is one row.
     */
    @SuppressWarnings("unchecked")
    static String quarkus() {
        Map<String, Object> javadoc = (Map<String, Object>) ((Map<String, Object>) DeclaredKeys.readQuarkusDoc(QUARKUS_JAVADOC)).get("elements");
        // run-time keys first: they are what an application sets; build-time ones (Dev Services, switches) after
        List<Map<String, Object>> properties = new ArrayList<>(DeclaredKeys.quarkusProperties());
        properties.sort(Comparator.comparing(p -> "BUILD_TIME".equals(p.get("phase"))));
        Map<String, String> topLevel = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder("| key | type | default | fixed at | meaning |\n|---|---|---|---|---|\n");
        String collapsed = null;
        for (Map<String, Object> p : properties) {
            String key = DeclaredKeys.propertyName(p);
            String description = description(javadoc, p);
            boolean withinMap = Boolean.TRUE.equals(p.get("withinMap"));
            Matcher named = NAMED_VAULT.matcher(key);
            String section = named.lookingAt() ? named.group() : null;
            if (section != null && withinMap) {
                String top = "quarkus.keyvault." + key.substring(section.length());
                if (description.equals(topLevel.get(top))) {
                    if (!section.equals(collapsed)) {
                        collapsed = section;
                        table.append("| `").append(section).append("*` | | | run time | the keys above for the named"
                                + " vault `alias`; " + fallback() + " |\n");
                    }
                    continue;
                }
            }
            topLevel.put(key, description);
            table.append("| `").append(key).append("` | ").append("`").append(cell(String.valueOf(p.getOrDefault("typeDescription", "")))).append("`")
                    .append(" | ").append(p.get("defaultValue") == null ? "" : "`" + p.get("defaultValue") + "`")
                    .append(" | ").append("BUILD_TIME".equals(p.get("phase")) ? "build time" : "run time")
                    .append(" | ").append(description).append(" |\n");
        }
        return table.toString();
    }

    @SuppressWarnings("unchecked")
    private static String description(Map<String, Object> javadoc, Map<String, Object> property) {
        Object element = javadoc.get(property.get("sourceType") + "." + property.get("sourceElementName"));
        String text = element == null ? "" : String.valueOf(((Map<String, Object>) element).get("description"));
        return cell(text.replaceAll("\\{@(?:code|literal)\\s+([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "`$1`")
                .replaceAll("\\{@link(?:plain)?\\s+([^}]*)\\}", "$1")
                .replaceAll("</?p>", " "));
    }

    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|").replaceAll("\\s+", " ").strip();
    }

    /** Every property of the Spring metadata files on the class path, sorted by name; empty when there are none. */
    @SuppressWarnings("unchecked")
    static Optional<String> spring() {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (String resource : SPRING_METADATA) {
            for (URL url : resources(resource)) {
                Map<String, Object> doc;
                try (InputStream in = url.openStream(); JsonReader reader = JsonProviders.createReader(in)) {
                    doc = (Map<String, Object>) reader.readUntyped();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + url, e);
                }
                for (Object p : (List<Object>) doc.getOrDefault("properties", List.of())) {
                    Map<String, Object> property = (Map<String, Object>) p;
                    byName.merge((String) property.get("name"), property, (a, b) -> {
                        Map<String, Object> merged = new LinkedHashMap<>(a);
                        b.forEach(merged::putIfAbsent);
                        return merged;
                    });
                }
            }
        }
        if (byName.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder table = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        byName.forEach((name, p) -> {
            String type = String.valueOf(p.getOrDefault("type", ""));
            table.append("| `").append(name).append("` | ").append("`").append(cell(type.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+", ""))).append("`")
                    .append(" | ").append(p.get("defaultValue") == null ? "" : "`" + p.get("defaultValue") + "`")
                    .append(" | ").append(cell(String.valueOf(p.getOrDefault("description", "")))).append(" |\n");
        });
        return Optional.of(table.toString());
    }

    private static List<URL> resources(String name) {
        try {
            return Collections.list(GeneratedTables.class.getClassLoader().getResources(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A region of a page between one table's markers. */
    record Region(String table, int beginLine, int endLine, String current) {
    }

    /** The regions of {@code page}, with what they hold now; a begin without an end is reported by the test. */
    static List<Region> regions(Page page) {
        List<Region> regions = new ArrayList<>();
        List<String> lines = page.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("<!-- BEGIN GENERATED ")) {
                continue;
            }
            String name = line.substring("<!-- BEGIN GENERATED ".length()).split("[:\\s]", 2)[0];
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals(end(name))) {
                end++;
            }
            String body = end < lines.size() ? String.join("\n", lines.subList(i + 1, end)) + "\n" : null;
            regions.add(new Region(name, i + 1, end + 1, body));
            i = end;
        }
        return regions;
    }
}
