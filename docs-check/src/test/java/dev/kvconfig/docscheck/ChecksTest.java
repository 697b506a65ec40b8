package dev.kvconfig.docscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks themselves, on small made-up pages: each finds what it is there to find, and says where. */
class ChecksTest {
    @TempDir
    Path root;

    @Test
    void slug_headingsWithCodePunctuationAndArrows_matchGitHubAndTheSite() {
        assertThat(Page.slug("Config source (`kvconfig-source`)")).isEqualTo("config-source-kvconfig-source");
        assertThat(Page.slug("Coverage (REST operation → supported)")).isEqualTo("coverage-rest-operation--supported");
        assertThat(Page.slug("Admin API (plain HTTP, 127.0.0.1 only)")).isEqualTo("admin-api-plain-http-127001-only");
        assertThat(Page.slug("Keys: `${keyvault-key::…}`")).isEqualTo("keys-keyvault-key");
    }

    @Test
    void links_missingFileAndAnchor_areReportedWithFileLineAndWhatExists() throws IOException {
        write("docs/a.md", "# A\n\n## Real heading\n\ntext\n");
        write("README.md", "# R\n\nsee [a](docs/a.md#real-heading) and\n[b](docs/b.md), [c](docs/a.md#no-such)\n"
                + "`[not a link](x.md)`\n```\n[nor](y.md)\n```\n");
        Repo repo = new Repo(root);

        List<String> problems = LinkCheck.links(repo, repo.pages());

        assertThat(problems).containsExactly(
                "README.md:4: link (docs/b.md): no file docs/b.md; docs/ has: a.md",
                "README.md:4: link (docs/a.md#no-such): no heading with anchor #no-such in docs/a.md; its anchors: a,"
                        + " real-heading");
    }

    @Test
    void nav_pageMissingFromIt_isReportedWithTheLineToAdd() throws IOException {
        write("docs/index.md", "# I\n");
        write("docs/extra.md", "# E\n");
        write("mkdocs.yml", "site_name: x\nnav:\n  - Home: index.md\n  - Gone: gone.md\ntheme: material\n");

        List<String> problems = LinkCheck.nav(new Repo(root));

        assertThat(problems).containsExactly("mkdocs.yml:4: nav entry gone.md: no file docs/gone.md",
                "docs/extra.md: not in mkdocs.yml's nav, so the site has no way to it; add `- Title: extra.md` under nav:");
    }

    @Test
    void keys_typoInACodeBlock_isReportedWithTheNearestDeclaredKey() {
        Page page = Page.of("docs/x.md", "# X\n\n```properties\nkeyvault.refresh.intervall=5m\n"
                + "keyvault.vaults.payments.url=https://p/\nkeyvault.tags.team=orders\napp.x=${keyvault.ref.db-password}\n"
                + "keyvault.retry.maxRetries=2\nkeyvault.refresh.soon=1\n```\n<!-- docs-check: not-a-setting keyvault.refresh.soon -->\n");
        DeclaredKeys none = DeclaredKeys.micronaut(Repo.current());

        List<String> problems = CodeCheck.keys(CodeCheck.code(List.of(page)), DeclaredKeys.core(), none,
                DeclaredKeys.quarkus());

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("docs/x.md:4: keyvault.refresh.intervall is not a setting the code declares")
                .contains("; nearest: keyvault.refresh.interval (");
    }

    @Test
    void bootstrap_unknownSubcommandAndOption_areReportedWithWhatExists() {
        Page page = Page.of("docs/x.md", "```bash\nkvb vault creat kv-orders\nkvb --output json secrets list kv-orders"
                + " --prefixx a\nkvb plan -f kvconfig.yaml --output json   # fine\n```\n");

        List<String> problems = Commands.bootstrap(CodeCheck.code(List.of(page)));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("docs/x.md:2: `kvconfig-bootstrap vault creat`: no subcommand creat of"
                + " kvconfig-bootstrap vault; it has: ").contains("create");
        assertThat(problems.get(1)).startsWith("docs/x.md:3: `kvconfig-bootstrap secrets list --prefixx`:"
                + " kvconfig-bootstrap secrets list has no option --prefixx");
    }

    private void write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
