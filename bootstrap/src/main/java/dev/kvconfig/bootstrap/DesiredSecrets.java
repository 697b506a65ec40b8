package dev.kvconfig.bootstrap;

import dev.kvconfig.source.naming.NameMapping;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The secrets a properties file declares: secret name (prefix + property name mapped by the config source's
 * {@link NameMapping}, so apply writes what the application reads) → value.
 * Immutable; {@link #toString()} names the file and the count, never a value.
 */
final class DesiredSecrets {
    private static final int MAX_SECRET_NAME = 127;
    private static final int MAX_VALUE_CHARS = 25 * 1024;

    private final Path file;
    private final Map<String, String> values;

    private DesiredSecrets(Path file, Map<String, String> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(values);
    }

    static DesiredSecrets none() {
        return new DesiredSecrets(null, new TreeMap<>());
    }

    /**
     * Reads {@code file} (UTF-8 properties) and maps each property to its secret name with the config source's rule.
     *
     * @throws InvalidInputException for an unreadable file, two properties mapping to one secret, a name Key Vault
     *     refuses or a value over Key Vault's 25 KiB limit (the property is named, the value never)
     */
    static DesiredSecrets read(Path file, String prefix) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read secrets file " + file + ": " + e.getClass().getSimpleName(),
                    "make it a UTF-8 .properties file (name=value per line)");
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> origin = new LinkedHashMap<>();
        for (String property : new TreeSet<>(properties.stringPropertyNames())) {
            String name = prefix + NameMapping.secretName(property);
            String earlier = origin.putIfAbsent(name.toLowerCase(Locale.ROOT), property);
            if (earlier != null) {
                throw new InvalidInputException(file.getFileName() + ": properties '" + earlier + "' and '" + property
                        + "' both map to secret '" + name + "' (Key Vault names are case-insensitive)",
                        "keep one of them");
            }
            if (property.isEmpty() || name.length() > MAX_SECRET_NAME) {
                throw new InvalidInputException(file.getFileName() + ": property '" + property + "' maps to secret name '"
                        + name + "', which Key Vault refuses (1-127 characters)", "rename the property");
            }
            String value = properties.getProperty(property);
            if (value.length() > MAX_VALUE_CHARS) {
                throw new InvalidInputException(file.getFileName() + ": the value of property '" + property
                        + "' is larger than Key Vault's 25 KiB limit", "store a smaller value");
            }
            values.put(name, value);
        }
        return new DesiredSecrets(file, values);
    }

    /** Secret names in case-insensitive order. */
    java.util.Set<String> names() {
        return values.keySet();
    }

    /** The value for {@code name} (case-insensitive), or {@code null}. Never log it. */
    String value(String name) {
        return values.get(name);
    }

    boolean contains(String name) {
        return values.containsKey(name);
    }

    int size() {
        return values.size();
    }

    @Override
    public String toString() {
        return "DesiredSecrets[file=" + file + ", count=" + values.size() + "]";
    }
}
