package dev.kvconfig.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.EmulatorStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final List<Integer> SIZES = List.of(100, 500);
    private static final List<Duration> LATENCIES = List.of(Duration.ZERO, Duration.ofMillis(20));
    private static final List<Peer> PEERS = List.of(Peer.KVCONFIG, Peer.SPRING);

    private static List<PeerRun> runs() {
        List<PeerRun> runs = new ArrayList<>();
        for (Duration l : LATENCIES) {
            for (int n : SIZES) {
                long pages = Floor.listPages(n);
                runs.add(new PeerRun(Peer.KVCONFIG, n, l, 900_000_000L, 300_000_000L,
                        Map.of("GetSecrets", pages + 1, "GetSecret", (long) n), Map.of("GetSecrets", pages), 1_000_000L,
                        Map.of("GetSecrets", pages, "GetSecret", 1L), 2_000_000L, true));
                runs.add(new PeerRun(Peer.SPRING, n, l, 9_000_000_000L, 3_000_000_000L,
                        Map.of("GetSecrets", pages + 1, "GetSecret", (long) n),
                        Map.of("GetSecrets", pages, "GetSecret", (long) n), 500_000_000L,
                        Map.of("GetSecrets", pages, "GetSecret", (long) n), 500_000_000L, true));
            }
        }
        return runs;
    }

    private static Report.Figures figures() {
        List<LookupResult> lookups = List.of(new LookupResult("sourceHitKvconfig", 20, 1),
                new LookupResult("sourceHitMap", 10, 1));
        return new Report.Figures(PEERS, SIZES, LATENCIES, runs(), lookups,
                Optional.of(new HeapFootprint.Result(1000, 400_000, 300_000, 1_000)),
                new Machine("cpu", 2, "24 GiB", "jvm", "os", "1.0, 1.0, 1.0", "2.0, 2.0, 2.0"), "2026-11-28T16:00:00Z",
                Duration.ofSeconds(421), "JMH settings.", List.of("a note"), Optional.of(firstStart()),
                Optional.of(storm()), List.of(new PoolRotation.Rotation(Duration.ofSeconds(5), 2_000_000_000L,
                        2_100_000_000L, 4_200, 0)));
    }

    /** Two loaded starts of 20 and 21 s, 290 requests each, and one that failed. */
    private static StormStart.Result storm() {
        EmulatorStats.Throttling t = new EmulatorStats.Throttling(11, 81, 37);
        return new StormStart.Result(List.of(
                new StormStart.Run(true, "loaded 200 secrets", Duration.ofSeconds(20), 290, t),
                new StormStart.Run(true, "loaded 200 secrets", Duration.ofSeconds(21), 290, t),
                new StormStart.Run(false, "failed: throttled", Duration.ofSeconds(120), 300, t)));
    }

    @Test
    void markdown_storm_summaryCountsLoadedStartsAndSectionListsOnlyThisRunsStarts() {
        String md = Report.markdown(figures());
        assertThat(Report.tableRows(md, "| figure | measured | target |"))
                .anyMatch(row -> row.contains("startup into a 429 storm (200 secrets, 20 per 2 s, defaults) | 2 of 3 "
                        + "loaded, slowest 120,000 ms, at most 300 requests"));
        List<String> rows = Report.tableRows(md, "| run | outcome | time | requests | refused (429)");
        // Figures of code that is gone are history (docs/internals), linked, never a row of this run's table.
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("| 1 | loaded 200 secrets | 20,000 ms | 290 |");
        assertThat(rows.get(2)).startsWith("| 3 | failed: throttled | 120,000 ms | 300 | 81 | 11 | 37 |");
        assertThat(md).contains("[benchmark history](internals/benchmark-history.md#startup-into-a-429-storm)");
    }

    /** Medians of 1,000 ms with kvconfig and 200 ms without, 3 runs each; Quarkus 1.5 s vs 0.6 s; Spring 10 s vs 2 s. */
    private static FirstStart.Result firstStart() {
        return new FirstStart.Result(3,
                List.of(series(FirstStart.PLAIN, 200), series(FirstStart.KVCONFIG, 1_000)),
                List.of(new FirstStart.Breakdown(FirstStart.KVCONFIG, 5_000, 1_000_000_000L,
                        Map.of("Netty", new ClassLoadLog.Library("Netty", 800, 10, 2_048_000)),
                        List.of(new FirstStart.Phase("JVM start to main()", 40_000_000L, 450)))),
                List.of(series(FirstStart.QUARKUS_PLAIN, 600), series(FirstStart.QUARKUS_EXT, 1_500)),
                Optional.of(series(Peer.KVCONFIG.title(), 2_000)), Optional.of(series(Peer.SPRING.title(), 10_000)),
                List.of());
    }

    private static FirstStart.Series series(String variant, long medianMillis) {
        return series(variant, medianMillis, -1);
    }

    /** Three samples around the median; process CPU {@code cpuMillis} in each, or -1 (not measured). */
    private static FirstStart.Series series(String variant, long medianMillis, long cpuMillis) {
        List<FirstStart.Sample> samples = new ArrayList<>();
        for (long ms : List.of(medianMillis - 10, medianMillis, medianMillis + 30)) {
            samples.add(new FirstStart.Sample(ms * 1_000_000L + 50_000_000L, ms * 1_000_000L, ms * 500_000L,
                    cpuMillis < 0 ? -1 : cpuMillis * 1_000_000L));
        }
        return new FirstStart.Series(variant, samples);
    }

    @Test
    void markdown_figures_startupTableHasOneRowPerLatencyAndSize() {
        String md = Report.markdown(figures());
        assertThat(Report.tableRows(md, "| latency | N | floor")).hasSize(LATENCIES.size() * SIZES.size());
        assertThat(md).contains("| 20 ms | 500 | 1,040 ms | 900 ms | 300 ms | 0.29× |");
    }

    @Test
    void markdown_starterMeasured_summaryComparesItWithSpringCloudAzure() {
        List<PeerRun> runs = new ArrayList<>(runs());
        long pages = Floor.listPages(500);
        runs.add(new PeerRun(Peer.STARTER, 500, Duration.ofMillis(20), 1_800_000_000L, 600_000_000L,
                Map.of("GetSecrets", pages + 1, "GetSecret", 500L), Map.of("GetSecrets", pages), 2_000_000L,
                Map.of("GetSecrets", pages, "GetSecret", 1L), 2_000_000L, true));
        Report.Figures f = figures();
        String md = Report.markdown(new Report.Figures(List.of(Peer.KVCONFIG, Peer.SPRING, Peer.STARTER), f.sizes(),
                f.latencies(), runs, f.lookups(), f.heap(), f.machine(), f.startedAt(), f.elapsed(), f.jmhSettings(),
                f.notes(), f.firstStart(), f.storm(), f.poolRotations()));
        assertThat(md).contains("| startup, N = 500, L = 20 ms: Spring Cloud Azure (Boot 3) ÷ kvconfig Boot 3 "
                + "starter | 5.00× (restart: 3,000 ms vs 600 ms), 5.00× (first start: 9,000 ms vs 1,800 ms) "
                + "| — |");
        assertThat(md).contains("| requests per idle refresh, N = 500: Spring Cloud Azure (Boot 3) ÷ kvconfig "
                + "Boot 3 starter | 26.00× (520 vs 20) | — |");
        assertThat(md).contains("kvconfig Boot 3 starter first start | kvconfig Boot 3 starter "
                + "restart |");
    }

    @Test
    void markdown_bothSpringPairsMeasured_summaryComparesEachStarterWithTheSpringCloudAzureOfItsBoot() {
        List<PeerRun> runs = new ArrayList<>(runs());
        long pages = Floor.listPages(500);
        runs.add(new PeerRun(Peer.STARTER, 500, Duration.ofMillis(20), 1_800_000_000L, 600_000_000L,
                Map.of("GetSecrets", pages + 1, "GetSecret", 500L), Map.of("GetSecrets", pages), 2_000_000L,
                Map.of("GetSecrets", pages, "GetSecret", 1L), 2_000_000L, true));
        runs.add(new PeerRun(Peer.SPRING4, 500, Duration.ofMillis(20), 8_000_000_000L, 2_400_000_000L,
                Map.of("GetSecrets", pages + 1, "GetSecret", 500L), Map.of("GetSecrets", pages, "GetSecret", 500L),
                12_000_000L, Map.of("GetSecrets", pages, "GetSecret", 500L), 12_000_000L, true));
        runs.add(new PeerRun(Peer.STARTER4, 500, Duration.ofMillis(20), 2_000_000_000L, 800_000_000L,
                Map.of("GetSecrets", pages + 1, "GetSecret", 500L), Map.of("GetSecrets", pages), 3_000_000L,
                Map.of("GetSecrets", pages, "GetSecret", 1L), 3_000_000L, true));
        Report.Figures f = figures();
        String md = Report.markdown(new Report.Figures(List.of(Peer.KVCONFIG, Peer.SPRING, Peer.STARTER, Peer.SPRING4,
                Peer.STARTER4), f.sizes(), f.latencies(), runs, f.lookups(), f.heap(), f.machine(), f.startedAt(),
                f.elapsed(), f.jmhSettings(), f.notes(), f.firstStart(), f.storm(), f.poolRotations()));
        assertThat(Report.tableRows(md, "| figure | measured | target |"))
                .anyMatch(row -> row.startsWith("| startup, N = 500, L = 20 ms: Spring Cloud Azure (Boot 3) ÷ "
                        + "kvconfig Boot 3 starter | 5.00×"))
                .anyMatch(row -> row.equals("| startup, N = 500, L = 20 ms: Spring Cloud Azure (Boot 4) ÷ "
                        + "kvconfig Boot 4 starter | 3.00× (restart: 2,400 ms vs 800 ms), 4.00× (first start: "
                        + "8,000 ms vs 2,000 ms) | — |"))
                .anyMatch(row -> row.equals("| refresh time, N = 500, L = 20 ms: Spring Cloud Azure (Boot 4) ÷ "
                        + "kvconfig Boot 4 starter | 4.00× (12.0 ms vs 3.0 ms) | — |"));
    }

    @Test
    void markdown_starterMeasured_startupSectionPutsItsRestartNextToTheCores() {
        List<PeerRun> runs = new ArrayList<>(runs());
        runs.add(new PeerRun(Peer.STARTER, 500, Duration.ofMillis(20), 1_800_000_000L, 600_000_000L, Map.of(),
                Map.of(), 2_000_000L, Map.of(), 2_000_000L, true));
        Report.Figures f = figures();
        String md = Report.markdown(new Report.Figures(List.of(Peer.KVCONFIG, Peer.SPRING, Peer.STARTER), f.sizes(),
                f.latencies(), runs, f.lookups(), f.heap(), f.machine(), f.startedAt(), f.elapsed(), f.jmhSettings(),
                f.notes(), f.firstStart(), f.storm(), f.poolRotations()));
        assertThat(md).contains("Restart of the kvconfig Boot 3 starter: 600 ms against the core's 300 ms "
                + "(N = 500, L = 20 ms).");
    }

    @Test
    void markdown_starterNotMeasured_noStarterParagraph() {
        assertThat(Report.markdown(figures())).doesNotContain("The kvconfig Spring Boot starters (");
    }

    @Test
    void markdown_firstStart_sectionLinksEarlierRunsAndNamesThisRunsJava() {
        assertThat(Report.markdown(figures())).contains("## First start in a new JVM\n\n" + FirstStartReport.EARLIER)
                .contains("[benchmark history](internals/benchmark-history.md#first-start)")
                .contains("This run is on Java " + Runtime.version().feature() + ";");
    }

    @Test
    void springPeer_versions_areReadFromTheBootJar(@TempDir Path dir) throws java.io.IOException {
        Path jar = dir.resolve("peer.jar");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            for (String lib : List.of("spring-cloud-azure-starter-keyvault-secrets-6.1.0", "spring-boot-3.5.7",
                    "spring-boot-autoconfigure-3.5.7", "azure-core-1.57.0", "azure-core-http-netty-1.16.1",
                    "azure-security-keyvault-secrets-4.10.4")) {
                zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/lib/" + lib + ".jar"));
                zip.closeEntry();
            }
        }
        assertThat(LibraryVersions.springPeer(jar)).isEqualTo("Spring Cloud Azure 6.1.0 on Spring Boot 3.5.7 with its "
                + "own azure-core 1.57.0 / azure-security-keyvault-secrets 4.10.4");
        assertThat(LibraryVersions.springPeer(dir.resolve("missing.jar"))).startsWith("Spring Cloud Azure ? on");
        assertThat(LibraryVersions.jmh()).matches("[0-9]+\\.[0-9]+(\\.[0-9]+)?");
    }

    @Test
    void markdown_figures_fleetMarksLoadsOverTheVaultLimit() {
        String md = Report.markdown(figures());
        // Spring, N=500: 520 requests per cycle every 30 s, 100 instances -> 17,333 per 10 s, over 4,000.
        assertThat(Report.tableRows(md, "| N | peer | requests per cycle"))
                .anyMatch(row -> row.startsWith("| 500 | Spring Cloud Azure (Boot 3) | 520 | 30 s |")
                        && row.contains("**17,333**"));
    }

    @Test
    void markdown_figures_summaryGivesTheSpringRatiosAtFiveHundredSecrets() {
        String md = Report.markdown(figures());
        assertThat(Report.tableRows(md, "| figure | measured | target |"))
                .anyMatch(row -> row.startsWith("| startup, N = 500, L = 20 ms: Spring Cloud Azure (Boot 3) ÷ "
                        + "kvconfig | 10.00×"))
                .anyMatch(row -> row.startsWith("| requests per idle refresh, N = 500: Spring Cloud Azure (Boot 3) ÷ "
                        + "kvconfig | 26.00× (520 vs 20)"))
                .anyMatch(row -> row.contains("ConfigSource.getValue, hit ÷ map-backed source | 2.00× (**not met**)"));
    }

    @Test
    void markdown_firstStart_summaryGivesIssueThirteensThreeFiguresAgainstTheirTargets() {
        assertThat(Report.tableRows(Report.markdown(figures()), "| figure | measured | target |"))
                // 1,000 - 200 = 800 ms over the app without kvconfig; the floor at N=100, L=20 ms is 220 ms.
                .anyMatch(row -> row.contains("kvconfig − same app without it (median of 3) | 800 ms = 3.64× the "
                        + "network floor (220 ms) (**not met**)"))
                .anyMatch(row -> row.contains("with the extension ÷ without (median of 3) | 2.50× (1.50 s vs 0.60 s) "
                        + "(**not met**)"))
                .anyMatch(row -> row.contains("N = 500, L = 20 ms: Spring Cloud Azure ÷ kvconfig (median of 3) | "
                        + "5.00× (10,000 ms vs 2,000 ms) (**not met**)"));
    }

    @Test
    void markdown_firstStart_listsEveryVariantWithItsSpreadAndTheBreakdown() {
        String md = Report.markdown(figures());
        assertThat(Report.tableRows(md, "| variant | first start: main() to the value"))
                .containsExactly("| without kvconfig | 200 ms (190 ms–230 ms) | 250 ms | 100 ms | — |",
                        "| kvconfig | 1,000 ms (990 ms–1,030 ms) | 1,050 ms | 500 ms | — |");
        assertThat(Report.tableRows(md, "| library | classes without | classes with"))
                .contains("| Netty | 0 | 800 | +800 | +10 | +2,000 KiB |");
        assertThat(Report.tableRows(md, "| phase | time | classes loaded |"))
                .containsExactly("| JVM start to main() | 40.0 ms | 450 |");
    }

    @Test
    void cpuBound_processCpuMeasured_givesTheAddedCpuOverTheCoresNextToTheAllowance() {
        // Core: 2,400 - 200 ms of CPU on 2 cores = at least 1,100 ms; allowed 2 x 220 ms. Quarkus: 3.0 - 1.2 s = 1.8 s,
        // at least 0.90 s; allowed 0.3 x 0.60 s.
        FirstStart.Result r = new FirstStart.Result(3,
                List.of(series(FirstStart.PLAIN, 200, 200), series(FirstStart.KVCONFIG, 1_000, 2_400)), List.of(),
                List.of(series(FirstStart.QUARKUS_PLAIN, 600, 1_200), series(FirstStart.QUARKUS_EXT, 1_500, 3_000)),
                Optional.empty(), Optional.empty(), List.of());
        StringBuilder md = new StringBuilder();
        FirstStartReport.cpuBound(md, r, 2);
        assertThat(md.toString())
                .contains("- core: 2,200 ms of CPU added (2,400 ms − 200 ms), so at least 1,100 ms more wall-clock "
                        + "time; the target allows 440 ms (2× the floor)")
                .contains("- Quarkus: 1.80 s of CPU added by `started in` (3.00 s − 1.20 s), so at least 0.90 s more; "
                        + "the target allows 0.18 s (0.3 × 0.60 s)");
    }

    @Test
    void cpuBound_processCpuNotMeasured_writesNothing() {
        StringBuilder md = new StringBuilder();
        FirstStartReport.cpuBound(md, firstStart(), 2);
        assertThat(md.toString()).isEmpty();
    }

    @Test
    void markdown_firstStart_quarkusTableHasTheProcessCpu() {
        assertThat(Report.tableRows(Report.markdown(figures()), "| variant | started in |"))
                .containsExactly("| without the extension | 0.60 s (0.59 s–0.63 s) | 0.65 s | n/a |",
                        "| with the extension | 1.50 s (1.49 s–1.53 s) | 1.55 s | n/a |");
    }

    @Test
    void markdown_figures_saysHowToReproduce() {
        assertThat(Report.markdown(figures())).contains(Report.COMMAND).contains("took 7 min 1 s");
    }

    @Test
    void charts_figures_writeOnePngPerPlot(@TempDir Path dir) throws Exception {
        List<PeerRun> runs = runs();
        Charts.startup(dir, runs, Duration.ofMillis(20), SIZES, PEERS);
        Charts.refreshRequests(dir, runs, Duration.ofMillis(20), SIZES, PEERS);
        Charts.fleet(dir, 500, PEERS, Report.fleetIntervals(), Map.of(Peer.KVCONFIG, 20L, Peer.SPRING, 520L));
        Charts.lookups(dir, figures().lookups());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("startup-20ms.png", "refresh-requests.png", "fleet.png", "lookups.png");
        }
    }
    @Test
    void markdown_poolRotations_sectionWithTheirTable() {
        assertThat(Report.tableRows(Report.markdown(figures()), "| refresh interval | rotations |"))
                .containsExactly("| 5 s | 1 | 2,000 ms, 2,000 ms | 2,100 ms, 2,100 ms | 2,000 | 0 |");
    }

    @Test
    void splice_replacesTheSectionOrInsertsItBeforeTheGivenHeading() {
        String page = "# t\n\n## A\n\na\n\n## Pool\n\nold\n\n## Lookups (JMH)\n\nl\n";
        assertThat(Report.splice(page, "## Pool\n\nnew\n\n", "## Lookups (JMH)\n"))
                .isEqualTo("# t\n\n## A\n\na\n\n## Pool\n\nnew\n\n## Lookups (JMH)\n\nl\n");
        String without = "# t\n\n## A\n\na\n\n## Lookups (JMH)\n\nl\n";
        assertThat(Report.splice(without, "## Pool\n\nnew\n\n", "## Lookups (JMH)\n"))
                .isEqualTo("# t\n\n## A\n\na\n\n## Pool\n\nnew\n\n## Lookups (JMH)\n\nl\n");
        assertThat(Report.splice("# t\n\n## Pool\n\nold\n", "## Pool\n\nnew\n", "## X\n"))
                .isEqualTo("# t\n\n## Pool\n\nnew\n");
        assertThatThrownBy(() -> Report.splice("# t\n", "## Pool\n\nnew\n", "## X\n"))
                .hasMessageContaining("regenerate the whole page");
    }
}
