package dev.kvconfig.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file, read the way GitHub and the docs site (MkDocs with a GitHub-style slug) read it: fenced code
 * blocks, inline code spans, links and heading anchors, each with its 1-based line number.
 */
final class Page {
    private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([\\w+-]*).*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at the first space (a title may follow). */
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern SLUG_DROP = Pattern.compile("[^\\w\\- ]", Pattern.UNICODE_CHARACTER_CLASS);

    /** A fenced code block: its info-string language and its lines (without the fences). */
    record CodeBlock(String language, int firstLine, List<String> lines) {
    }

    /** A piece of text with the line it starts on. */
    record Located(int line, String text) {
    }

    private final Path file;
    private final String name;
    private final List<String> lines;
    private final List<CodeBlock> codeBlocks = new ArrayList<>();
    private final List<Located> inlineCode = new ArrayList<>();
    private final List<Located> links = new ArrayList<>();
    private final Map<String, Integer> anchors = new HashMap<>();
    private final Set<String> anchorOrder = new LinkedHashSet<>();

    private Page(Path file, String name, List<String> lines) {
        this.file = file;
        this.name = name;
        this.lines = List.copyOf(lines);
        parse();
    }

    /** Reads {@code file}; {@code name} is how messages call it (its path from the repository root). */
    static Page read(Path file, String name) {
        try {
            return new Page(file, name, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Page of(String name, String text) {
        return new Page(Path.of(name), name, text.lines().toList());
    }

    Path file() {
        return file;
    }

    String name() {
        return name;
    }

    List<String> lines() {
        return lines;
    }

    List<CodeBlock> codeBlocks() {
        return codeBlocks;
    }

    List<Located> inlineCode() {
        return inlineCode;
    }

    /** Link targets outside code, as written ({@code ../x.md#a}, {@code #a}, {@code https://…}). */
    List<Located> links() {
        return links;
    }

    boolean hasAnchor(String anchor) {
        return anchors.containsKey(anchor);
    }

    /** Every anchor, in page order (repeated headings with GitHub's {@code -1}, {@code -2} suffixes). */
    Set<String> anchors() {
        return anchorOrder;
    }

    /**
     * The anchor GitHub gives a heading, which the site's {@code pymdownx.slugs.slugify(case=lower)} reproduces: markup
     * removed, lower case, every character but letters, digits, {@code _}, {@code -} and spaces dropped, each space
     * a dash (no collapsing).
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link's text only
                .replace("`", "").replace("*", "").replaceAll("<[^>]*>", "").strip();
        return SLUG_DROP.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    private void parse() {
        String fence = null;
        String language = null;
        int blockStart = 0;
        List<String> block = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (fence == null && f.matches()) {
                fence = f.group(1);
                language = f.group(2);
                blockStart = i + 2;
                block = new ArrayList<>();
                continue;
            }
            if (fence != null) {
                if (line.strip().startsWith(fence) && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    codeBlocks.add(new CodeBlock(language, blockStart, List.copyOf(block)));
                    fence = null;
                } else {
                    block.add(line);
                }
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                addAnchor(slug(h.group(2)));
            }
            Matcher code = INLINE_CODE.matcher(line);
            while (code.find()) {
                inlineCode.add(new Located(i + 1, code.group(2).strip()));
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Located(i + 1, link.group(2)));
            }
        }
    }

    private void addAnchor(String slug) {
        Integer seen = anchors.get(slug);
        String anchor = seen == null ? slug : slug + "-" + seen;
        anchors.put(slug, seen == null ? 1 : seen + 1);
        anchors.putIfAbsent(anchor, 1);
        anchorOrder.add(anchor);
    }
}
