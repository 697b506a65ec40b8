package dev.kvconfig.benchmarks;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG plots of docs/benchmarks.md, drawn with XChart. */
final class Charts {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 520;

    private static final Color KV_DARK = new Color(0x1f, 0x5f, 0xbf);
    private static final Color KV_LIGHT = new Color(0x7f, 0xb2, 0xf0);
    private static final Color PEER_DARK = new Color(0xd9, 0x5f, 0x0e);
    private static final Color PEER_LIGHT = new Color(0xfd, 0xae, 0x6b);
    private static final Color STARTER_DARK = new Color(0x2c, 0x8c, 0x3c);
    private static final Color STARTER_LIGHT = new Color(0x8f, 0xd1, 0x98);
    private static final Color PEER4_DARK = new Color(0xa5, 0x1c, 0x30);
    private static final Color PEER4_LIGHT = new Color(0xf2, 0x8e, 0x9c);
    private static final Color STARTER4_DARK = new Color(0x6a, 0x3d, 0x9a);
    private static final Color STARTER4_LIGHT = new Color(0xc2, 0xa5, 0xcf);
    private static final Color FLOOR = new Color(0x80, 0x80, 0x80);

    private Charts() {
    }

    private static Color dark(Peer peer) {
        return switch (peer) {
            case KVCONFIG -> KV_DARK;
            case STARTER -> STARTER_DARK;
            case STARTER4 -> STARTER4_DARK;
            case SPRING -> PEER_DARK;
            case SPRING4 -> PEER4_DARK;
        };
    }

    private static Color light(Peer peer) {
        return switch (peer) {
            case KVCONFIG -> KV_LIGHT;
            case STARTER -> STARTER_LIGHT;
            case STARTER4 -> STARTER4_LIGHT;
            case SPRING -> PEER_LIGHT;
            case SPRING4 -> PEER4_LIGHT;
        };
    }

    /** Startup time by vault size at one latency: each peer's first start and restart, and the floor. */
    static Path startup(Path dir, List<PeerRun> runs, Duration latency, List<Integer> sizes, List<Peer> peers)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Time until the first vault property resolves, latency " + latency.toMillis() + " ms per request")
                .xAxisTitle("secrets in the vault").yAxisTitle("milliseconds").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> x = sizes.stream().map(n -> "N = " + n).toList();
        for (Peer peer : peers) {
            chart.addSeries(peer.title() + ", first start (new JVM)", x, values(runs, peer, latency, sizes,
                    r -> r.coldNanos() / 1e6)).setFillColor(dark(peer));
            chart.addSeries(peer.title() + ", restart (warm JVM)", x, values(runs, peer, latency, sizes,
                    r -> r.warmNanos() / 1e6)).setFillColor(light(peer));
        }
        if (!latency.isZero()) {
            List<Number> floor = new ArrayList<>();
            for (int n : sizes) {
                floor.add((double) Floor.startup(n, latency, Floor.DEFAULT_CONCURRENCY).toMillis());
            }
            chart.addSeries("floor ceil(N/25)·L + ceil(N/16)·L", x, floor).setFillColor(FLOOR);
        }
        return save(chart, dir.resolve("startup-" + latency.toMillis() + "ms"));
    }

    /** Requests per idle refresh by vault size, each peer and the floor. */
    static Path refreshRequests(Path dir, List<PeerRun> runs, Duration latency, List<Integer> sizes, List<Peer> peers)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Requests per refresh cycle when nothing changed")
                .xAxisTitle("secrets in the vault").yAxisTitle("requests").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> x = sizes.stream().map(n -> "N = " + n).toList();
        for (Peer peer : peers) {
            chart.addSeries(peer.title(), x, values(runs, peer, latency, sizes,
                    r -> PeerRun.total(r.idleRefreshOps()))).setFillColor(dark(peer));
        }
        List<Number> floor = new ArrayList<>();
        for (int n : sizes) {
            floor.add((double) Floor.idleRefreshRequests(n));
        }
        chart.addSeries("floor ceil(N/25)", x, floor).setFillColor(FLOOR);
        return save(chart, dir.resolve("refresh-requests"));
    }

    /** Fleet load for one vault size: requests per 10 s against the fleet size, per peer and refresh interval. */
    static Path fleet(Path dir, int secrets, List<Peer> peers, List<Duration> intervals,
            java.util.Map<Peer, Long> cycleRequests) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Fleet refresh load on one vault, N = " + secrets + " secrets per instance")
                .xAxisTitle("instances (log scale)").yAxisTitle("requests per 10 s (log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[] fleet = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
        for (Peer peer : peers) {
            float width = 3.5f;
            for (Duration interval : intervals) {
                double[] y = new double[fleet.length];
                for (int i = 0; i < fleet.length; i++) {
                    y[i] = Math.max(0.01, FleetModel.requestsPer10s((int) fleet[i], cycleRequests.get(peer), interval));
                }
                XYSeries s = chart.addSeries(peer.title() + ", refresh every " + Report.duration(interval), fleet, y);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(dark(peer));
                s.setLineWidth(width);
                width -= 1.2f;
            }
        }
        XYSeries limit = chart.addSeries("Key Vault limit: 4,000 per 10 s per vault", new double[] {1, 10000},
                new double[] {FleetModel.VAULT_LIMIT_PER_10S, FleetModel.VAULT_LIMIT_PER_10S});
        limit.setMarker(SeriesMarkers.NONE);
        limit.setLineColor(Color.BLACK);
        limit.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {8f, 6f}, 0f));
        return save(chart, dir.resolve("fleet"));
    }

    /** JMH lookup means with their error. */
    static Path lookups(Path dir, List<LookupResult> results) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Lookup cost (JMH, mean ns/op, lower is better)")
                .xAxisTitle("lookup").yAxisTitle("ns/op").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> x = List.of("ConfigSource hit", "ConfigSource miss", "Config hit", "Config miss");
        String[] kinds = {"sourceHit", "sourceMiss", "configHit", "configMiss"};
        for (String side : List.of("Kvconfig", "Map")) {
            List<Number> y = new ArrayList<>();
            List<Number> err = new ArrayList<>();
            for (String kind : kinds) {
                LookupResult r = results.stream().filter(l -> l.benchmark().equals(kind + side)).findFirst()
                        .orElse(new LookupResult(kind + side, 0, 0));
                y.add(r.nanos());
                err.add(r.error());
            }
            chart.addSeries(side.equals("Map") ? "SmallRye map-backed source" : "kvconfig-source", x, y, err)
                    .setFillColor(side.equals("Map") ? FLOOR : KV_DARK);
        }
        return save(chart, dir.resolve("lookups"));
    }

    private static List<Number> values(List<PeerRun> runs, Peer peer, Duration latency, List<Integer> sizes,
            ToDoubleFunction<PeerRun> f) {
        List<Number> y = new ArrayList<>();
        for (int n : sizes) {
            y.add(runs.stream().filter(r -> r.peer() == peer && r.secrets() == n && r.latency().equals(latency))
                    .mapToDouble(f).findFirst().orElse(Double.NaN));
        }
        return y;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path withoutExtension)
            throws IOException {
        Files.createDirectories(withoutExtension.getParent());
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        return withoutExtension.resolveSibling(withoutExtension.getFileName() + ".png");
    }
}
