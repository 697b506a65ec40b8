package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.EmulatorStats;
import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A startup into a 429 storm: one vault of 200 secrets behind the emulator's throttle of 20 requests per 2 s,
 * and kvconfig-source with its defaults (only the URL, the emulator credential and its trust store are set). Each run
 * builds a config as an application does and reports whether it loaded, how long the build took and what the emulator
 * counted: every request (429s included: the emulator counts a request under its operation before it throttles), the
 * refused ones, and the most requests one throttle window saw. Part of {@code all}; alone, from the repository root
 * after building:
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.StormStart [runs, default 3]
 * </pre>
 *
 * Prints the Markdown section {@code all} writes into {@code docs/benchmarks.md}; times are single runs on whatever the
 * machine is doing, the counts do not depend on load.
 */
public final class StormStart {

    static final String COMMAND = "java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.StormStart";
    static final int SECRETS = 200;
    static final int BUDGET = 20;
    static final Duration WINDOW = Duration.ofSeconds(2);
    private static final String VAULT = "storm";
    private StormStart() {
    }

    /** One start: loaded or the failure's first sentence, the build's duration, the emulator's counts. */
    record Run(boolean loaded, String outcome, Duration took, long requests, EmulatorStats.Throttling throttling) {
    }

    /** The runs of one measurement. */
    record Result(List<Run> runs) {
        Result {
            runs = List.copyOf(runs);
        }
    }

    public static void main(String[] args) {
        // As in BenchmarkMain: without it the JDK HttpServer's Nagle delays every small response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        StringBuilder md = new StringBuilder();
        section(md, measure(runs, System.err));
        System.out.print(md);
    }

    /** {@code runs} default-settings starts into the storm, each with a fresh throttle window and counts. */
    static Result measure(int runs, PrintStream progress) {
        List<Run> measured = new ArrayList<>();
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault(VAULT)
                .seed(VAULT, BenchVault.secrets(SECRETS)).start()) {
            for (int i = 1; i <= runs; i++) {
                Run r = run(emulator);
                progress.println("storm start " + i + "/" + runs + ": " + r.outcome() + ", " + Report.ms(r.took().toNanos())
                        + ", " + r.requests() + " requests");
                measured.add(r);
            }
        }
        return new Result(measured);
    }

    static void section(StringBuilder md, Result result) {
        md.append("## Startup into a 429 storm\n\n");
        md.append(SECRETS).append(" secrets (").append((SECRETS + 24) / 25).append(" list pages) behind the emulator's ")
                .append("throttle of ").append(BUDGET).append(" requests per ").append(WINDOW.toSeconds())
                .append(" s (a fixed window; once its budget is served the rest get 429 with `Retry-After` to the ")
                .append("window's end), kvconfig-source with its defaults, a new throttle window and zeroed counts per ")
                .append("run. *Requests* is everything the emulator counted, 429s included (it counts a request under ")
                .append("its operation before it throttles); *busiest window* is the most requests one window saw, served ")
                .append("and refused. The load needs ").append(SECRETS + (SECRETS + 24) / 25 + 1)
                .append(" served requests (pages, values, the SDK's first unauthenticated one); a window can serve ")
                .append(BUDGET).append(", so about ").append((SECRETS + (SECRETS + 24) / 25 + 1 + BUDGET - 1) / BUDGET)
                .append(" windows is the floor. Alone: `").append(COMMAND).append("`. Runs before the throttling changes, ")
                .append("on the code of that time: [benchmark history](internals/benchmark-history.md#startup-into-a-429-storm).\n\n");
        md.append("| run | outcome | time | requests | refused (429) | throttle windows | busiest window |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        int i = 1;
        for (Run r : result.runs()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %d | %d | %d |%n", i++, r.outcome(),
                    Report.ms(r.took().toNanos()), r.requests(), r.throttling().refused(), r.throttling().windows(),
                    r.throttling().busiestWindow()));
        }
        md.append('\n');
    }

    /** The summary row: how the starts ended and what they cost. */
    static void summaryRow(StringBuilder md, Result result) {
        long loaded = result.runs().stream().filter(Run::loaded).count();
        long slowest = result.runs().stream().mapToLong(r -> r.took().toNanos()).max().orElse(0);
        long most = result.runs().stream().mapToLong(Run::requests).max().orElse(0);
        md.append("| startup into a 429 storm (").append(SECRETS).append(" secrets, ").append(BUDGET).append(" per ")
                .append(WINDOW.toSeconds()).append(" s, defaults) | ").append(loaded).append(" of ")
                .append(result.runs().size()).append(" loaded, slowest ").append(Report.ms(slowest)).append(", at most ")
                .append(most).append(" requests | loads |\n");
    }

    static Run run(KeyVaultEmulator emulator) {
        emulator.clearFaults();
        BenchVault.waitPastCurrentSecond();
        emulator.resetStats();
        // Setting the throttle starts its first window now.
        emulator.faults(VAULT, Faults.throttle(BUDGET, WINDOW));
        Map<String, String> settings = emulator.clientSettings(VAULT, "keyvault.");
        long t0 = System.nanoTime();
        boolean loaded;
        String outcome;
        SmallRyeConfig config = null;
        try {
            config = new SmallRyeConfigBuilder()
                    .addDiscoveredSources()
                    .withSources(new PropertiesConfigSource(settings, "storm-settings", 250))
                    .build();
            int served = KeyVaultConfigSource.of(config).get(0).getPropertyNames().size();
            loaded = served == SECRETS;
            outcome = "loaded " + served + " secrets";
        } catch (RuntimeException e) {
            loaded = false;
            String message = String.valueOf(e.getMessage());
            int cut = message.indexOf(". ");
            outcome = "failed: " + (cut > 0 ? message.substring(0, cut) : message).replace('|', '/');
        } finally {
            if (config != null) {
                KeyVaultConfigSource.closeAll(config);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        EmulatorStats.VaultStats stats = emulator.stats().vault(VAULT);
        emulator.clearFaults();
        return new Run(loaded, outcome, took, stats.total(), stats.throttling());
    }
}
