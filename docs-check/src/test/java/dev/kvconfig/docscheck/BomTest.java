package dev.kvconfig.docscheck;

import static dev.kvconfig.docscheck.Problems.assertNone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** kvconfig-bom lists exactly the published artifacts, and each published module inherits the publishing set-up. */
class BomTest {
    private final Repo repo = Repo.current();

    @Test
    void bom_againstTheReactor_listsEveryPublishedJarAndNothingElse() {
        Set<String> listed = new TreeSet<>();
        Element bom = Repo.pom(repo.root().resolve("bom"));
        for (Element dependency : Repo.children(Repo.child(Repo.child(bom, "dependencyManagement"), "dependencies"),
                "dependency")) {
            listed.add(Repo.text(dependency, "artifactId"));
        }
        Set<String> published = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path module : repo.modules()) {
            Element pom = Repo.pom(module);
            String artifactId = Repo.text(pom, "artifactId");
            String packaging = Repo.text(pom, "packaging");
            boolean skipped = "true".equals(Repo.text(pom, "properties", "kvconfig.publish.skip"))
                    || "true".equals(Repo.text(pom, "properties", "maven.deploy.skip"));
            if (skipped || "pom".equals(packaging)) {
                continue;
            }
            String parent = Repo.text(pom, "parent", "groupId") + ":" + Repo.text(pom, "parent", "artifactId");
            if (!parent.startsWith("dev.kvconfig:")) {
                problems.add(repo.name(module) + "/pom.xml: " + artifactId + " is published but its parent is " + parent
                        + ", so it gets no sources/javadoc jars, signing or Central publishing; make kvconfig-parent"
                        + " (or a kvconfig parent) its parent and import the framework's BOM, or set"
                        + " kvconfig.publish.skip=true");
            }
            published.add(artifactId);
        }
        for (String artifactId : published) {
            if (!listed.contains(artifactId)) {
                problems.add("bom/pom.xml: " + artifactId + " is published but not in the BOM's dependencyManagement;"
                        + " add it (groupId dev.kvconfig, version ${project.version})");
            }
        }
        for (String artifactId : listed) {
            if (!published.contains(artifactId)) {
                problems.add("bom/pom.xml: lists " + artifactId + ", which no published module builds (published: "
                        + String.join(", ", published) + ")");
            }
        }
        assertNone(problems, "BOM problem(s)");
    }
}
