package dev.kvconfig.docscheck;

import dev.kvconfig.bootstrap.KvconfigBootstrap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The commands the docs run, as the code defines them: bootstrap's picocli tree, the emulator's flags, the jars. */
final class Commands {
    /** {@code kvb …} (the README's alias), {@code kvconfig-bootstrap …} as the quickstart prints it, or the jar. */
    static final Pattern BOOTSTRAP = Pattern.compile("(?:^|[\\s$`(])(?:kvb|kvconfig-bootstrap|java\\s+-jar\\s+\\S*kvconfig-bootstrap\\.jar)(?=\\s)");
    static final Pattern EMULATOR = Pattern.compile("java\\s+(?:-\\S+\\s+)*-jar\\s+\\S*kvconfig-emulator\\.jar(?=\\s|$)");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");

    private Commands() {
    }

    /** Each bootstrap invocation's subcommands exist and its options belong to the command they follow. */
    static List<String> bootstrap(List<CodeCheck.CodeLine> code) {
        CommandLine root = new CommandLine(new KvconfigBootstrap());
        List<String> problems = new ArrayList<>();
        for (CodeCheck.Invocation run : CodeCheck.invocations(code, BOOTSTRAP)) {
            CommandLine current = root;
            String path = root.getCommandName();
            List<String> args = run.args();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("…") || arg.equals("...") || arg.startsWith("<") && arg.endsWith(">") && i == 0) {
                    break;
                }
                if (arg.startsWith("-") && arg.length() > 1) {
                    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                    OptionSpec option = current.getCommandSpec().findOption(name);
                    if (option == null) {
                        problems.add(run.line().where() + ": `" + path + " " + arg + "`: " + path
                                + " has no option " + name + "; its options: " + options(current.getCommandSpec()));
                        break;
                    }
                    if (!arg.contains("=") && option.arity().max() > 0 && !option.typeInfo().isBoolean()) {
                        i++; // its value
                    }
                    continue;
                }
                if (!current.getSubcommands().isEmpty() && !current.getCommandSpec().positionalParameters().stream()
                        .anyMatch(p -> !p.hidden())) {
                    CommandLine sub = current.getSubcommands().get(arg);
                    if (sub == null) {
                        problems.add(run.line().where() + ": `" + path + " " + arg + "`: no subcommand " + arg + " of "
                                + path + "; it has: " + String.join(", ", current.getSubcommands().keySet()));
                        break;
                    }
                    current = sub;
                    path = path + " " + arg;
                }
            }
        }
        return problems;
    }

    private static String options(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        spec.options().forEach(o -> names.add(o.longestName()));
        return String.join(", ", names);
    }

    /** The emulator CLI's usage text, as {@code --help} prints it. */
    static String emulatorUsage() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Method main = Class.forName("dev.kvconfig.emulator.cli.Main").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {"--help"});
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the emulator CLI's --help", e);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Each {@code --flag} given to the emulator jar is one its {@code --help} lists. */
    static List<String> emulator(List<CodeCheck.CodeLine> code, String usage) {
        Set<String> flags = new TreeSet<>();
        Matcher u = FLAG.matcher(usage);
        while (u.find()) {
            flags.add(u.group(1));
        }
        List<String> problems = new ArrayList<>();
        for (CodeCheck.Invocation run : CodeCheck.invocations(code, EMULATOR)) {
            for (String arg : run.args()) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (name.startsWith("--") && !flags.contains(name)) {
                    problems.add(run.line().where() + ": kvconfig-emulator.jar " + name + ": not a flag of the"
                            + " emulator (its --help lists: " + String.join(", ", flags) + ")");
                }
            }
        }
        return problems;
    }

    /**
     * Every jar a module's build leaves, as a path from the root: {@code <finalName>.jar} (or the default
     * artifactId-version), the shade plugin's {@code outputFile}s, and Quarkus' {@code target/quarkus-app/quarkus-run.jar}.
     */
    static Set<String> builtJars(Repo repo) {
        Set<String> jars = new TreeSet<>();
        String rootVersion = Repo.text(Repo.pom(repo.root()), "version");
        for (Path module : repo.modules()) {
            Element pom = Repo.pom(module);
            String dir = repo.name(module);
            String artifactId = Repo.text(pom, "artifactId");
            String packaging = Repo.text(pom, "packaging");
            if (packaging != null && !packaging.equals("jar")) {
                continue;
            }
            String finalName = Repo.text(pom, "build", "finalName");
            String version = Repo.text(pom, "version") != null ? Repo.text(pom, "version") : rootVersion;
            jars.add(dir + "/target/" + (finalName != null ? expand(finalName, artifactId, version)
                    : artifactId + "-" + version) + ".jar");
            for (Element output : Repo.descendants(pom, "outputFile")) {
                jars.add(dir + "/" + expand(output.getTextContent().strip(), artifactId, version)
                        .replace("${project.build.directory}", "target"));
            }
            boolean quarkusApp = Repo.descendants(pom, "artifactId").stream()
                    .anyMatch(a -> a.getTextContent().strip().equals("quarkus-maven-plugin"));
            if (quarkusApp && Files.isDirectory(module.resolve("src/main/java"))) {
                jars.add(dir + "/target/quarkus-app/quarkus-run.jar");
            }
        }
        return jars;
    }

    private static String expand(String text, String artifactId, String version) {
        return text.replace("${project.artifactId}", artifactId).replace("${project.version}", version);
    }
}
