package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The side-by-side run: for each latency and vault size, each peer in a fresh child JVM against the same in-process
 * emulator (one vault per size, seeded once), requests counted by the emulator.
 *
 * <p>Per peer and size: start (new JVM: the time until the first vault property resolves, requests by operation), stop,
 * {@value #WARMUPS} unmeasured restarts without injected latency (so the JIT has compiled the start path, as in a JVM
 * that has been running: without them the first restarts share the machine's two cores with the compiler), then
 * {@value #RESTARTS} measured restarts at the run's latency, whose median is the warm figure; one idle refresh, then one secret changed and one more
 * refresh (requests, and whether the new value is served). Before the first measured run, one unmeasured kvconfig run
 * warms the emulator's own JIT, so whichever peer is measured first does not pay for it. Key Vault's {@code updated} has one-second resolution, and kvconfig refetches a
 * secret it read within the second of its last update; the run therefore waits into the next second after each change,
 * so the idle refresh measures the settled case, as it is in production.
 */
final class PeerComparison {

    /** Unmeasured restarts at 0 ms latency before the measured ones. */
    static final int WARMUPS = 5;
    /** Measured restarts per peer run; the median is reported. */
    static final int RESTARTS = 3;

    private final KeyVaultEmulator emulator;
    /** The peers' own jars ({@link Peer#needsJar()}). */
    private final Map<Peer, Path> jars;
    private final Path logDir;
    private final PrintStream progress;

    PeerComparison(KeyVaultEmulator emulator, Map<Peer, Path> jars, Path logDir, PrintStream progress) {
        this.emulator = emulator;
        this.jars = Map.copyOf(jars);
        this.logDir = logDir;
        this.progress = progress;
    }

    static String vaultName(int secrets) {
        return "n" + secrets;
    }

    /** Emulator vaults for these sizes, seeded. */
    static KeyVaultEmulator.Builder vaults(KeyVaultEmulator.Builder builder, List<Integer> sizes) {
        for (int n : sizes) {
            builder.vault(vaultName(n)).seed(vaultName(n), BenchVault.secrets(n));
        }
        return builder;
    }

    List<PeerRun> run(List<Peer> peers, List<Integer> sizes, List<Duration> latencies) throws IOException {
        progress.println("  warming the emulator (one unmeasured run)");
        runOne(Peer.KVCONFIG, sizes.get(0), Duration.ZERO);
        BenchVault.waitPastCurrentSecond();
        List<PeerRun> runs = new ArrayList<>();
        for (Duration latency : latencies) {
            for (int n : sizes) {
                for (Peer peer : peers) {
                    PeerRun r = runOne(peer, n, latency);
                    progress.printf("  %-28s N=%4d L=%2d ms: first property after %7.1f ms (restart %7.1f ms), "
                            + "startup %4d requests, idle refresh %4d, change seen: %s%n", peer.title(), n,
                            latency.toMillis(), r.coldNanos() / 1e6, r.warmNanos() / 1e6,
                            PeerRun.total(r.startupOps()), PeerRun.total(r.idleRefreshOps()), r.changeSeen());
                    runs.add(r);
                }
            }
        }
        emulator.clearFaults();
        return runs;
    }

    PeerRun runOne(Peer peer, int n, Duration latency) throws IOException {
        String vault = vaultName(n);
        emulator.clearFaults();
        if (!latency.isZero()) {
            emulator.faults(vault, Faults.latency(latency));
        }
        Path log = logDir.resolve(peer.id() + "-n" + n + "-l" + latency.toMillis() + ".log");
        try (PeerProcess p = PeerProcess.launch(peer.title(), peer.jvmArgs(emulator, jars.get(peer)),
                peer.mainArgs(emulator, vault), log)) {
            emulator.resetStats();
            PeerProcess.Started cold = p.start();
            Map<String, Long> startupOps = ops(vault);
            p.stop();

            emulator.clearFaults();
            for (int i = 0; i < WARMUPS; i++) {
                p.start();
                p.stop();
            }
            if (!latency.isZero()) {
                emulator.faults(vault, Faults.latency(latency));
            }
            long[] restarts = new long[RESTARTS];
            for (int i = 0; i < RESTARTS; i++) {
                if (i > 0) {
                    p.stop();
                }
                emulator.resetStats();
                restarts[i] = p.start().firstPropertyNanos();
                if (restarts[i] < 0) {
                    throw new IOException(peer.title() + " did not resolve " + BenchVault.PROBE + " on restart; see "
                            + log);
                }
            }
            long warm = median(restarts);

            emulator.resetStats();
            long idleNanos = p.refresh();
            Map<String, Long> idleOps = ops(vault);

            String newValue = BenchVault.value(new SplittableRandom(System.nanoTime()));
            emulator.setSecret(vault, BenchVault.PROBE, newValue);
            emulator.resetStats();
            long changeNanos = p.refresh();
            Map<String, Long> changeOps = ops(vault);
            boolean seen = p.value().equals(PeerProcess.fingerprint(newValue));
            p.stop();
            BenchVault.waitPastCurrentSecond();
            if (cold.firstPropertyNanos() < 0) {
                throw new IOException(peer.title() + " did not resolve " + BenchVault.PROBE + " at startup; see " + log);
            }
            return new PeerRun(peer, n, latency, cold.firstPropertyNanos(), warm, startupOps,
                    idleOps, idleNanos, changeOps, changeNanos, seen);
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private Map<String, Long> ops(String vault) {
        return new TreeMap<>(emulator.stats().vault(vault).operations());
    }
}
