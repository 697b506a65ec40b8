package dev.kvconfig.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

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
                Duration.ofSeconds(421), "JMH settings.", List.of("a note"));
    }

    @Test
    void markdown_figures_startupTableHasOneRowPerLatencyAndSize() {
        String md = Report.markdown(figures());
        assertThat(Report.tableRows(md, "| latency | N | floor")).hasSize(LATENCIES.size() * SIZES.size());
        assertThat(md).contains("| 20 ms | 500 | 1,040 ms | 900 ms | 300 ms | 0.29× |");
    }

    @Test
    void markdown_figures_fleetMarksLoadsOverTheVaultLimit() {
        String md = Report.markdown(figures());
        // Spring, N=500: 520 requests per cycle every 30 s, 100 instances -> 17,333 per 10 s, over 4,000.
        assertThat(Report.tableRows(md, "| N | peer | requests per cycle"))
                .anyMatch(row -> row.startsWith("| 500 | Spring Cloud Azure 6.1.0 | 520 | 30 s |")
                        && row.contains("**17,333**"));
    }

    @Test
    void markdown_figures_summaryGivesTheSpringRatiosAtFiveHundredSecrets() {
        String md = Report.markdown(figures());
        assertThat(Report.tableRows(md, "| figure | measured | target |"))
                .anyMatch(row -> row.startsWith("| startup, N = 500, L = 20 ms: Spring Cloud Azure ÷ kvconfig | 10.00×"))
                .anyMatch(row -> row.startsWith("| requests per idle refresh, N = 500: Spring Cloud Azure ÷ kvconfig | "
                        + "26.00× (520 vs 20)"))
                .anyMatch(row -> row.contains("ConfigSource.getValue, hit ÷ map-backed source | 2.00× (**not met**)"));
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
}
