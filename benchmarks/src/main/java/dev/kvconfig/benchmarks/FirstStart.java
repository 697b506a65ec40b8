package dev.kvconfig.benchmarks;

import dev.kvconfig.emulator.Faults;
import dev.kvconfig.emulator.KeyVaultEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first start of a new JVM: each variant in a JVM of its own, {@link #rounds} times, the variants
 * interleaved (A, B, C, D, A, B, …) so a busy machine slows all of them alike; medians and the spread are reported.
 *
 * <ul>
 * <li><b>Core</b>, N = {@value #SECRETS}, L = 20 ms: {@link FirstStartApp} on a classpath without kvconfig, reading the
 * N values from a properties file, next to the same app with kvconfig, whose file holds only {@code keyvault.*}; each
 * also with an AppCDS archive recorded by one unmeasured run ({@code -XX:ArchiveClassesAtExit}). Overhead = median with
 * − median without. Plus one run per variant with {@code -Xlog:class+load} for the breakdown: classes per library and
 * the phases of the first load, marked by the first class each phase loads.</li>
 * <li><b>Quarkus</b>: the packaged example app with and without the extension (its {@code -Dno-keyvault} build), Quarkus'
 * own {@code started in}, the same two values from {@code config/application.properties} in the working directory;
 * with the archive of {@code quarkus.package.jar.appcds.enabled} when the build made one.</li>
 * <li><b>Spring Cloud Azure</b>, N = {@value #SPRING_SECRETS}, L = 20 ms: the first start of both peers of
 * {@link PeerComparison}, alternated, medians.</li>
 * </ul>
 */
final class FirstStart {

    static final int SECRETS = 100;
    static final int SPRING_SECRETS = 500;
    static final Duration LATENCY = Duration.ofMillis(20);
    static final String QUARKUS_VAULT = "quarkus-example";
    /** The example app's two secrets and their values (not secrets: benchmark data). */
    static final Map<String, String> QUARKUS_SECRETS = Map.of("greeting", "Hello from the benchmark vault",
            "api-key", "benchmark-api-key-not-a-real-one");

    private static final String APP = FirstStartApp.class.getName();
    private static final Pattern STARTED_IN = Pattern.compile("started in (\\d+\\.\\d+)s");

    /** Where the jars, the app builds and the scratch files are. */
    record Paths(Path benchmarkJar, Path plainJar, Path quarkusWith, Path quarkusWithout, Path springJar, Path work) {

        static Paths defaults(Path springJar) {
            Path jar;
            try {
                jar = Path.of(FirstStart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            return new Paths(jar, jar.resolveSibling("kvconfig-benchmarks-plain.jar"),
                    Path.of("examples/quarkus-app/target/quarkus-app"),
                    Path.of("examples/quarkus-app/target/no-keyvault"), springJar,
                    Path.of("benchmarks/target/first-start"));
        }
    }

    /** One start: launch to ready as the driver saw it, the app's own figure, CPU (-1: not measured). */
    record Sample(long wallNanos, long appNanos, long mainCpuNanos, long processCpuNanos) {
    }

    /** A variant's starts, in the order they ran. */
    record Series(String variant, List<Sample> samples) {
        Series {
            samples = List.copyOf(samples);
        }

        long medianApp() {
            return median(samples.stream().mapToLong(Sample::appNanos).toArray());
        }

        long minApp() {
            return samples.stream().mapToLong(Sample::appNanos).min().orElse(0);
        }

        long maxApp() {
            return samples.stream().mapToLong(Sample::appNanos).max().orElse(0);
        }

        long medianWall() {
            return median(samples.stream().mapToLong(Sample::wallNanos).toArray());
        }

        long medianMainCpu() {
            return median(samples.stream().mapToLong(Sample::mainCpuNanos).toArray());
        }

        long medianProcessCpu() {
            return median(samples.stream().mapToLong(Sample::processCpuNanos).toArray());
        }
    }

    /** A phase of the first load: from its first marker class to the next, classes loaded in between. */
    record Phase(String name, long nanos, int classes) {
    }

    /** One variant's class-load log, summarised. */
    record Breakdown(String variant, int classes, long nanosToValue, Map<String, ClassLoadLog.Library> libraries,
            List<Phase> phases) {
    }

    /** Everything one first-start run measured; absent parts were not measured (see notes). */
    record Result(int rounds, List<Series> core, List<Breakdown> breakdowns, List<Series> quarkus,
            Optional<Series> springKvconfig, Optional<Series> spring, List<String> notes) {

        Optional<Series> core(String variant) {
            return core.stream().filter(s -> s.variant().equals(variant)).findFirst();
        }

        Optional<Series> quarkus(String variant) {
            return quarkus.stream().filter(s -> s.variant().equals(variant)).findFirst();
        }
    }

    static final String PLAIN = "without kvconfig";
    static final String KVCONFIG = "kvconfig";
    static final String PLAIN_CDS = "without kvconfig, AppCDS";
    static final String KVCONFIG_CDS = "kvconfig, AppCDS";
    /**
     * The first-start figures on JDK 25, with the JDK's AOT cache: the builds (the Quarkus example also as aot-jar,
     * with and without the extension), then this benchmark alone on JDK 25's {@code java} ({@code JAVA25}).
     */
    static final String JDK25_COMMAND = "./mvnw -B -q -pl benchmarks,examples/quarkus-app -am package -DskipTests && "
            + "./mvnw -B -q -pl examples/quarkus-app package -DskipTests -Dno-keyvault "
            + "-Dquarkus.package.output-directory=no-keyvault && ./mvnw -B -q -pl examples/quarkus-app package "
            + "-DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot-with && "
            + "./mvnw -B -q -pl examples/quarkus-app package -DskipTests -Dno-keyvault -Dquarkus.package.jar.type=aot-jar "
            + "-Dquarkus.package.output-directory=aot-without && "
            + "$JAVA25/bin/java -jar benchmarks/target/kvconfig-benchmarks.jar first-start --rounds 7";

    /** The JDK the README builds with, and so the one Quarkus' build-time archive belongs to. */
    static final int BUILD_JDK = 17;
    static final String PLAIN_AOT = "without kvconfig, JDK AOT cache";
    static final String KVCONFIG_AOT = "kvconfig, JDK AOT cache";
    static final String QUARKUS_PLAIN = "without the extension";
    static final String QUARKUS_EXT = "with the extension";
    static final String QUARKUS_PLAIN_CDS = "without the extension, AppCDS";
    static final String QUARKUS_EXT_CDS = "with the extension, AppCDS";
    static final String QUARKUS_PLAIN_TRAINED = "without the extension, AppCDS from a training start";
    static final String QUARKUS_EXT_TRAINED = "with the extension, AppCDS from a training start";
    static final String QUARKUS_PLAIN_AOT = "without the extension, JDK AOT cache from a training start";
    static final String QUARKUS_EXT_AOT = "with the extension, JDK AOT cache from a training start";

    /**
     * The phases of kvconfig's first load, each starting at the first load of its marker class (in the order the load
     * path reaches them): where one phase's work loads the next phase's marker early, the boundary is approximate.
     */
    static final List<Map.Entry<String, String>> PHASES = List.of(
            Map.entry("JVM start to main()", APP),
            Map.entry("SmallRye Config up to the kvconfig factory", "dev.kvconfig.source.KeyVaultConfigSourceFactory"),
            Map.entry("settings: keyvault.* read and checked", "dev.kvconfig.source.VaultAccess"),
            Map.entry("transport and TLS context (Netty, trust store)",
                    "com.azure.security.keyvault.secrets.SecretClientBuilder"),
            Map.entry("credential and SDK client (azure-core pipeline, Jackson)", "dev.kvconfig.source.SecretLoader"),
            Map.entry("first request assembled (Reactor, REST proxy)", "reactor.netty.transport.TransportConnector"),
            Map.entry("connect, TLS handshake, challenge (401)",
                    "com.azure.core.implementation.http.AuthenticateChallengeParser"),
            Map.entry("token, first list page", "com.azure.security.keyvault.secrets.implementation.models.SecretItem"),
            Map.entry("first value fetched", "com.azure.security.keyvault.secrets.implementation.models.SecretBundle"),
            Map.entry("remaining pages and values", ""));

    private final Paths paths;
    private final PrintStream progress;
    private final int rounds;
    private final boolean withSpring;

    FirstStart(Paths paths, int rounds, boolean withSpring, PrintStream progress) {
        this.paths = paths;
        this.rounds = rounds;
        this.withSpring = withSpring;
        this.progress = progress;
    }

    /** The emulator vaults this benchmark reads, seeded. */
    static KeyVaultEmulator.Builder vaults(KeyVaultEmulator.Builder builder) {
        return builder.vault(PeerComparison.vaultName(SECRETS)).seed(PeerComparison.vaultName(SECRETS),
                        BenchVault.secrets(SECRETS))
                .vault(PeerComparison.vaultName(SPRING_SECRETS)).seed(PeerComparison.vaultName(SPRING_SECRETS),
                        BenchVault.secrets(SPRING_SECRETS))
                .vault(QUARKUS_VAULT).seed(QUARKUS_VAULT, QUARKUS_SECRETS);
    }

    Result run(KeyVaultEmulator emulator) throws IOException {
        List<String> notes = new ArrayList<>();
        Files.createDirectories(paths.work());
        String vault = PeerComparison.vaultName(SECRETS);
        emulator.clearFaults();
        emulator.faults(vault, Faults.latency(LATENCY));
        emulator.faults(PeerComparison.vaultName(SPRING_SECRETS), Faults.latency(LATENCY));

        Path plainSettings = paths.work().resolve("without-kvconfig.properties");
        Path kvSettings = paths.work().resolve("kvconfig.properties");
        Map<String, String> values = new LinkedHashMap<>(BenchVault.secrets(SECRETS));
        writeProperties(plainSettings, values);
        writeProperties(kvSettings, kvconfigSettings(emulator, vault, ""));

        Map<String, List<String>> core = new LinkedHashMap<>();
        if (Files.isRegularFile(paths.plainJar())) {
            core.put(PLAIN, appCommand(paths.plainJar(), plainSettings));
        } else {
            notes.add("The app without kvconfig was not measured: " + paths.plainJar() + " is missing.");
        }
        core.put(KVCONFIG, appCommand(paths.benchmarkJar(), kvSettings));

        progress.println("  first start: warming the emulator (one unmeasured run)");
        coreStart(core.get(KVCONFIG), List.of());

        progress.println("  first start: recording AppCDS archives (one unmeasured run each)");
        Map<String, List<String>> withCds = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> v : core.entrySet()) {
            Path archive = paths.work().resolve((v.getKey().equals(PLAIN) ? "without-kvconfig" : "kvconfig") + ".jsa");
            Files.deleteIfExists(archive);
            coreStart(v.getValue(), List.of("-XX:ArchiveClassesAtExit=" + archive));
            if (Files.isRegularFile(archive)) {
                withCds.put(v.getKey().equals(PLAIN) ? PLAIN_CDS : KVCONFIG_CDS,
                        withJvmOptions(v.getValue(), List.of("-XX:SharedArchiveFile=" + archive)));
            } else {
                notes.add("No AppCDS archive was written for " + v.getKey() + " (this JVM may lack a base CDS "
                        + "archive); its AppCDS variant was not measured.");
            }
        }
        Map<String, List<String>> withAot = aotCaches(core, notes);
        core.putAll(withCds);
        core.putAll(withAot);

        Map<String, List<Sample>> coreSamples = new LinkedHashMap<>();
        core.keySet().forEach(k -> coreSamples.put(k, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, List<String>> v : core.entrySet()) {
                Sample s = coreStart(v.getValue(), List.of());
                coreSamples.get(v.getKey()).add(s);
                progress.printf("  first start, round %d/%d, %-26s %7.1f ms (main thread CPU %6.1f ms)%n", r + 1,
                        rounds, v.getKey() + ":", s.appNanos() / 1e6, s.mainCpuNanos() / 1e6);
            }
        }
        List<Series> coreSeries = new ArrayList<>();
        coreSamples.forEach((k, v) -> coreSeries.add(new Series(k, v)));

        progress.println("  first start: class-load breakdown");
        List<Breakdown> breakdowns = new ArrayList<>();
        for (String v : List.of(PLAIN, KVCONFIG)) {
            if (core.containsKey(v)) {
                breakdowns.add(breakdown(v, core.get(v)));
            }
        }

        List<Series> quarkus = quarkus(emulator, breakdowns, notes);

        Optional<Series> springKv = Optional.empty();
        Optional<Series> spring = Optional.empty();
        if (!withSpring) {
            notes.add("Spring Cloud Azure's first start at N = " + SPRING_SECRETS + " was not measured in this run.");
        } else if (!Files.isRegularFile(paths.springJar())) {
            notes.add("Spring Cloud Azure was not measured: " + paths.springJar() + " is missing.");
        } else {
            List<Sample> kv = new ArrayList<>();
            List<Sample> sp = new ArrayList<>();
            int springRounds = Math.max(1, (rounds + 1) / 2);
            for (int r = 0; r < springRounds; r++) {
                kv.add(peerStart(emulator, Peer.KVCONFIG));
                sp.add(peerStart(emulator, Peer.SPRING));
                progress.printf("  first start, N=%d, round %d/%d: kvconfig %7.1f ms, Spring Cloud Azure %7.1f ms%n",
                        SPRING_SECRETS, r + 1, springRounds, kv.get(r).appNanos() / 1e6, sp.get(r).appNanos() / 1e6);
            }
            springKv = Optional.of(new Series(Peer.KVCONFIG.title(), kv));
            spring = Optional.of(new Series(Peer.SPRING.title(), sp));
        }
        emulator.clearFaults();
        return new Result(rounds, coreSeries, breakdowns, quarkus, springKv, spring, notes);
    }

    static Map<String, String> kvconfigSettings(KeyVaultEmulator emulator, String vault, String root) {
        return new LinkedHashMap<>(emulator.clientSettings(vault, root + "keyvault."));
    }

    /**
     * The JDK's ahead-of-time cache (JEP 483, JDK 24; recorded in one step with {@code -XX:AOTCacheOutput}, JEP 514,
     * JDK 25): classes loaded and linked, and with JDK 25 method profiles, from one unmeasured training run of each
     * app, used with {@code -XX:AOTCache}. Measured only when this benchmark runs on JDK 25 or later.
     */
    private Map<String, List<String>> aotCaches(Map<String, List<String>> base, List<String> notes) throws IOException {
        Map<String, List<String>> withAot = new LinkedHashMap<>();
        int feature = Runtime.version().feature();
        if (feature < 25) {
            notes.add("The JDK's AOT cache (JEP 483, 514, 515) was not measured: this run's JVM is Java " + feature
                    + ". With a JDK 25: `" + JDK25_COMMAND + "` (its figures: [config-source]"
                    + "(config-source.md#first-start-in-a-new-jvm), [Quarkus](quarkus.md#startup-cost)).");
            return withAot;
        }
        progress.println("  first start: recording JDK AOT caches (one unmeasured training run each)");
        for (Map.Entry<String, List<String>> v : base.entrySet()) {
            boolean plain = v.getKey().equals(PLAIN);
            Path cache = paths.work().resolve((plain ? "without-kvconfig" : "kvconfig") + ".aot");
            Files.deleteIfExists(cache);
            coreStart(v.getValue(), List.of("-Xlog:disable", "-XX:AOTCacheOutput=" + cache));
            if (Files.isRegularFile(cache)) {
                withAot.put(plain ? PLAIN_AOT : KVCONFIG_AOT,
                        withJvmOptions(v.getValue(), List.of("-XX:AOTCache=" + cache)));
            } else {
                notes.add("No AOT cache was written for " + v.getKey() + "; its AOT variant was not measured.");
            }
        }
        return withAot;
    }

    static List<String> appCommand(Path jar, Path settings) {
        return List.of("-Xmx1g", "-cp", jar.toString(), APP, settings.toString(), BenchVault.PROBE);
    }

    private static List<String> withJvmOptions(List<String> command, List<String> options) {
        List<String> c = new ArrayList<>(options);
        c.addAll(command);
        return c;
    }

    private Sample coreStart(List<String> command, List<String> extraJvmOptions) throws IOException {
        return coreStart(paths.work().resolve("child.log"), command, extraJvmOptions);
    }

    /**
     * One start of {@link FirstStartApp} in a new JVM ({@code command} without the {@code java} executable), its
     * standard error appended to {@code log}.
     */
    static Sample coreStart(Path log, List<String> command, List<String> extraJvmOptions) throws IOException {
        List<String> full = new ArrayList<>();
        full.add(java());
        full.addAll(extraJvmOptions);
        full.addAll(command);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("KVBENCH first ")) {
                    long wall = System.nanoTime() - t0;
                    String[] f = line.substring("KVBENCH first ".length()).trim().split(" ");
                    long app = Long.parseLong(f[0]);
                    if (app < 0) {
                        throw new IOException("the first-start app did not resolve " + BenchVault.PROBE + "; see " + log);
                    }
                    return new Sample(wall, app, Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
            }
        } finally {
            waitFor(p);
        }
        throw new IOException("the first-start app exited without its result (exit " + p.exitValue() + "); see " + log);
    }

    private Breakdown breakdown(String variant, List<String> command) throws IOException {
        Path file = paths.work().resolve((variant.equals(PLAIN) ? "without-kvconfig" : "kvconfig") + "-class-load.log");
        Files.deleteIfExists(file);
        Sample s = coreStart(command, List.of(ClassLoadLog.option(file)));
        ClassLoadLog log = ClassLoadLog.read(file);
        ClassLoadLog.ClassBytes bytes = new ClassLoadLog.ClassBytes();
        long mainAt = log.firstLoad(APP);
        long end = mainAt + s.appNanos();
        Map<String, ClassLoadLog.Library> libraries = log.byLibrary(Long.MIN_VALUE, end, bytes);
        List<Phase> phases = new ArrayList<>();
        if (variant.equals(KVCONFIG)) {
            long from = log.startNanos();
            for (Map.Entry<String, String> phase : PHASES) {
                long to = phase.getValue().isEmpty() ? end : log.firstLoad(phase.getValue());
                if (to < 0) {
                    continue;
                }
                int count = 0;
                for (ClassLoadLog.Loaded c : log.classes()) {
                    if (c.nanos() >= from && c.nanos() < to) {
                        count++;
                    }
                }
                phases.add(new Phase(phase.getKey(), Math.max(0, to - from), count));
                from = Math.max(from, to);
            }
        }
        int total = 0;
        for (ClassLoadLog.Loaded c : log.classes()) {
            if (c.nanos() <= end) {
                total++;
            }
        }
        return new Breakdown(variant, total, s.appNanos(), libraries, phases);
    }

    private List<Series> quarkus(KeyVaultEmulator emulator, List<Breakdown> breakdowns, List<String> notes)
            throws IOException {
        if (!Files.isRegularFile(paths.quarkusWith().resolve("quarkus-run.jar"))
                || !Files.isRegularFile(paths.quarkusWithout().resolve("quarkus-run.jar"))) {
            notes.add("The Quarkus example was not measured: build both variants with the command above ("
                    + paths.quarkusWith() + ", " + paths.quarkusWithout() + ").");
            return List.of();
        }
        Path withDir = paths.work().resolve("quarkus-with");
        Path withoutDir = paths.work().resolve("quarkus-without");
        Map<String, String> withSettings = kvconfigSettings(emulator, QUARKUS_VAULT, "quarkus.");
        writeProperties(withDir.resolve("config/application.properties"), withSettings);
        Map<String, String> withoutSettings = new LinkedHashMap<>();
        withoutSettings.put("greeting", QUARKUS_SECRETS.get("greeting"));
        withoutSettings.put("app.api-key", QUARKUS_SECRETS.get("api-key"));
        writeProperties(withoutDir.resolve("config/application.properties"), withoutSettings);

        QuarkusVariant without = new QuarkusVariant(paths.quarkusWithout(), withoutDir, List.of());
        QuarkusVariant with = new QuarkusVariant(paths.quarkusWith(), withDir, List.of());
        Map<String, QuarkusVariant> variants = new LinkedHashMap<>();
        variants.put(QUARKUS_PLAIN, without);
        variants.put(QUARKUS_EXT, with);
        if (Runtime.version().feature() != BUILD_JDK) {
            notes.add("Quarkus' build-time AppCDS archive is not measured on Java " + Runtime.version().feature()
                    + ": the build wrote it with Java " + BUILD_JDK + ", and another JVM ignores it.");
        } else if (Files.isRegularFile(paths.quarkusWithout().resolve("app-cds.jsa"))
                && Files.isRegularFile(paths.quarkusWith().resolve("app-cds.jsa"))) {
            variants.put(QUARKUS_PLAIN_CDS, without.withArchive(paths.quarkusWithout().resolve("app-cds.jsa")));
            variants.put(QUARKUS_EXT_CDS, with.withArchive(paths.quarkusWith().resolve("app-cds.jsa")));
        } else {
            notes.add("The Quarkus example has no app-cds.jsa (build it with -Dquarkus.package.jar.appcds.enabled=true): "
                    + "its AppCDS variants were not measured.");
        }
        progress.println("  first start: Quarkus example, AppCDS archives from one training start each");
        Path withoutTrained = paths.work().resolve("quarkus-without-trained.jsa");
        Path withTrained = paths.work().resolve("quarkus-with-trained.jsa");
        if (train(without, withoutTrained) && train(with, withTrained)) {
            variants.put(QUARKUS_PLAIN_TRAINED, without.withArchive(withoutTrained));
            variants.put(QUARKUS_EXT_TRAINED, with.withArchive(withTrained));
        } else {
            notes.add("No AppCDS archive was written by a Quarkus training start: those variants were not measured.");
        }
        if (Runtime.version().feature() >= 25) {
            progress.println("  first start: Quarkus example, JDK AOT caches from one training start each");
            // The aot-jar packaging (quarkus.package.jar.type=aot-jar) loads the application's classes through the
            // JDK's class loader, whose classes the AOT cache can hold; the fast-jar's own class loader it cannot.
            Path aotWith = paths.quarkusWith().resolveSibling("aot-with");
            Path aotWithout = paths.quarkusWith().resolveSibling("aot-without");
            boolean aotJar = Files.isRegularFile(aotWith.resolve("quarkus-run.jar"))
                    && Files.isRegularFile(aotWithout.resolve("quarkus-run.jar"));
            QuarkusVariant withoutForAot = aotJar ? new QuarkusVariant(aotWithout, withoutDir, List.of()) : without;
            QuarkusVariant withForAot = aotJar ? new QuarkusVariant(aotWith, withDir, List.of()) : with;
            if (!aotJar) {
                notes.add("The Quarkus example's aot-jar builds are missing (" + aotWith + ", " + aotWithout
                        + "): its JDK AOT cache variants ran the fast-jar, whose classes the cache cannot hold.");
            }
            Path withoutAot = paths.work().resolve("quarkus-without-trained.aot");
            Path withAot = paths.work().resolve("quarkus-with-trained.aot");
            if (trainAot(withoutForAot, withoutAot) && trainAot(withForAot, withAot)) {
                variants.put(QUARKUS_PLAIN_AOT, withoutForAot.withAotCache(withoutAot));
                variants.put(QUARKUS_EXT_AOT, withForAot.withAotCache(withAot));
            } else {
                notes.add("No AOT cache was written by a Quarkus training start: those variants were not measured.");
            }
        }
        progress.println("  first start: Quarkus example, class-load logs (one start each)");
        breakdowns.add(quarkusBreakdown(QUARKUS_PLAIN, without));
        breakdowns.add(quarkusBreakdown(QUARKUS_EXT, with));
        progress.println("  first start: Quarkus example (one unmeasured start each)");
        for (QuarkusVariant v : variants.values()) {
            quarkusStart(v, List.of());
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        variants.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, QuarkusVariant> v : variants.entrySet()) {
                Sample s = quarkusStart(v.getValue(), List.of());
                samples.get(v.getKey()).add(s);
                progress.printf("  Quarkus, round %d/%d, %-46s started in %.3f s%n", r + 1, rounds, v.getKey() + ":",
                        s.appNanos() / 1e9);
            }
        }
        List<Series> series = new ArrayList<>();
        samples.forEach((k, v) -> series.add(new Series(k, v)));
        return series;
    }

    /**
     * A packaged Quarkus app, the working directory holding its {@code config/application.properties}, and JVM options
     * (an AppCDS archive).
     */
    private record QuarkusVariant(Path app, Path workingDir, List<String> jvmOptions) {
        QuarkusVariant withArchive(Path archive) {
            return new QuarkusVariant(app, workingDir, List.of("-XX:SharedArchiveFile=" + archive.toAbsolutePath()));
        }

        QuarkusVariant withAotCache(Path cache) {
            return new QuarkusVariant(app, workingDir, List.of("-XX:AOTCache=" + cache.toAbsolutePath()));
        }
    }

    /**
     * One full start, stopped right after {@code started in}, with {@code -XX:ArchiveClassesAtExit}: the JVM writes the
     * archive as it exits on SIGTERM. Unlike {@code quarkus.package.jar.appcds.enabled}, whose build-time start stops
     * after static init, it includes what runtime init loads, the config sources among it. True if it wrote one.
     */
    private boolean train(QuarkusVariant v, Path archive) throws IOException {
        Files.deleteIfExists(archive);
        quarkusStart(v, List.of("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath()));
        return Files.isRegularFile(archive);
    }

    /** As {@link #train}, with the JDK's AOT cache (JDK 25: {@code -XX:AOTCacheOutput}, written as the JVM exits). */
    private boolean trainAot(QuarkusVariant v, Path cache) throws IOException {
        Files.deleteIfExists(cache);
        // -Xlog:disable: the training JVM logs thousands of "Skipping …" warnings to stdout, which is not read after
        // `started in`; a full pipe would block it before it writes the cache.
        quarkusStart(v, List.of("-Xlog:disable", "-XX:AOTCacheOutput=" + cache.toAbsolutePath()));
        return Files.isRegularFile(cache);
    }

    /** Classes per library loaded up to the moment the app, stopped right after {@code started in}, exited. */
    private Breakdown quarkusBreakdown(String variant, QuarkusVariant v) throws IOException {
        Path file = paths.work().resolve((variant.equals(QUARKUS_PLAIN) ? "quarkus-without" : "quarkus-with")
                + "-class-load.log").toAbsolutePath();
        Files.deleteIfExists(file);
        Sample s = quarkusStart(v, List.of(ClassLoadLog.option(file)));
        ClassLoadLog log = ClassLoadLog.read(file);
        return new Breakdown(variant, log.size(), s.appNanos(),
                log.byLibrary(Long.MIN_VALUE, Long.MAX_VALUE, new ClassLoadLog.ClassBytes()), List.of());
    }

    private Sample quarkusStart(QuarkusVariant v, List<String> extraJvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g", "-Dquarkus.http.port=0"));
        command.addAll(v.jvmOptions());
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-jar", v.app().toAbsolutePath().resolve("quarkus-run.jar").toString()));
        Path log = paths.work().resolve("quarkus.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(v.workingDir().toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                Matcher m = STARTED_IN.matcher(line);
                if (m.find()) {
                    long wall = System.nanoTime() - t0;
                    long started = Math.round(Double.parseDouble(m.group(1)) * 1e9);
                    long cpu = FirstStartApp.processCpu(Path.of("/proc", Long.toString(p.pid()), "task"));
                    // Stop it, and read its output until the JVM and any child it starts are gone: writing an archive
                    // at exit takes a few seconds, and the JDK's AOT cache is assembled by a child JVM that dies if
                    // its output pipe is closed under it (Process.destroy() would close it: signal through the handle).
                    p.toHandle().destroy();
                    for (String rest = out.readLine(); rest != null; rest = out.readLine()) {
                        Files.writeString(log, rest + System.lineSeparator(), StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                    return new Sample(wall, started, -1, cpu);
                }
            }
        } finally {
            p.destroy();
            waitFor(p);
        }
        throw new IOException("the Quarkus example exited before it started (exit " + p.exitValue() + "); see " + log);
    }

    private Sample peerStart(KeyVaultEmulator emulator, Peer peer) throws IOException {
        String vault = PeerComparison.vaultName(SPRING_SECRETS);
        Path log = paths.work().resolve(peer.id() + "-first-start.log");
        try (PeerProcess p = PeerProcess.launch(peer.title(), peer.jvmArgs(emulator, paths.springJar()),
                peer.mainArgs(emulator, vault), log)) {
            long t0 = System.nanoTime();
            PeerProcess.Started s = p.start();
            if (s.firstPropertyNanos() < 0) {
                throw new IOException(peer.title() + " did not resolve " + BenchVault.PROBE + "; see " + log);
            }
            return new Sample(System.nanoTime() - t0, s.firstPropertyNanos(), -1, -1);
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.putAll(values);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            p.store(out, "written by the first-start benchmark; rewritten on each run");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long median(long[] values) {
        return values.length == 0 ? 0 : PeerComparison.median(values);
    }
}
