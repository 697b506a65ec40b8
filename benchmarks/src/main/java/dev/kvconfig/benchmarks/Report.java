package dev.kvconfig.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Writes docs/benchmarks.md from one run's figures. */
final class Report {

    /** The builds every part needs (the Quarkus example twice: with the extension and without), then the run. */
    static final String COMMAND = "./mvnw -B -q -pl benchmarks,benchmarks-spring-peer,benchmarks-starter-peer,"
            + "benchmarks-spring4-peer,benchmarks-starter4-peer,examples/quarkus-app -am package "
            + "-DskipTests -Dquarkus.package.jar.appcds.enabled=true && ./mvnw -B -q -pl examples/quarkus-app package "
            + "-DskipTests -Dno-keyvault -Dquarkus.package.output-directory=no-keyvault "
            + "-Dquarkus.package.jar.appcds.enabled=true && java -jar benchmarks/target/kvconfig-benchmarks.jar all";

    /** Everything one run measured; absent parts are skipped in the text. */
    record Figures(List<Peer> peers, List<Integer> sizes, List<Duration> latencies, List<PeerRun> runs,
            List<LookupResult> lookups, Optional<HeapFootprint.Result> heap, Machine machine, String startedAt,
            Duration elapsed, String jmhSettings, List<String> notes, Optional<FirstStart.Result> firstStart,
            Optional<StormStart.Result> storm, List<PoolRotation.Rotation> poolRotations) {
    }

    private Report() {
    }

    /**
     * {@code page} with its level-2 section that starts with {@code section}'s first line replaced by {@code section};
     * without one, {@code section} goes before {@code before} (a level-2 heading of the page). For a part rerun alone
     * ({@code pool-rotation}), so the rest of the page keeps its run's figures.
     *
     * @throws IllegalArgumentException if the page has neither the section nor {@code before}
     */
    static String splice(String page, String section, String before) {
        String heading = section.substring(0, section.indexOf('\n') + 1);
        int start = page.indexOf(heading);
        if (start < 0) {
            int at = page.indexOf(before);
            if (at < 0) {
                throw new IllegalArgumentException("the page has no section '" + heading.strip() + "' and no '"
                        + before.strip() + "' to put it before; regenerate the whole page with the command at its top");
            }
            return page.substring(0, at) + section + page.substring(at);
        }
        int end = page.indexOf("\n## ", start + heading.length());
        return page.substring(0, start) + section + (end < 0 ? "" : page.substring(end + 1));
    }

    static String markdown(Figures f) {
        StringBuilder md = new StringBuilder();
        md.append("# kvconfig benchmarks\n\n");
        md.append("All figures below come from one run of one command, against one in-process Key Vault emulator ")
                .append("(real HTTPS, the real Azure SDK on both sides) with injected per-request latency, so the ")
                .append("ratios hold even on a noisy machine. Regenerate everything (this file and the PNGs in ")
                .append("`docs/benchmarks/`) with:\n\n```bash\n").append(COMMAND).append("\n```\n\n");
        md.append("Run ").append(f.startedAt()).append(", took ").append(f.elapsed().toMinutes()).append(" min ")
                .append(f.elapsed().toSecondsPart()).append(" s. ");
        md.append("Peers: ");
        for (int i = 0; i < f.peers().size(); i++) {
            md.append(i == 0 ? "" : ", ").append(f.peers().get(i).title());
        }
        md.append(".\n\n");
        summary(md, f);
        if (!f.runs().isEmpty()) {
            startup(md, f);
        }
        f.firstStart().ifPresent(r -> FirstStartReport.section(md, r));
        if (!f.runs().isEmpty()) {
            requests(md, f);
            fleet(md, f);
        }
        f.storm().ifPresent(r -> StormStart.section(md, r));
        if (!f.poolRotations().isEmpty()) {
            PoolRotation.section(md, f.poolRotations());
        }
        lookups(md, f);
        heap(md, f);
        machine(md, f);
        notes(md, f);
        return md.toString();
    }

