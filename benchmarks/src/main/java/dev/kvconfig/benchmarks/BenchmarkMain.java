package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and writes {@code docs/benchmarks.md} plus {@code docs/benchmarks/*.png}. Run from the
 * repository root after building (see {@link Report#COMMAND}):
 *
 * <pre>
 * java -jar benchmarks/target/kvconfig-benchmarks.jar all          # everything (the page states how long it took)
 * java -jar benchmarks/target/kvconfig-benchmarks.jar quick        # N=100 only, short JMH: a smoke run into target/
 * java -jar benchmarks/target/kvconfig-benchmarks.jar first-start  # the first-start figures only, into target/
 * java -jar benchmarks/target/kvconfig-benchmarks.jar peers        # the peer tables only (core and Spring), into target/
 * java -jar benchmarks/target/kvconfig-benchmarks.jar pool-rotation # the pool-rotation section only, into docs/benchmarks.md
 * </pre>
 *
 * Options: {@code --out DIR} (default {@code docs}; {@code quick}: {@code benchmarks/target/quick}; {@code first-start}:
 * {@code benchmarks/target/first-start}, which writes {@code first-start.md}; {@code peers}:
 * {@code benchmarks/target/peers}), {@code --rounds N} (first-start rounds,
 * default 7; {@code quick}: 3),
 * {@code --spring-peer-jar FILE} (default {@code benchmarks-spring-peer/target/kvconfig-benchmarks-spring-peer.jar}),
 * {@code --starter-peer-jar FILE} (default {@code benchmarks-starter-peer/target/kvconfig-benchmarks-starter-peer.jar}),
 * {@code --spring4-peer-jar FILE} and {@code --starter4-peer-jar FILE} (the same on Boot 4: modules
 * {@code benchmarks-spring4-peer}, {@code benchmarks-starter4-peer}),
 * {@code --sizes 500[,1000]} (the peer comparison at these vault sizes only, e.g. for one figure on a busy machine).
 * Exit code 0 on success, 1 on failure, 2 on bad usage.
 */
public final class BenchmarkMain {

    private static final List<Duration> LATENCIES = List.of(Duration.ZERO, Duration.ofMillis(20));

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // The emulator runs on the JDK's HttpServer, which leaves Nagle's algorithm on: with the client's delayed ACK
        // that adds tens of milliseconds to every small response, more than the latency this benchmark injects. It
        // must be set before the first HttpServer is created (the JDK reads it once).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (args.length == 0 || !List.of("all", "quick", "first-start", "peers", "pool-rotation")
                .contains(args[0])) {
            usage();
            System.exit(2);
        }
        boolean quick = args[0].equals("quick");
        boolean firstStartOnly = args[0].equals("first-start");
        boolean peersOnly = args[0].equals("peers");
        Path out = Path.of(quick ? "benchmarks/target/quick" : firstStartOnly ? "benchmarks/target/first-start"
                : peersOnly ? "benchmarks/target/peers" : "docs");
        Map<Peer, Path> jars = new EnumMap<>(Peer.class);
        for (Peer peer : Peer.values()) {
            if (peer.needsJar()) {
                jars.put(peer, peer.defaultJar());
            }
        }
        List<Integer> sizes = quick ? List.of(100) : List.of(100, 500, 1000);
        int rounds = quick ? 3 : 7;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].matches("--(spring|starter|spring4|starter4)-peer-jar") && i + 1 < args.length) {
                String id = args[i].substring(2, args[i].length() - "-peer-jar".length());
                Peer peer = java.util.Arrays.stream(Peer.values()).filter(p -> p.id().equals(id)).findFirst()
                        .orElseThrow();
                jars.put(peer, Path.of(args[++i]));
            } else if (args[i].equals("--sizes") && i + 1 < args.length && args[i + 1].matches("[1-9][0-9]*(,[1-9][0-9]*)*")) {
                sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
            } else if (args[i].equals("--rounds") && i + 1 < args.length && args[i + 1].matches("[1-9][0-9]?")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                usage();
                System.exit(2);
            }
        }
        if (args[0].equals("pool-rotation")) {
            try {
                poolRotationOnly(args.length > 2 && args[1].equals("--out") ? Path.of(args[2]) : Path.of("docs"),
                        System.out);
                System.exit(0);
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        }
        try {
            if (firstStartOnly) {
                firstStartOnly(out, jars.get(Peer.SPRING), rounds, System.out);
            } else {
                run(quick, peersOnly, out, jars, sizes, rounds, System.out);
            }
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: java -jar kvconfig-benchmarks.jar all|quick|first-start|peers|pool-rotation [--out DIR] "
                + "[--spring-peer-jar FILE] [--starter-peer-jar FILE] [--spring4-peer-jar FILE] [--starter4-peer-jar FILE] "
                + "[--sizes N[,N…]] [--rounds N]");
    }

    /** The first-start figures alone: the section and its summary rows into {@code out/first-start.md}. */
    static void firstStartOnly(Path out, Path springJar, int rounds, PrintStream progress) throws IOException {
        FirstStart.Result r = firstStart(springJar, rounds, true, progress);
        StringBuilder md = new StringBuilder("# First start\n\n| figure | measured | target |\n|---|---|---|\n");
        FirstStartReport.summaryRows(md, r);
        md.append('\n');
        FirstStartReport.section(md, r);
        Files.createDirectories(out);
        Path file = out.resolve("first-start.md");
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        progress.println(md);
        progress.println("wrote " + file);
    }

    /**
     * The pool-rotation section alone ({@link PoolRotation}, default rotations), spliced into {@code out/benchmarks.md}
     * in place of the one there (before "Lookups" if it has none); the rest of the page is left as its run wrote it.
     */
    static void poolRotationOnly(Path out, PrintStream progress) throws Exception {
        Path file = out.resolve("benchmarks.md");
        String page = Files.readString(file, StandardCharsets.UTF_8);
        String loadBefore = Machine.loadAverage();
        Instant started = Instant.now();
        StringBuilder md = new StringBuilder();
        PoolRotation.section(md, PoolRotation.measure(PoolRotation.DEFAULT_AT_5, PoolRotation.DEFAULT_AT_30, progress));
        String section = md.toString().replace("Alone: `" + PoolRotation.COMMAND + "`", "Alone: `" + POOL_ROTATION_COMMAND
                + "` (it rewrites this section only; run " + started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + ", load average " + loadBefore + " before, " + Machine.loadAverage() + " after)");
        Files.writeString(file, Report.splice(page, section, "## Lookups (JMH)\n"), StandardCharsets.UTF_8);
        progress.println(section);
        progress.println("wrote the pool-rotation section of " + file);
    }

    /** How to rerun the pool-rotation section alone into docs/benchmarks.md. */
    static final String POOL_ROTATION_COMMAND = "./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar "
            + "benchmarks/target/kvconfig-benchmarks.jar pool-rotation";

    private static FirstStart.Result firstStart(Path springJar, int rounds, boolean withSpring, PrintStream progress)
            throws IOException {
        try (KeyVaultEmulator emulator = FirstStart.vaults(KeyVaultEmulator.builder()).start()) {
            return new FirstStart(FirstStart.Paths.defaults(springJar), rounds, withSpring, progress).run(emulator);
        }
    }

    /** Everything ({@code peersOnly}: the peer comparison and the fleet model, nothing else) into {@code out}. */
    static void run(boolean quick, boolean peersOnly, Path out, Map<Peer, Path> jars, List<Integer> sizes, int rounds,
            PrintStream progress)
            throws Exception {
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        List<String> notes = new ArrayList<>();
        List<Peer> peers = new ArrayList<>(List.of(Peer.KVCONFIG));
        for (Peer peer : List.of(Peer.SPRING, Peer.STARTER, Peer.SPRING4, Peer.STARTER4)) {
            if (Files.isRegularFile(jars.get(peer))) {
                peers.add(peer);
            } else {
                notes.add(peer.title() + " was not measured: " + jars.get(peer) + " is missing (build it with the "
                        + "command above).");
            }
        }
        Path charts = out.resolve("benchmarks");
        Path logs = Path.of("benchmarks/target/peer-logs");

        progress.println("[1/7] peers side by side: N " + sizes + ", latency " + LATENCIES);
        List<PeerRun> runs;
        try (KeyVaultEmulator emulator = PeerComparison.vaults(KeyVaultEmulator.builder(), sizes).start()) {
            runs = new PeerComparison(emulator, jars, logs, progress).run(peers, sizes, LATENCIES);
        }
        for (Duration l : LATENCIES) {
            Charts.startup(charts, runs, l, sizes, peers);
        }
        Duration last = LATENCIES.get(LATENCIES.size() - 1);
        Charts.refreshRequests(charts, runs, last, sizes, peers);
        int fleetN = sizes.contains(500) ? 500 : sizes.get(0);
        Map<Peer, Long> cycle = new EnumMap<>(Peer.class);
        for (PeerRun r : runs) {
            if (r.secrets() == fleetN && r.latency().equals(last)) {
                cycle.put(r.peer(), PeerRun.total(r.idleRefreshOps()));
            }
        }
        Optional<FirstStart.Result> firstStart = Optional.empty();
        if (!peersOnly) {
            progress.println("[2/7] first start in a new JVM");
            firstStart = Optional.of(firstStart(jars.get(Peer.SPRING), rounds, !quick, progress));
        }

        progress.println("[3/7] fleet model");
        Charts.fleet(charts, fleetN, peers, Report.fleetIntervals(), cycle);

        Optional<HeapFootprint.Result> heap = Optional.empty();
        Optional<StormStart.Result> storm = Optional.empty();
        List<PoolRotation.Rotation> poolRotations = List.of();
        List<LookupResult> lookups = List.of();
        int warmups = quick ? 1 : 3;
        int measurements = quick ? 2 : 5;
        if (peersOnly) {
            notes.add("A `peers` run: the peer tables and the fleet model only (no first-start, heap, 429 storm, "
                    + "pool-rotation or JMH sections).");
        } else {
            progress.println("[4/7] retained heap");
            heap = Optional.of(HeapFootprint.measure(1000));

            progress.println("[5/7] startup into a 429 storm");
            storm = Optional.of(StormStart.measure(3, progress));

            progress.println("[6/7] pool rotation");
            poolRotations = PoolRotation.measure(quick ? 1 : PoolRotation.DEFAULT_AT_5,
                    quick ? 0 : PoolRotation.DEFAULT_AT_30, progress);

            progress.println("[7/7] JMH lookups");
            lookups = jmh(warmups, measurements);
            Charts.lookups(charts, lookups);
        }
        String jmhSettings = "JMH " + LibraryVersions.jmh() + ", 1 fork, " + warmups + " warm-up and " + measurements
                + " measurement iterations of 1 s each, average time; fewer than JMH's defaults (5 forks, 5 × 10 s) "
                + "to keep a full run short (its duration is at the top of this page): read the ± error before "
                + "trusting a digit.";

        notes.addAll(List.of(
                "The startup and refresh times of the peer tables are single runs, not medians (see the load average "
                        + "under Machine); the first-start section gives medians of interleaved runs; the request "
                        + "counts and class counts are exact and do not depend on load.",
                "Latency is injected by the emulator per request (sleep before answering), the same for every peer; "
                        + "0 ms still leaves loopback TLS and the emulator's own work. The emulator's JDK HttpServer "
                        + "runs with `-Dsun.net.httpserver.nodelay=true` (set by the benchmark): without it, Nagle's "
                        + "algorithm and delayed ACKs added about 25 ms to every sequential request here, more than "
                        + "the injected latency.",
                "kvconfig-source runs with its defaults (max-concurrency 16, refresh interval 5 min) and "
                        + "`keyvault.credential.type=emulator`; " + LibraryVersions.springPeer(jars.get(Peer.SPRING))
                        + " (module `benchmarks-spring-peer`, Spring's BOMs), a `TokenCredential` registered in the bootstrap "
                        + "context, the emulator's trust store as the JVM trust store and "
                        + "`challenge-resource-verification-enabled=false`. The same app and settings run as "
                        + LibraryVersions.springPeer(jars.get(Peer.SPRING4)) + " (module `benchmarks-spring4-peer`, "
                        + "the newest Spring Cloud Azure 7 Maven Central serves here; its BOM is not imported, as it "
                        + "declares a repository of its own).",
                "The kvconfig starters run one app (`benchmarks-starter-peer`) on each Boot line: "
                        + "`kvconfig-spring-boot3-starter` on Spring Boot " + LibraryVersions.inBootJar(jars.get(Peer.STARTER),
                        "spring-boot").orElse("?") + ", `kvconfig-spring-boot-starter` on Spring Boot "
                        + LibraryVersions.inBootJar(jars.get(Peer.STARTER4), "spring-boot").orElse("?")
                        + " (`benchmarks-starter4-peer`), each next to the Spring Cloud Azure of the same Boot.",
                "Spring Cloud Azure loads sequentially: one list page after another, then one `GetSecret` per "
                        + "secret (`KeyVaultOperation.listSecrets`), and every refresh repeats all of it. kvconfig "
                        + "fetches values 16 at a time while listing and, on refresh, fetches only secrets whose "
                        + "`updated` changed.",
                "Key Vault's `updated` has one-second resolution: kvconfig refetches a secret it read within the "
                        + "same second as its last update (a guard against a same-second second version). The run "
                        + "waits into the next second after each change so the idle refresh shows the settled case.",
                "Azure's own MicroProfile source (`com.azure.microprofile:azure-microprofile-config-keyvault` "
                        + "1.0.0-beta.3) is not measured: it builds its client with `DefaultAzureCredential` and the "
                        + "challenge resource check on, with no setting for an HTTP client or trust store, so it cannot "
                        + "reach a localhost emulator without DNS and token-endpoint set-up. Its request pattern (one "
                        + "`GetSecret` per lookup by default) is in the README's comparison table."));
        Machine machine = Machine.now(loadBefore);
        double load = firstLoad(loadBefore);
        if (load > machine.cores()) {
            notes.add(0, String.format(java.util.Locale.ROOT, "This run shared the machine: the 1-minute load average "
                    + "was %.1f at the start on %d cores, so every absolute time is inflated several-fold and the "
                    + "startup ÷ floor ratio says more about the load than about the code. Ratios between peers "
                    + "measured in the same run suffer less than absolute times, and every request count is exact. "
                    + "Rerun on an idle machine for absolute times.", load, machine.cores()));
        }

        Report.Figures figures = new Report.Figures(peers, sizes, LATENCIES, runs, lookups, heap,
                machine, DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).toInstant()),
                Duration.between(started, Instant.now()), jmhSettings, notes, firstStart, storm,
                poolRotations);
        Path md = out.resolve("benchmarks.md");
        Files.createDirectories(out);
        Files.writeString(md, Report.markdown(figures), StandardCharsets.UTF_8);
        progress.println("wrote " + md + " and " + charts + "/*.png");
    }

    private static double firstLoad(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(",")[0].trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static List<LookupResult> jmh(int warmups, int measurements) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(LookupBenchmark.class.getName())
                .forks(1)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurements)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<LookupResult> lookups = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            lookups.add(new LookupResult(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError()));
        }
        return lookups;
    }
}
