package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13's levers outside the code, each a variant of the core's first start ({@link FirstStartApp} in a new JVM,
 * N = {@value FirstStart#SECRETS}, L = 20 ms, the settings of {@link FirstStart}): fewer requests in flight
 * ({@code keyvault.max-concurrency} 1 and 4, so fewer connections and TLS handshakes than the default 16), and the JIT
 * limited to its first tier ({@code -XX:TieredStopAtLevel=1}). The variants run interleaved after one unmeasured
 * start; the table gives medians. Not part of {@code all}; from the repository root after building:
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.FirstStartVariants [rounds, default 7]
 * </pre>
 *
 * Prints a Markdown table; its figures are in docs/internals/config-source.md ("First start").
 */
public final class FirstStartVariants {

    static final String COMMAND = "java -cp benchmarks/target/kvconfig-benchmarks.jar "
            + "dev.kvconfig.benchmarks.FirstStartVariants";

    /** A variant: JVM options before the class path, and kvconfig settings on top of the emulator's. */
    record Variant(String name, List<String> jvmOptions, Map<String, String> settings) {
        Variant {
            jvmOptions = List.copyOf(jvmOptions);
            settings = Map.copyOf(settings);
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("defaults (max-concurrency 16)", List.of(), Map.of()),
            new Variant("keyvault.max-concurrency=4", List.of(), Map.of("keyvault.max-concurrency", "4")),
            new Variant("keyvault.max-concurrency=1", List.of(), Map.of("keyvault.max-concurrency", "1")),
            new Variant("-XX:TieredStopAtLevel=1 (C1 only)", List.of("-XX:TieredStopAtLevel=1"), Map.of()));

    private FirstStartVariants() {
    }

    public static void main(String[] args) throws IOException {
        // As in BenchmarkMain: the JDK's HttpServer must not delay small responses (Nagle), set before it is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int rounds = 7;
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]?"))) {
            System.err.println("usage: " + COMMAND + " [rounds 1-99, default 7]");
            System.exit(2);
        }
        if (args.length == 1) {
            rounds = Integer.parseInt(args[0]);
        }
        System.out.println(markdown(run(rounds, System.err), rounds));
    }

    static List<FirstStart.Series> run(int rounds, PrintStream progress) throws IOException {
        FirstStart.Paths paths = FirstStart.Paths.defaults(Path.of("unused-spring-peer.jar"));
        Path work = paths.work().resolve("variants");
        Files.createDirectories(work);
        Path log = work.resolve("child.log");
        try (KeyVaultEmulator emulator = FirstStart.vaults(KeyVaultEmulator.builder()).start()) {
            String vault = PeerComparison.vaultName(FirstStart.SECRETS);
            emulator.faults(vault, Faults.latency(FirstStart.LATENCY));
            Map<Variant, List<String>> commands = new LinkedHashMap<>();
            for (Variant v : VARIANTS) {
                Map<String, String> settings = FirstStart.kvconfigSettings(emulator, vault, "");
                settings.putAll(v.settings());
                Path file = work.resolve("variant-" + commands.size() + ".properties");
                FirstStart.writeProperties(file, settings);
                commands.put(v, FirstStart.appCommand(paths.benchmarkJar(), file));
            }
            progress.println("first-start variants: one unmeasured start");
            FirstStart.coreStart(log, commands.get(VARIANTS.get(0)), List.of());
            Map<Variant, List<FirstStart.Sample>> samples = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<Variant, List<String>> c : commands.entrySet()) {
                    FirstStart.Sample s = FirstStart.coreStart(log, c.getValue(), c.getKey().jvmOptions());
                    samples.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(s);
                    progress.printf("round %d/%d %-36s %7.1f ms (process CPU %7.1f ms)%n", r + 1, rounds,
                            c.getKey().name(), s.appNanos() / 1e6, s.processCpuNanos() / 1e6);
                }
            }
            List<FirstStart.Series> series = new ArrayList<>();
            samples.forEach((v, s) -> series.add(new FirstStart.Series(v.name(), s)));
            return series;
        }
    }

    static String markdown(List<FirstStart.Series> series, int rounds) {
        StringBuilder md = new StringBuilder("Core first start, N = " + FirstStart.SECRETS + ", L = "
                + FirstStart.LATENCY.toMillis() + " ms, medians of " + rounds + " interleaved starts (load average "
                + Machine.loadAverage()
                + "); `" + COMMAND + " " + rounds + "`\n\n"
                + "| variant | main() to the value | main thread CPU | process CPU |\n|---|---:|---:|---:|\n");
        for (FirstStart.Series s : series) {
            md.append("| ").append(s.variant()).append(" | ").append(Report.ms(s.medianApp())).append(" (")
                    .append(Report.ms(s.minApp())).append("–").append(Report.ms(s.maxApp())).append(") | ")
                    .append(Report.ms(s.medianMainCpu())).append(" | ").append(Report.ms(s.medianProcessCpu()))
                    .append(" |\n");
        }
        return md.toString();
    }
}