    /** The headline ratios, and the targets for kvconfig-source next to what this run measured. */
    private static void summary(StringBuilder md, Figures f) {
        Duration l = f.latencies().get(f.latencies().size() - 1);
        int n = f.sizes().contains(500) ? 500 : f.sizes().get(f.sizes().size() - 1);
        md.append("## Summary\n\n| figure | measured | target |\n|---|---|---|\n");
        Optional<PeerRun> kv = find(f, Peer.KVCONFIG, n, l);
        Optional<PeerRun> spring = find(f, Peer.SPRING, n, l);
        if (kv.isPresent() && spring.isPresent()) {
            PeerRun k = kv.get();
            PeerRun s = spring.get();
            md.append("| startup, N = ").append(n).append(", L = ").append(l.toMillis())
                    .append(" ms: ").append(Peer.SPRING.title()).append(" ÷ kvconfig | ").append(ratio((double) s.warmNanos() / k.warmNanos()))
                    .append(" (restart: ").append(ms(s.warmNanos())).append(" vs ").append(ms(k.warmNanos()))
                    .append("), ").append(ratio((double) s.coldNanos() / k.coldNanos())).append(" (first start: ")
                    .append(ms(s.coldNanos())).append(" vs ").append(ms(k.coldNanos())).append(") | — |\n");
            long ki = PeerRun.total(k.idleRefreshOps());
            long si = PeerRun.total(s.idleRefreshOps());
            md.append("| requests per idle refresh, N = ").append(n).append(": ").append(Peer.SPRING.title())
                    .append(" ÷ kvconfig | ")
                    .append(ratio((double) si / Math.max(1, ki))).append(" (").append(si).append(" vs ").append(ki)
                    .append(") | — |\n");
            md.append("| refresh time, N = ").append(n).append(", L = ").append(l.toMillis())
                    .append(" ms: ").append(Peer.SPRING.title()).append(" ÷ kvconfig | ")
                    .append(ratio((double) s.idleRefreshNanos() / k.idleRefreshNanos())).append(" (")
                    .append(ms(s.idleRefreshNanos())).append(" vs ").append(ms(k.idleRefreshNanos())).append(") | — |\n");
        }
        for (List<Peer> pair : Peer.SPRING_PAIRS) {
            // The Spring-to-Spring comparisons: the same Boot version, app shape and clock on both sides.
            Optional<PeerRun> sca = find(f, pair.get(0), n, l);
            Optional<PeerRun> starter = find(f, pair.get(1), n, l);
            if (sca.isEmpty() || starter.isEmpty()) {
                continue;
            }
            PeerRun k = starter.get();
            PeerRun s = sca.get();
            String vs = pair.get(0).title() + " ÷ " + pair.get(1).title();
            md.append("| startup, N = ").append(n).append(", L = ").append(l.toMillis()).append(" ms: ").append(vs)
                    .append(" | ").append(ratio((double) s.warmNanos() / k.warmNanos())).append(" (restart: ")
                    .append(ms(s.warmNanos())).append(" vs ").append(ms(k.warmNanos())).append("), ")
                    .append(ratio((double) s.coldNanos() / k.coldNanos())).append(" (first start: ")
                    .append(ms(s.coldNanos())).append(" vs ").append(ms(k.coldNanos())).append(") | — |\n");
            long ki = PeerRun.total(k.idleRefreshOps());
            long si = PeerRun.total(s.idleRefreshOps());
            md.append("| requests per idle refresh, N = ").append(n).append(": ").append(vs).append(" | ")
                    .append(ratio((double) si / Math.max(1, ki))).append(" (").append(si).append(" vs ").append(ki)
                    .append(") | — |\n");
            md.append("| refresh time, N = ").append(n).append(", L = ").append(l.toMillis()).append(" ms: ")
                    .append(vs).append(" | ").append(ratio((double) s.idleRefreshNanos() / k.idleRefreshNanos()))
                    .append(" (").append(ms(s.idleRefreshNanos())).append(" vs ").append(ms(k.idleRefreshNanos()))
                    .append(") | — |\n");
        }
        if (!l.isZero()) {
            double worst = 0;
            int worstN = 0;
            for (int size : f.sizes()) {
                Optional<PeerRun> r = find(f, Peer.KVCONFIG, size, l);
                if (r.isPresent()) {
                    double x = r.get().warmNanos() / 1e6 / Floor.startup(size, l, Floor.DEFAULT_CONCURRENCY).toMillis();
                    if (x > worst) {
                        worst = x;
                        worstN = size;
                    }
                }
            }
            if (worstN > 0) {
                md.append("| kvconfig startup ÷ floor, L = ").append(l.toMillis()).append(" ms, worst N (").append(worstN)
                        .append("), restart in a warm JVM (median of ").append(PeerComparison.RESTARTS).append(" after ")
                        .append(PeerComparison.WARMUPS).append(" warm-ups) | ").append(ratio(worst)).append(met(worst <= 1.3))
                        .append(" | ≤ 1.30× |\n");
            }
        }
        boolean idleAtFloor = !f.runs().isEmpty();
        for (PeerRun r : f.runs()) {
            if (r.peer() == Peer.KVCONFIG && (PeerRun.op(r.idleRefreshOps(), "GetSecret") != 0
                    || PeerRun.total(r.idleRefreshOps()) != Floor.idleRefreshRequests(r.secrets()))) {
                idleAtFloor = false;
            }
        }
        if (!f.runs().isEmpty()) {
            md.append("| kvconfig idle refresh, every N and latency | ")
                    .append(idleAtFloor ? "ceil(N/25) list requests, 0 GetSecret" : "above the floor, see below")
                    .append(met(idleAtFloor)).append(" | ceil(N/25) list, 0 GetSecret |\n");
        }
        for (String kind : List.of("sourceHit", "sourceMiss")) {
            Optional<LookupResult> k = lookup(f, kind + "Kvconfig");
            Optional<LookupResult> m = lookup(f, kind + "Map");
            if (k.isPresent() && m.isPresent()) {
                double x = k.get().nanos() / m.get().nanos();
                md.append("| ").append(label(kind)).append(" ÷ map-backed source | ").append(ratio(x))
                        .append(met(x <= 1.5)).append(" | ≤ 1.50× |\n");
            }
        }
        f.firstStart().ifPresent(r -> FirstStartReport.summaryRows(md, r));
        f.storm().ifPresent(r -> StormStart.summaryRow(md, r));
        f.heap().ifPresent(h -> md.append("| retained heap per 1,000 secrets of ").append(BenchVault.VALUE_LENGTH)
                .append(" bytes | ").append(kib(h.kvconfigPerThousand())).append(" (a plain map of the same: ")
                .append(kib(h.plainMapPerThousand())).append(") | — |\n"));
        md.append('\n');
    }

