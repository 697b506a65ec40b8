package dev.kvconfig.docscheck;

import static dev.kvconfig.docscheck.Problems.assertNone;

import org.junit.jupiter.api.Test;

/** README.md, CONTRIBUTING.md, CHANGELOG.md and docs/**.md link only to what exists, and the site reaches every page. */
class LinksTest {
    private final Repo repo = Repo.current();

    @Test
    void relativeLinks_inEveryPage_reachAFileAndItsAnchor() {
        assertNone(LinkCheck.links(repo, repo.pages()), "broken link(s)");
    }

    @Test
    void mkdocsNav_againstDocsFolder_listsEveryPageAndOnlyExistingOnes() {
        assertNone(LinkCheck.nav(repo), "nav problem(s)");
    }
}
