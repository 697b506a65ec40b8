package dev.kvconfig.docscheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the pages' code (fenced blocks and inline code) names: setting keys, jars, commands, flags. */
final class CodeCheck {
    /**
     * A setting key: {@code keyvault.} or {@code quarkus.keyvault.} not preceded by a name character (so neither
     * {@code spring.cloud.azure.keyvault.…} nor {@code ${keyvault::…}} count), segments of key characters, quoted
     * map keys or placeholders.
     */
    private static final Pattern KEY = Pattern.compile(
            "(?<![\\w.$/\"-])((?:quarkus\\.)?keyvault\\.(?:[A-Za-z0-9_*-]+|\"[^\"]*\"|<[^>]+>)?(?:\\.(?:[A-Za-z0-9_*-]+|\"[^\"]*\"|<[^>]+>)?)*)");
    /** Micronaut placeholders are references, not settings. */
    private static final Pattern REFERENCE = Pattern.compile("^keyvault\\.(ref|key-ref|cert-ref)(\\.|$)");
    /** {@code <!-- docs-check: not-a-setting keyvault.refresh.intervall -->}: a page's deliberate wrong keys. */
    private static final Pattern NOT_A_SETTING = Pattern.compile("<!--\\s*docs-check:\\s*not-a-setting\\s+(.+?)\\s*-->");
    private static final Pattern JAVA_JAR = Pattern.compile("java\\s+(?:-D\\S+\\s+)*(?:-jar|-cp|-classpath)\\s+(\\S+\\.jar)");

    /** A line of code with where it comes from. */
    record CodeLine(String page, int line, String text, Set<String> notSettings) {
        String where() {
            return page + ":" + line;
        }
    }

    private CodeCheck() {
    }

    /** Every line of every fenced block, and every inline code span, of the pages. */
    static List<CodeLine> code(List<Page> pages) {
        List<CodeLine> lines = new ArrayList<>();
        for (Page page : pages) {
            Set<String> notSettings = new HashSet<>();
            for (String line : page.lines()) {
                Matcher m = NOT_A_SETTING.matcher(line);
                while (m.find()) {
                    notSettings.addAll(List.of(m.group(1).strip().split("\\s+")));
                }
            }
            for (Page.CodeBlock block : page.codeBlocks()) {
                for (int i = 0; i < block.lines().size(); i++) {
                    lines.add(new CodeLine(page.name(), block.firstLine() + i, block.lines().get(i), notSettings));
                }
            }
            for (Page.Located span : page.inlineCode()) {
                lines.add(new CodeLine(page.name(), span.line(), span.text(), notSettings));
            }
        }
        return lines;
    }

    /**
     * Keys the code names that none of {@code declared} declares. {@code core} judges {@code keyvault.*},
     * {@code quarkus} judges {@code quarkus.keyvault.*}; {@code micronaut} adds the Micronaut-only switches.
     */
    static List<String> keys(List<CodeLine> code, DeclaredKeys core, DeclaredKeys micronaut, DeclaredKeys quarkus) {
        List<String> problems = new ArrayList<>();
        for (CodeLine line : code) {
            Matcher m = KEY.matcher(line.text());
            while (m.find()) {
                String key = m.group(1).replaceAll("\\.$", "");
                if (REFERENCE.matcher(key).find() || key.equals("keyvault") || key.equals("quarkus.keyvault")
                        || line.notSettings().contains(key)) {
                    continue;
                }
                boolean isQuarkus = key.startsWith("quarkus.");
                boolean ok = isQuarkus ? quarkus.declares(key) : core.declares(key) || micronaut.declares(key);
                if (!ok) {
                    DeclaredKeys judge = isQuarkus ? quarkus : core;
                    problems.add(line.where() + ": " + key + " is not a setting the code declares (checked against "
                            + judge.origin() + (isQuarkus ? "" : " and " + micronaut.origin()) + "); nearest: "
                            + judge.closest(key) + " (a page that shows it as wrong input on purpose says so with"
                            + " <!-- docs-check: not-a-setting " + key + " -->)");
                }
            }
        }
        return problems;
    }

    /** {@code java -jar PATH.jar} (or {@code -cp PATH.jar}) where no module builds PATH (a path from the root, or the tail of one). */
    static List<String> jars(List<CodeLine> code, Set<String> builtJars) {
        List<String> problems = new ArrayList<>();
        for (CodeLine line : code) {
            Matcher m = JAVA_JAR.matcher(line.text());
            while (m.find()) {
                String jar = m.group(1).replaceFirst("^\\./", "");
                boolean built = builtJars.stream().anyMatch(b -> b.equals(jar) || b.endsWith("/" + jar));
                if (!built) {
                    problems.add(line.where() + ": java -jar " + jar + ": no module builds that jar; built: "
                            + String.join(", ", builtJars));
                }
            }
        }
        return problems;
    }

    /**
     * The arguments after a command in each code line that runs it ({@code kvb plan -f x}, {@code java -jar
     * bootstrap/target/kvconfig-bootstrap.jar …}), up to a shell separator or comment; {@code [}/{@code ]} of
     * optional parts dropped.
     */
    static List<Invocation> invocations(List<CodeLine> code, Pattern command) {
        List<Invocation> found = new ArrayList<>();
        for (CodeLine line : code) {
            Matcher m = command.matcher(line.text());
            while (m.find()) {
                String rest = line.text().substring(m.end());
                rest = rest.split("\\s(?:#|&&|\\|\\||;|>|\\|)\\s?|\\s#|\\s→|\\s\\(|`", 2)[0];
                List<String> args = new ArrayList<>();
                for (String token : rest.replace("[", " ").replace("]", " ").replace("\\|", "|").strip().split("\\s+")) {
                    if (!token.isEmpty() && !token.equals("\\")) {
                        args.add(token);
                    }
                }
                found.add(new Invocation(line, args));
            }
        }
        return found;
    }

    /** One run of a command as a page writes it. */
    record Invocation(CodeLine line, List<String> args) {
    }
}
