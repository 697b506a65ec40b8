package dev.kvconfig.docscheck;

import static dev.kvconfig.docscheck.Problems.assertNone;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the pages' code blocks and inline code name still exists in the code: setting keys, jars, bootstrap
 * subcommands and options, emulator flags.
 */
class CodeInDocsTest {
    private final Repo repo = Repo.current();
    private final List<CodeCheck.CodeLine> code = CodeCheck.code(repo.pages());

    @Test
    void settingKeys_inCode_areDeclaredByTheModules() {
        assertNone(CodeCheck.keys(code, DeclaredKeys.core(), DeclaredKeys.micronaut(repo), DeclaredKeys.quarkus()),
                "unknown setting key(s)");
    }

    @Test
    void javaJar_inCode_namesAJarSomeModuleBuilds() {
        assertNone(CodeCheck.jars(code, Commands.builtJars(repo)), "unknown jar(s)");
    }

    @Test
    void bootstrapCommands_inCode_areSubcommandsAndOptionsOfTheCli() {
        assertNone(Commands.bootstrap(code), "unknown bootstrap command(s) or option(s)");
    }

    @Test
    void emulatorFlags_inCode_areListedByItsHelp() {
        assertNone(Commands.emulator(code, Commands.emulatorUsage()), "unknown emulator flag(s)");
    }
}