    static String met(boolean met) {
        return met ? " (met)" : " (**not met**)";
    }

    private static void startup(StringBuilder md, Figures f) {
        md.append("## Startup: time until the first vault property resolves\n\n");
        md.append("Each peer runs in a new child JVM (`-Xmx1g`) with the same vault; *first start* is the first ")
                .append("config build in that JVM (class loading, TLS, token, list, fetch), *restart* is the ")
                .append("median of ").append(PeerComparison.RESTARTS).append(" stops and new config builds in that ")
                .append("same JVM, measured after ").append(PeerComparison.WARMUPS).append(" unmeasured restarts ")
                .append("without injected latency, so the JIT has compiled the start path (without them the first ")
                .append("restarts share the two cores with the compiler). ")
                .append("One unmeasured kvconfig run warms the emulator before the first measured peer. The clock starts when the app starts building its ")
                .append("configuration (`SmallRyeConfigBuilder`, `SpringApplication.run`) and stops when the first ")
                .append("vault property reads back (for Spring: in an `ApplicationEnvironmentPreparedEvent` listener, ")
                .append("right after Spring Cloud Azure's post-processor inserted its property source). ")
                .append("Floor = `ceil(N/25)·L + ceil(N/16)·L` (list pages, then values 16 at a time); a source that fetches ")
                .append("while it lists can come in under it.\n\n");
        List<Peer> others = f.peers().stream().filter(p -> p != Peer.KVCONFIG).toList();
        md.append("| latency | N | floor | kvconfig first start | kvconfig restart | kvconfig restart ÷ floor |");
        for (Peer p : others) {
            md.append(" ").append(p.title()).append(" first start | ").append(p.title()).append(" restart | ")
                    .append(p.title()).append(" ÷ kvconfig (restart) |");
        }
        md.append("\n|---|---:|---:|---:|---:|---:|");
        for (int i = 0; i < others.size(); i++) {
            md.append("---:|---:|---:|");
        }
        md.append('\n');
        for (Duration l : f.latencies()) {
            for (int n : f.sizes()) {
                Optional<PeerRun> kv = find(f, Peer.KVCONFIG, n, l);
                Duration floor = Floor.startup(n, l, Floor.DEFAULT_CONCURRENCY);
                md.append("| ").append(l.toMillis()).append(" ms | ").append(n).append(" | ")
                        .append(ms(floor.toNanos())).append(" | ");
                md.append(kv.map(r -> ms(r.coldNanos())).orElse("—")).append(" | ");
                md.append(kv.map(r -> ms(r.warmNanos())).orElse("—")).append(" | ");
                md.append(kv.filter(r -> !floor.isZero()).map(r -> ratio(r.warmNanos() / 1e6 / floor.toMillis()))
                        .orElse("—")).append(" |");
                for (Peer p : others) {
                    Optional<PeerRun> o = find(f, p, n, l);
                    md.append(' ').append(o.map(r -> ms(r.coldNanos())).orElse("—")).append(" | ");
                    md.append(o.map(r -> ms(r.warmNanos())).orElse("—")).append(" | ");
                    md.append(o.flatMap(r -> kv.map(k -> ratio((double) r.warmNanos() / k.warmNanos())))
                            .orElse("—")).append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
        for (Duration l : f.latencies()) {
            md.append("![startup at ").append(l.toMillis()).append(" ms](benchmarks/startup-").append(l.toMillis())
                    .append("ms.png)\n\n");
        }
        starter(md, f);
    }

    /** How to read the starters' rows: Spring-to-Spring against Spring Cloud Azure, their restart next to the core's. */
    private static void starter(StringBuilder md, Figures f) {
        List<Peer> starters = f.peers().stream().filter(Peer::starter).toList();
        if (starters.isEmpty()) {
            return;
        }
        int n = f.sizes().contains(500) ? 500 : f.sizes().get(f.sizes().size() - 1);
        Duration l = f.latencies().get(f.latencies().size() - 1);
        Optional<PeerRun> core = find(f, Peer.KVCONFIG, n, l);
        md.append("The kvconfig Spring Boot starters (`spring.config.import=keyvault:`) are measured ")
                .append("Spring-to-Spring against Spring Cloud Azure: on each Boot line the same Spring Boot, app ")
                .append("shape, vault, N, latency and clock (Spring Cloud Azure 6 and the Boot 3 starter on Boot 3.5, ")
                .append("Spring Cloud Azure 7 and the Boot 4 starter on Boot 4.0; the versions are in the notes).");
        for (Peer p : starters) {
            Optional<PeerRun> starter = find(f, p, n, l);
            if (starter.isPresent() && core.isPresent()) {
                md.append(" Restart of the ").append(p.title()).append(": ").append(ms(starter.get().warmNanos()))
                        .append(" against the core's ").append(ms(core.get().warmNanos())).append(" (N = ").append(n)
                        .append(", L = ").append(l.toMillis()).append(" ms).");
            }
        }
        md.append(" Once the JVM is warm, Spring adds little around the vault load. A first start carries Spring ")
                .append("Boot's own class loading and context start on top of the core's, as Spring Cloud Azure's ")
                .append("does; the difference between the Spring peers of one Boot line is the vault load itself ")
                .append("(values fetched 16 at a time while listing, against one `GetSecret` after another). An idle ")
                .append("refresh costs a starter the list pages only, as it does the core.\n\n");
    }

    private static void requests(StringBuilder md, Figures f) {
        Duration l = f.latencies().get(f.latencies().size() - 1);
        md.append("## Requests: at startup, per idle refresh, per refresh with one change\n\n");
        md.append("Counted by the emulator per REST operation (`GetSecrets` = one list page, `GetSecret` = one value; ")
                .append("the SDK's first, unauthenticated request that fetches the bearer challenge counts too). ")
                .append("Figures from the ").append(l.toMillis()).append(" ms runs; ")
                .append(countsAgree(f) ? "the 0 ms runs counted exactly the same." : "the 0 ms runs differ, see notes.")
                .append(" A refresh is one cycle triggered by the benchmark: kvconfig's `refreshNow()`; for Spring ")
                .append("Cloud Azure the method its refresh timer runs (`KeyVaultPropertySource.loadProperties()`). ")
                .append("*One change*: one secret got a new version just before the cycle; \"served\" says whether ")
                .append("the new value was served after it.\n\n");
        md.append("| N | peer | startup requests (list + get + other) | startup floor | idle refresh requests "
                + "(list + get) | idle floor | idle refresh time | one change: requests (get) | served |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (int n : f.sizes()) {
            for (Peer p : f.peers()) {
                Optional<PeerRun> r = find(f, p, n, l);
                if (r.isEmpty()) {
                    continue;
                }
                PeerRun x = r.get();
                md.append("| ").append(n).append(" | ").append(p.title()).append(" | ")
                        .append(breakdown(x.startupOps())).append(" | ").append(Floor.startupRequests(n))
                        .append(" | ").append(breakdown(x.idleRefreshOps())).append(" | ")
                        .append(Floor.idleRefreshRequests(n)).append(" | ").append(ms(x.idleRefreshNanos()))
                        .append(" | ").append(PeerRun.total(x.changeRefreshOps())).append(" (")
                        .append(PeerRun.op(x.changeRefreshOps(), "GetSecret")).append(") | ")
                        .append(x.changeSeen() ? "yes" : "**no**").append(" |\n");
            }
        }
        md.append("\n![requests per idle refresh](benchmarks/refresh-requests.png)\n\n");
    }

    private static void fleet(StringBuilder md, Figures f) {
        Duration l = f.latencies().get(f.latencies().size() - 1);
        md.append("## Fleet model: refresh load on one vault\n\n");
        md.append("F instances share one vault, each refreshing every R; a cycle costs what the table above measured ")
                .append("(idle refresh). Requests per 10 s = `F × requests per cycle × 10 s / R`, against Key Vault's ")
                .append("documented limit of 4,000 secret transactions per 10 s per vault and region (Azure Key Vault ")
                .append("service limits; the subscription-wide limit is 5× that). R = 5 min is kvconfig's default ")
                .append("`keyvault.refresh.interval`, 30 min Spring Cloud Azure's default `refresh-interval`.\n\n");
        md.append("| N | peer | requests per cycle | R | requests per 10 s per instance | F = 10 | F = 100 | F = 1,000 "
                + "| largest F under the limit |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : f.sizes()) {
            for (Peer p : f.peers()) {
                Optional<PeerRun> r = find(f, p, n, l);
                if (r.isEmpty()) {
                    continue;
                }
                long cycle = PeerRun.total(r.get().idleRefreshOps());
                for (Duration interval : fleetIntervals()) {
                    long max = FleetModel.maxInstances(cycle, interval);
                    md.append("| ").append(n).append(" | ").append(p.title()).append(" | ").append(cycle)
                            .append(" | ").append(duration(interval)).append(" | ")
                            .append(num(FleetModel.requestsPer10s(1, cycle, interval))).append(" | ")
                            .append(load(FleetModel.requestsPer10s(10, cycle, interval))).append(" | ")
                            .append(load(FleetModel.requestsPer10s(100, cycle, interval))).append(" | ")
                            .append(load(FleetModel.requestsPer10s(1000, cycle, interval))).append(" | ")
                            .append(max == Long.MAX_VALUE ? "any" : String.format(Locale.ROOT, "%,d", max))
                            .append(" |\n");
                }
            }
        }
        md.append("\nFigures over 4,000 are in bold: that fleet is throttled (HTTP 429) in steady state.\n\n");
        md.append("![fleet model](benchmarks/fleet.png)\n\n");
    }

    static List<Duration> fleetIntervals() {
        return List.of(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30));
    }

    private static void lookups(StringBuilder md, Figures f) {
        if (f.lookups().isEmpty()) {
            return;
        }
        md.append("## Lookups (JMH)\n\n");
        md.append("`LookupBenchmark`: 1,000 secrets loaded into kvconfig-source from the emulator, next to SmallRye's ")
                .append("map-backed `PropertiesConfigSource` holding the same 1,000 properties; a hit (`bench.0500`, ")
                .append("which kvconfig maps to secret `bench-0500`) and a miss, on the `ConfigSource` and through a ")
                .append("`SmallRyeConfig` (`getConfigValue`). No lookup does I/O. ").append(f.jmhSettings())
                .append("\n\n| lookup | kvconfig-source ns/op | map-backed ns/op | ratio |\n|---|---:|---:|---:|\n");
        for (String kind : List.of("sourceHit", "sourceMiss", "configHit", "configMiss")) {
            Optional<LookupResult> kv = lookup(f, kind + "Kvconfig");
            Optional<LookupResult> map = lookup(f, kind + "Map");
            md.append("| ").append(label(kind)).append(" | ").append(kv.map(Report::score).orElse("—")).append(" | ")
                    .append(map.map(Report::score).orElse("—")).append(" | ")
                    .append(kv.flatMap(k -> map.map(m -> ratio(k.nanos() / m.nanos()))).orElse("—")).append(" |\n");
        }
        md.append("\n![lookups](benchmarks/lookups.png)\n\n");
    }

    private static void heap(StringBuilder md, Figures f) {
        if (f.heap().isEmpty()) {
            return;
        }
        HeapFootprint.Result h = f.heap().get();
        md.append("## Retained heap\n\n");
        md.append("JOL `GraphLayout` over kvconfig's live snapshot (reached through `getProperties()`, a view with no ")
                .append("state of its own) after loading ").append(h.secrets()).append(" secrets of ")
                .append(BenchVault.VALUE_LENGTH).append(" bytes, minus the snapshot of an empty vault; next to a plain ")
                .append("`HashMap<String, String>` of the same names and values (what Spring Cloud Azure's property ")
                .append("source keeps). The SDK client and its connection pool are left out of both: they do not grow ")
                .append("with N.\n\n| what | bytes for ").append(h.secrets()).append(" secrets | per 1,000 secrets |\n")
                .append("|---|---:|---:|\n");
        md.append("| kvconfig snapshot | ").append(String.format(Locale.ROOT, "%,d", h.kvconfigBytes() - h.kvconfigEmptyBytes()))
                .append(" | ").append(kib(h.kvconfigPerThousand())).append(" |\n");
        md.append("| plain HashMap<String, String> | ").append(String.format(Locale.ROOT, "%,d", h.plainMapBytes()))
                .append(" | ").append(kib(h.plainMapPerThousand())).append(" |\n\n");
        md.append("The snapshot keeps, per secret, the secret name, the property name, the value, the version id, ")
                .append("the `updated`/`expires` times and the fetch time (needed to refresh by diff), in an ")
                .append("immutable map keyed by the lower-cased name.\n\n");
    }

    private static void machine(StringBuilder md, Figures f) {
        Machine m = f.machine();
        md.append("## Machine\n\n| | |\n|---|---|\n");
        md.append("| CPU | ").append(m.cpu()).append(", ").append(m.cores()).append(" cores visible |\n");
        md.append("| memory | ").append(m.memory()).append(" |\n");
        md.append("| JVM | ").append(m.java()).append(" |\n");
        md.append("| OS | ").append(m.os()).append(" |\n");
        md.append("| load average (1, 5, 15 min) | before: ").append(m.loadBefore()).append("; after: ")
                .append(m.loadAfter()).append(" |\n\n");
    }

    private static void notes(StringBuilder md, Figures f) {
        md.append("## Notes\n\n");
        for (String note : f.notes()) {
            md.append("- ").append(note).append('\n');
        }
        md.append('\n');
    }

    private static boolean countsAgree(Figures f) {
        for (PeerRun r : f.runs()) {
            for (PeerRun o : f.runs()) {
                if (r.peer() == o.peer() && r.secrets() == o.secrets() && !r.latency().equals(o.latency())
                        && (PeerRun.total(r.startupOps()) != PeerRun.total(o.startupOps())
                        || PeerRun.total(r.idleRefreshOps()) != PeerRun.total(o.idleRefreshOps()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Optional<PeerRun> find(Figures f, Peer p, int n, Duration l) {
        return f.runs().stream().filter(r -> r.peer() == p && r.secrets() == n && r.latency().equals(l)).findFirst();
    }

    private static Optional<LookupResult> lookup(Figures f, String name) {
        return f.lookups().stream().filter(l -> l.benchmark().equals(name)).findFirst();
    }

    private static String breakdown(Map<String, Long> ops) {
        long list = PeerRun.op(ops, "GetSecrets");
        long get = PeerRun.op(ops, "GetSecret");
        long total = PeerRun.total(ops);
        long other = total - list - get;
        return total + " (" + list + " + " + get + (other == 0 ? "" : " + " + other) + ")";
    }

    private static String label(String kind) {
        switch (kind) {
            case "sourceHit":
                return "ConfigSource.getValue, hit";
            case "sourceMiss":
                return "ConfigSource.getValue, miss";
            case "configHit":
                return "SmallRyeConfig.getConfigValue, hit";
            default:
                return "SmallRyeConfig.getConfigValue, miss";
        }
    }

    private static String score(LookupResult r) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", r.nanos(), r.error());
    }

    static String ms(long nanos) {
        if (nanos == 0) {
            return "0 ms";
        }
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String num(double d) {
        return d >= 10 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String load(double d) {
        String s = num(d);
        return d > FleetModel.VAULT_LIMIT_PER_10S ? "**" + s + "**" : s;
    }

    private static String kib(double bytes) {
        return String.format(Locale.ROOT, "%,.0f bytes (%.0f KiB)", bytes, bytes / 1024);
    }

    static String duration(Duration d) {
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
            return d.toMinutes() + " min";
        }
        if (d.toSeconds() > 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    /** For tests: the rows of a markdown table by its first cells. */
    static List<String> tableRows(String markdown, String headerStart) {
        List<String> rows = new ArrayList<>();
        boolean in = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith(headerStart)) {
                in = true;
                continue;
            }
            if (in) {
                if (!line.startsWith("|")) {
                    break;
                }
                if (!line.startsWith("|---")) {
                    rows.add(line);
                }
            }
        }
        return rows;
    }
}
