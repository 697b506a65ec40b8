package dev.kvconfig.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The repository as the docs see it: its Markdown pages and its Maven modules. */
final class Repo {
    private final Path root;

    Repo(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The repository this build runs in: surefire passes {@code docs.root} (see docs-check/pom.xml). */
    static Repo current() {
        String root = System.getProperty("docs.root");
        if (root == null) {
            throw new IllegalStateException("system property docs.root is not set; run through Maven (docs-check/pom.xml sets it)");
        }
        return new Repo(Path.of(root));
    }

    Path root() {
        return root;
    }

    /** The name a message gives a file: its path from the root, with forward slashes. */
    String name(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** README.md, CONTRIBUTING.md, CHANGELOG.md and every docs/**.md, in a stable order. */
    List<Page> pages() {
        List<Page> pages = new ArrayList<>();
        for (String top : List.of("README.md", "CONTRIBUTING.md", "CHANGELOG.md")) {
            Path file = root.resolve(top);
            if (Files.isRegularFile(file)) {
                pages.add(Page.read(file, top));
            }
        }
        docsPages().forEach(p -> pages.add(Page.read(p, name(p))));
        return pages;
    }

    /** Every Markdown file under docs/, sorted. */
    List<Path> docsPages() {
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every module directory of the reactor, from the root pom's {@code <modules>} down. */
    List<Path> modules() {
        List<Path> modules = new ArrayList<>();
        collect(root, modules);
        return modules;
    }

    private void collect(Path dir, List<Path> into) {
        Element pom = pom(dir);
        for (Element module : children(child(pom, "modules"), "module")) {
            Path moduleDir = dir.resolve(module.getTextContent().strip()).normalize();
            into.add(moduleDir);
            collect(moduleDir, into);
        }
    }

    /** The project element of {@code dir/pom.xml}. */
    static Element pom(Path dir) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(dir.resolve("pom.xml").toFile());
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + dir.resolve("pom.xml") + ": " + e.getMessage(), e);
        }
    }

    /** The first direct child element named {@code name}, or null. */
    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The text of the child at {@code path} (element names), or null. */
    static String text(Element parent, String... path) {
        Element e = parent;
        for (String name : path) {
            e = child(e, name);
        }
        return e == null ? null : e.getTextContent().strip();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    /** Every element named {@code name} anywhere below {@code parent}. */
    static List<Element> descendants(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
