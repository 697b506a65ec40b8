package dev.kvconfig.quarkus.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.kvconfig.source.KeyVaultSetting;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.WithConverter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link VaultConfig} declares the core's {@link KeyVaultSetting} table for Quarkus' config docs: the same keys, the
 * same documented defaults, the same doc lines, and the password-type keys as presence only. Fails naming each row that
 * differs, with the declaration it expects.
 */
class VaultConfigTest {

    private static final String JAVADOC = "META-INF/quarkus-config-doc/quarkus-config-javadoc.json";

    @Test
    void declaration_keys_areTheTablesForTheMainVaultAndEveryAlias() {
        Set<String> declared = new TreeSet<>();
        // A list is declared twice, as text and indexed (secrets[*]); the text form is the setting.
        ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(KeyVaultRuntimeConfig.class,
                "quarkus.keyvault")).keySet().stream().filter(k -> !k.endsWith("[*]")).forEach(declared::add);
        Set<String> expected = new TreeSet<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            String key = s.mapSegment().map(m -> s.key().replace(m, "*")).orElse(s.key());
            expected.add(KeyVaultConfigBuilder.ROOT + key);
            expected.add(KeyVaultConfigBuilder.ROOT + "vaults.*." + key);
        }
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void declaration_defaultsDocLinesAndSecrets_areTheTables() throws IOException {
        Map<String, Object> javadoc = javadoc();
        List<String> problems = new ArrayList<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            Method m = method(s);
            String expectedDefault = s.defaultValue().orElse(null);
            ConfigDocDefault documented = m.getAnnotation(ConfigDocDefault.class);
            if (!java.util.Objects.equals(expectedDefault, documented == null ? null : documented.value())) {
                problems.add(s.key() + ": @ConfigDocDefault(" + (documented == null ? "none" : documented.value())
                        + "), expected " + (expectedDefault == null ? "none" : "KeyVaultSetting.Defaults." + s.name()));
            }
            Object element = javadoc.get(m.getDeclaringClass().getCanonicalName() + "." + m.getName());
            String doc = element instanceof Map<?, ?> e ? String.valueOf(e.get("description")) : "";
            if (!s.doc().equals(doc)) {
                problems.add(s.key() + ": javadoc '" + doc + "', expected /** " + s.doc() + " */");
            }
            if (s.secret() != (m.getAnnotation(WithConverter.class) != null)) {
                problems.add(s.key() + ": " + (s.secret() ? "a secret, declare it Optional<SecretSetting> with "
                        + "@WithConverter(SecretSetting.Presence.class)" : "not a secret, declare it Optional<String>"));
            }
        }
        assertThat(problems).as("VaultConfig differs from KeyVaultSetting").isEmpty();
    }

    /**
     * The declaring method of a row: {@code refresh.max-staleness} is {@code refresh().maxStaleness()}, {@code tags.<tag>}
     * is {@code tags()}, and a row of a map of groups, {@code pool.<name>.size}, is {@code size()} of the map's value.
     */
    private static Method method(KeyVaultSetting s) {
        String[] segments = s.key().split("\\.");
        Class<?> type = VaultConfig.class;
        try {
            Method m = null;
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].startsWith("<")) {
                    if (i == segments.length - 1) {
                        break;
                    }
                    type = (Class<?>) ((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[1];
                    continue;
                }
                m = type.getMethod(camel(segments[i]));
                type = m.getReturnType();
            }
            return m;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("VaultConfig does not declare " + s.key() + " (" + s.doc() + ")", e);
        }
    }

    private static String camel(String kebab) {
        StringBuilder s = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                s.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return s.toString();
    }

    /** The processor's javadoc elements, by {@code <declaring class>.<method>}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> javadoc() throws IOException {
        try (InputStream in = VaultConfigTest.class.getClassLoader().getResourceAsStream(JAVADOC)) {
            assertThat(in).as(JAVADOC + " written by quarkus-extension-processor").isNotNull();
            try (JsonReader reader = JsonProviders.createReader(in)) {
                return (Map<String, Object>) ((Map<String, Object>) reader.readUntyped()).get("elements");
            }
        }
    }
}
