package dev.kvconfig.docscheck;

import static dev.kvconfig.docscheck.Problems.assertNone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The configuration tables between {@code BEGIN/END GENERATED} markers are what the frameworks' own metadata says
 * today. With {@code -Ddocs.regenerate} the test rewrites them instead of failing.
 */
class GeneratedTablesTest {
    private final Repo repo = Repo.current();

    @Test
    void generatedTables_inDocs_matchTheFrameworksMetadata() throws IOException {
        boolean regenerate = Boolean.parseBoolean(System.getProperty("docs.regenerate", "false"));
        List<String> problems = new ArrayList<>();
        for (Page page : repo.pages()) {
            List<GeneratedTables.Region> regions = GeneratedTables.regions(page);
            if (regions.isEmpty()) {
                continue;
            }
            List<String> lines = new ArrayList<>(page.lines());
            int shift = 0;
            for (GeneratedTables.Region region : regions) {
                String where = page.name() + ":" + region.beginLine() + ": generated " + region.table() + " table";
                if (region.current() == null) {
                    problems.add(where + ": no closing " + GeneratedTables.end(region.table()));
                    continue;
                }
                Optional<String> table = GeneratedTables.render(region.table());
                if (table.isEmpty()) {
                    problems.add(where + ": its source (" + String.join(" or ", GeneratedTables.SPRING_METADATA)
                            + ") is on no jar of docs-check's class path; add the module that ships it to"
                            + " docs-check/pom.xml as a test dependency (exclusions *:*, as kvconfig-quarkus is)");
                    continue;
                }
                if (table.get().equals(region.current())) {
                    continue;
                }
                if (!regenerate) {
                    problems.add(where + ": out of date with the code (a setting or its javadoc changed);"
                            + " regenerate with: " + GeneratedTables.REGENERATE);
                    continue;
                }
                List<String> fresh = table.get().lines().toList();
                int from = region.beginLine() + shift; // the line after BEGIN, 0-based
                int to = region.endLine() - 1 + shift;  // the END line, 0-based
                lines.subList(from, to).clear();
                lines.addAll(from, fresh);
                lines.set(from - 1, GeneratedTables.begin(region.table()));
                shift += fresh.size() - (to - from);
            }
            if (regenerate && !lines.equals(page.lines())) {
                Files.writeString(page.file(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            }
        }
        assertNone(problems, "generated table problem(s)");
    }
}
