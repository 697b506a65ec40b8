package dev.kvconfig.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage and bad input: all refused before any call (no emulator, no Azure needed). */
class KvconfigBootstrapTest {
    @TempDir
    Path dir;

    @Test
    void execute_noCommand_isUsageError() {
        Cli.Result result = Cli.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing a command").contains("Usage: kvconfig-bootstrap");
    }

    @Test
    void version_printsTheBuildsProjectVersion() {
        String expected = System.getProperty("kvconfig.expected-version");
        assertThat(expected).as("set by bootstrap/pom.xml from ${project.version}").isNotBlank();
        Cli.Result result = Cli.run("--version");
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out().strip()).isEqualTo("kvconfig-bootstrap " + expected);
    }

    @Test
    void help_everyCommand_printsUsageAndExits0() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new KvconfigBootstrap()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isEqualTo(0);
            assertThat(result.out()).as(String.join(" ", args)).startsWith("Usage: kvconfig-bootstrap");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().userObject() instanceof CommandLine.HelpCommand
                    || !sub.getKey().equals(sub.getValue().getCommandName())) {
                continue; // picocli's own help command, or an alias of a command already visited
            }
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            paths.add(next);
            collect(sub.getValue(), next, paths);
        }
    }

    @Test
    void execute_unknownOption_isUsageError() {
        assertThat(Cli.run("plan", "-f", "x.yaml", "--frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void vaultCreate_invalidName_isRefusedBeforeAnyCallWithTheRule() {
        Cli.Result result = Cli.run("vault", "create", "kv--orders", "-g", "rg", "-l", "westeurope");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("invalid vault name 'kv--orders'").contains(NameRules.VAULT_RULE).contains("fix:");
    }

    @Test
    void vaultCheckName_tooShort_isRefusedBeforeAnyCall() {
        Cli.Result result = Cli.run("--emulator-info", dir.resolve("missing.json").toString(), "vault", "check-name", "kv");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("invalid vault name 'kv'");
    }

    @Test
    void vaultPurge_withoutYes_isRefused() {
        Cli.Result result = Cli.run("vault", "purge", "kv-orders");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("refused without --yes").contains("vault purge kv-orders --yes");
    }

    @Test
    void globalOptions_beforeOrAfterSubcommand_areAccepted() {
        assertThat(Cli.run("--output", "json", "vault", "purge", "kv-orders").exitCode()).isEqualTo(2);
        assertThat(Cli.run("vault", "purge", "kv-orders", "--output", "json").err()).contains("refused without --yes");
        assertThat(Cli.run("vault", "purge", "kv-orders", "--output", "yaml").err()).contains("--output");
    }

    @Test
    void plan_malformedSpec_namesLineAndKey() throws IOException {
        Path spec = Files.writeString(dir.resolve("kvconfig.yaml"),
                "resourceGroup: rg\nlocation: westeurope\nvault:\n  name: kv-orders\n  sku: gold\n");
        Cli.Result result = Cli.run("plan", "-f", spec.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("error: kvconfig.yaml:5: vault.sku: 'gold' is not one of: standard, premium");
    }

    @Test
    void plan_misspeltKey_isReportedAtItsLineWithTheNearKey() throws IOException {
        Path spec = Files.writeString(dir.resolve("kvconfig.yaml"), "subscription: 00000000-0000-0000-0000-000000000000\n"
                + "resourceGroupe: rg-orders\nlocation: westeurope\nvault:\n  name: kv-orders\n");
        Cli.Result result = Cli.run("plan", "-f", spec.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("error: kvconfig.yaml:2: resourceGroupe: unknown key; did you mean resourceGroup?")
                .doesNotContain("missing");
    }

    @Test
    void plan_missingEmulatorInfo_saysHowToGetOne() throws IOException {
        Path spec = Files.writeString(dir.resolve("kvconfig.yaml"),
                "resourceGroup: rg\nlocation: westeurope\nvault:\n  name: kv-orders\n");
        Cli.Result result = Cli.run("plan", "-f", spec.toString(), "--emulator-info", dir.resolve("nope.json").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--emulator-info").contains("does not exist").contains("fix: start the emulator");
    }

    @Test
    void policyGrant_unknownPermission_isRefused() {
        Cli.Result result = Cli.run("policy", "grant", "kv-orders", "--object-id", "11111111-1111-1111-1111-111111111111",
                "--secrets", "get,read");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--secrets: 'read' is not a permission");
    }
}
