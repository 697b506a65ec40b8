package dev.kvconfig.docscheck;

import static dev.kvconfig.docscheck.Problems.assertNone;

import dev.kvconfig.source.KeyVaultOptions;
import dev.kvconfig.source.KeyVaultSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every row of the core's table of settings is declared where each framework's tooling looks (Quarkus' config model,
 * Spring's metadata) and documented in the references: docs/configuration.md's table, and the Quarkus and Spring Boot
 * pages' generated tables.
 */
class SettingsTableTest {
    private final Repo repo = Repo.current();

    @Test
    void everySetting_isDeclaredForEachFrameworkAndDocumented() throws IOException {
        String configuration = Files.readString(repo.root().resolve("docs/configuration.md"));
        String quarkusPage = Files.readString(repo.root().resolve("docs/quarkus.md"));
        String springPage = Files.readString(repo.root().resolve("docs/spring-boot.md"));
        DeclaredKeys quarkus = DeclaredKeys.quarkus();
        String springMetadata = GeneratedTables.spring().orElse("");
        List<String> problems = new ArrayList<>();
        for (KeyVaultSetting s : KeyVaultSetting.values()) {
            String core = s.keyUnder(KeyVaultOptions.DEFAULT_KEY_ROOT);
            String quarkusKey = "quarkus." + core;
            String mapped = s.mapSegment().isPresent() ? s.mapParent() : s.key();
            if (!configuration.contains("| `" + core + "` |")) {
                problems.add("docs/configuration.md: no row for " + core + " (regenerate: " + GeneratedTables.REGENERATE
                        + ")");
            }
            if (!quarkus.declares(s.mapSegment().map(m -> quarkusKey.replace(m, "*")).orElse(quarkusKey))) {
                problems.add(DeclaredKeys.QUARKUS_MODEL + ": " + quarkusKey + " not declared (VaultConfig)");
            }
            if (!quarkusPage.contains("`quarkus.keyvault." + mapped)) {
                problems.add("docs/quarkus.md: no row for " + quarkusKey);
            }
            if (!springMetadata.contains("| `keyvault." + mapped + "` |")) {
                problems.add("Spring metadata: no property keyvault." + mapped + " (SpringMetadataTest regenerates it)");
            }
            if (!springPage.contains("| `keyvault." + mapped + "` |")) {
                problems.add("docs/spring-boot.md: no row for keyvault." + mapped);
            }
        }
        assertNone(problems, "setting(s) of the table not declared or documented");
    }
}
