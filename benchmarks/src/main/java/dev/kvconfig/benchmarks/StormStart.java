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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A startup into a 429 storm (issue 15): one vault of 200 secrets behind the emulator's throttle of 20 requests per 2 s,
 * and kvconfig-source with its defaults (only the URL, the emulator credential and its trust store are set). Each run
 * builds a config as an application does and reports whether it loaded, how long the build took and what the emulator
 * counted: every request (429s included: the emulator counts a request under its operation before it throttles), the
 * refused ones, and the most requests one throttle window saw. Run from the repository root after building:
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.StormStart [runs, default 3]
 * </pre>
 *
 * Prints a Markdown table; times are single runs on whatever the machine is doing, the counts do not depend on load.
 */
public final class StormStart {

    static final String COMMAND = "java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.StormStart";
    private static final int SECRETS = 200;
    private static final int BUDGET = 20;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final String VAULT = "storm";

    private StormStart() {
    }

    /** One start: loaded or the failure's first line, the build's duration, the emulator's counts. */
    record Run(boolean loaded, String outcome, Duration took, long requests, EmulatorStats.Throttling throttling) {
    }

    public static void main(String[] args) {
        // As in BenchmarkMain: without it the JDK HttpServer's Nagle delays every small response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault(VAULT)
                .seed(VAULT, BenchVault.secrets(SECRETS)).start()) {
            PrintStream out = System.out;
            out.println("| run | outcome | time | requests (429 included) | refused (429) | throttle windows | busiest window |");
            out.println("|---:|---|---:|---:|---:|---:|---:|");
            for (int i = 1; i <= runs; i++) {
                Run r = run(emulator);
                out.printf(Locale.ROOT, "| %d | %s | %s | %d | %d | %d | %d |%n", i, r.outcome(),
                        Report.ms(r.took().toNanos()), r.requests(), r.throttling().refused(),
                        r.throttling().windows(), r.throttling().busiestWindow());
            }
            out.println();
            out.println(SECRETS + " secrets (" + (SECRETS + 24) / 25 + " list pages), throttle " + BUDGET + " requests per "
                    + WINDOW.toSeconds() + " s, kvconfig-source defaults; a window may see at most " + BUDGET
                    + " served requests plus the requests already in flight when the budget ran out.");
        }
    }

    static Run run(KeyVaultEmulator emulator) {
        emulator.clearFaults();
        BenchVault.waitPastCurrentSecond();
        emulator.resetStats();
        // Setting the throttle starts its first window now.
        emulator.faults(VAULT, Faults.throttle(BUDGET, WINDOW));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("keyvault.url", emulator.vaultUrl(VAULT).toString());
        settings.put("keyvault.credential.type", "emulator");
        settings.put("keyvault.tls.trust-store", emulator.trustStore().toString());
        settings.put("keyvault.tls.trust-store-password", emulator.trustStorePassword());
        settings.put("keyvault.tls.trust-store-type", emulator.trustStoreType());
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
