package dev.kvconfig.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Relative links and anchors between the pages, and mkdocs.yml's nav. */
final class LinkCheck {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern NAV_ENTRY = Pattern.compile("^\\s*-\\s+(?:(?:\"[^\"]*\"|[^:]+):\\s*)?([\\w./-]+\\.md)\\s*$");

    private LinkCheck() {
    }

    /** One line per broken link: {@code file:line: what is missing (what exists)}. */
    static List<String> links(Repo repo, List<Page> pages) {
        Map<Path, Page> byFile = new HashMap<>();
        pages.forEach(p -> byFile.put(p.file().toAbsolutePath().normalize(), p));
        List<String> problems = new ArrayList<>();
        for (Page page : pages) {
            for (Page.Located link : page.links()) {
                String target = link.text();
                if (SCHEME.matcher(target).find() || target.startsWith("//")) {
                    continue; // http(s), mailto: not checked here (no network)
                }
                String where = page.name() + ":" + link.line() + ": link (" + target + ")";
                int hash = target.indexOf('#');
                String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                if (path.startsWith("/")) {
                    problems.add(where + ": absolute path; write it relative to " + page.name()
                            + " so it works on GitHub and on the site");
                    continue;
                }
                Path file = path.isEmpty() ? page.file().toAbsolutePath().normalize()
                        : page.file().toAbsolutePath().getParent().resolve(path).normalize();
                if (!file.startsWith(repo.root())) {
                    problems.add(where + ": points outside the repository (" + file + ")");
                    continue;
                }
                if (!Files.exists(file)) {
                    problems.add(where + ": no file " + repo.name(file) + nearby(repo, file));
                    continue;
                }
                if (anchor == null || anchor.isEmpty() || !file.toString().endsWith(".md")) {
                    continue;
                }
                Page linked = byFile.computeIfAbsent(file, f -> Page.read(f, repo.name(f)));
                if (!linked.hasAnchor(anchor)) {
                    problems.add(where + ": no heading with anchor #" + anchor + " in " + linked.name()
                            + "; its anchors: " + String.join(", ", linked.anchors()));
                }
            }
        }
        return problems;
    }

    /** mkdocs.yml's nav names existing pages, and every page under docs/ is in it. */
    static List<String> nav(Repo repo) {
        Path mkdocs = repo.root().resolve("mkdocs.yml");
        List<String> lines;
        try {
            lines = Files.readAllLines(mkdocs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path docs = repo.root().resolve("docs");
        Set<String> inNav = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        boolean nav = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                nav = line.startsWith("nav:");
                continue;
            }
            Matcher m = NAV_ENTRY.matcher(line);
            if (nav && m.matches()) {
                String page = m.group(1);
                inNav.add(page);
                if (!Files.isRegularFile(docs.resolve(page))) {
                    problems.add("mkdocs.yml:" + (i + 1) + ": nav entry " + page + ": no file docs/" + page);
                }
            }
        }
        for (Path page : repo.docsPages()) {
            String relative = docs.relativize(page).toString().replace('\\', '/');
            if (!inNav.contains(relative)) {
                problems.add(repo.name(page) + ": not in mkdocs.yml's nav, so the site has no way to it; add"
                        + " `- Title: " + relative + "` under nav:");
            }
        }
        return problems;
    }

    /** The files next to a missing one, to make a typo obvious. */
    private static String nearby(Repo repo, Path missing) {
        Path dir = missing.getParent();
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return "";
        }
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : ""))
                    .sorted().limit(25).toList();
            return "; " + repo.name(dir) + "/ has: " + String.join(", ", names);
        } catch (IOException e) {
            return "";
        }
    }
}
