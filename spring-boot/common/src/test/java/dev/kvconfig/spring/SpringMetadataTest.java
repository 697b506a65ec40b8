package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.KeyVaultSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata of the {@code keyvault.*} settings is generated from the core's {@link KeyVaultSetting} table: this
 * test renders it and fails when {@code additional-spring-configuration-metadata.json} differs (a row, default or doc
 * line changed). The file lives in {@code kvconfig-spring-boot-common}, which both starters bring; this test is part
 * of the shared suite, run by each starter module from its own directory, a sibling of {@code common}. With
 * {@code -Dsettings.regenerate=true} it rewrites the file instead:
 * {@code ./mvnw -B -ntp -q -pl spring-boot/boot4 -am verify -Dtest=SpringMetadataTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsettings.regenerate=true}.
 */
class SpringMetadataTest {

    private static final Path FILE = Path.of("../common/src/main/resources/META-INF/"
            + "additional-spring-configuration-metadata.json");

    @Test
    void metadata_file_isTheOneRenderedFromTheTable() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("settings.regenerate")) {
            Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as(FILE + " is generated from KeyVaultSetting; regenerate it with -Dsettings.regenerate=true")
                .isEqualTo(rendered);
    }

    @Test
    void binding_everySettingOfTheTable_isASettingForTheUnknownKeyCheck() {
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            String key = s.mapSegment().map(m -> s.key().replace(m, "team")).orElse(s.key());
            assertThat(BinderLookup.isSetting(BinderLookup.ROOT + key)).as(key).isTrue();
            assertThat(BinderLookup.isSetting(BinderLookup.ROOT + "vaults.pay." + key)).as(key).isTrue();
        }
        assertThat(BinderLookup.isSetting("keyvault.refresh.intervall")).isFalse();
    }

    /** The metadata of every row (main vault keys, the aliases' map), the credential types as hints. */
    static String render() {
        List<String> properties = new ArrayList<>();
        java.util.Set<String> maps = new java.util.HashSet<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            if (s.mapSegment().isPresent() && !maps.add(s.mapParent())) {
                // A map of groups (pool.<name>.size, pool.<name>.user) is one Map property for the IDE.
                continue;
            }
            StringBuilder p = new StringBuilder("    {\n");
            field(p, "name", BinderLookup.ROOT + (s.mapSegment().isPresent() ? s.mapParent() : s.key()));
            field(p, "type", type(s));
            field(p, "description", s.doc());
            s.defaultValue().ifPresent(d -> field(p, "defaultValue", d));
            if (s == KeyVaultSetting.ORDINAL) {
                p.append("      \"deprecation\": {\n        \"level\": \"error\",\n        \"reason\": \"Spring Boot places"
                        + " a vault by its import (spring.config.import=keyvault:); setting it fails startup.\"\n"
                        + "      },\n");
            }
            properties.add(p.substring(0, p.length() - 2) + "\n    }");
        }
        StringBuilder vaults = new StringBuilder("    {\n");
        field(vaults, "name", BinderLookup.ROOT + "vaults");
        field(vaults, "type", "java.util.Map<java.lang.String,java.lang.String>");
        List<String> own = new ArrayList<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            if (!s.inherited() && !own.contains(s.mapParent())) {
                own.add(s.mapParent());
            }
        }
        field(vaults, "description", "More vaults, by alias: keyvault.vaults.<alias>.<key> with the keys above, each "
                + "imported with keyvault:<alias>; unset keys other than " + String.join(", ", own)
                + " fall back to the main vault's.");
        properties.add(vaults.substring(0, vaults.length() - 2) + "\n    }");
        StringBuilder health = new StringBuilder("    {\n");
        field(health, "name", "management.health.keyvault.enabled");
        field(health, "type", "java.lang.Boolean");
        field(health, "description", "Whether to enable the Key Vault health indicator.");
        health.append("      \"defaultValue\": true\n");
        properties.add(health.substring(0, health.length() - 1) + "\n    }");

        List<String> values = new ArrayList<>();
        for (KeyVaultOptions.CredentialType t : KeyVaultOptions.CredentialType.values()) {
            values.add("        {\n          \"value\": \"" + t.configName() + "\"\n        }");
        }
        String hints = "    {\n      \"name\": \"" + KeyVaultSetting.CREDENTIAL_TYPE.keyUnder(BinderLookup.ROOT)
                + "\",\n      \"values\": [\n" + String.join(",\n", values) + "\n      ]\n    }";
        return "{\n  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n  \"hints\": [\n" + hints
                + "\n  ]\n}\n";
    }

    private static String type(KeyVaultSetting s) {
        if (s.mapSegment().isPresent()) {
            return "java.util.Map<java.lang.String,java.lang.String>";
        }
        return switch (s.kind()) {
            case INTEGER -> "java.lang.Integer";
            case BOOLEAN -> "java.lang.Boolean";
            case LIST -> "java.util.List<java.lang.String>";
            // Durations stay text: Spring's Duration reads a bare number as milliseconds, the core refuses it.
            default -> "java.lang.String";
        };
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("      \"").append(name).append("\": \"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
    }
}
