package dev.kvconfig.benchmarks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The first-start section of docs/benchmarks.md ({@link FirstStart}'s figures). */
final class FirstStartReport {

    /**
     * Where the runs before the code changed are kept (figures of code that is gone cannot be measured again, so they
     * are history, not output of this run), what was tried, and the variants.
     */
    static final String EARLIER = "Runs of this benchmark before the first-start changes, on the code of that time: "
            + "[benchmark history](internals/benchmark-history.md#first-start). What was tried, kept and dropped, and "
            + "why: [internals](internals/config-source.md#first-start); more variants (fewer requests in "
            + "flight, a C1-only JIT): `" + FirstStartVariants.COMMAND + "`. This run is on Java "
            + Runtime.version().feature() + "; on JDK 25 the benchmark adds the JDK's AOT cache (its figures and "
            + "command: [config-source](config-source.md#first-start-in-a-new-jvm), "
            + "[Quarkus](quarkus.md#startup-cost)).\n\n";

    /** The Quarkus target: {@code started in} with the extension at most this times without it. */
    private static final double QUARKUS_TARGET = 1.3;

    private FirstStartReport() {
    }

    /** The three first-start targets next to what the run measured; rows whose figures are missing are left out. */
    static void summaryRows(StringBuilder md, FirstStart.Result r) {
        long floor = floorNanos();
        Optional<FirstStart.Series> plain = r.core(FirstStart.PLAIN);
        Optional<FirstStart.Series> kv = r.core(FirstStart.KVCONFIG);
        if (plain.isPresent() && kv.isPresent()) {
            long over = kv.get().medianApp() - plain.get().medianApp();
            md.append("| first start, core, N = ").append(FirstStart.SECRETS).append(", L = ")
                    .append(FirstStart.LATENCY.toMillis()).append(" ms: kvconfig − same app without it (median of ")
                    .append(r.rounds()).append(") | ").append(Report.ms(over)).append(" = ")
                    .append(Report.ratio((double) over / floor)).append(" the network floor (")
                    .append(Report.ms(floor)).append(")").append(Report.met(over <= 2 * floor))
                    .append(both(r.core(FirstStart.PLAIN_CDS), r.core(FirstStart.KVCONFIG_CDS), floor, "AppCDS"))
                    .append(both(r.core(FirstStart.PLAIN_AOT), r.core(FirstStart.KVCONFIG_AOT), floor,
                            "the JDK 25 AOT cache"))
                    .append(" | ≤ 2× floor |\n");
        }
        Optional<FirstStart.Series> qp = r.quarkus(FirstStart.QUARKUS_PLAIN);
        Optional<FirstStart.Series> qe = r.quarkus(FirstStart.QUARKUS_EXT);
        if (qp.isPresent() && qe.isPresent()) {
            double x = (double) qe.get().medianApp() / qp.get().medianApp();
            md.append("| Quarkus example, `started in`: with the extension ÷ without (median of ").append(r.rounds())
                    .append(") | ").append(Report.ratio(x)).append(" (").append(seconds(qe.get().medianApp()))
                    .append(" vs ").append(seconds(qp.get().medianApp())).append(")")
                    .append(Report.met(x <= QUARKUS_TARGET));
            quarkusRatio(md, r, FirstStart.QUARKUS_PLAIN_CDS, FirstStart.QUARKUS_EXT_CDS, "both with Quarkus' AppCDS");
            quarkusRatio(md, r, FirstStart.QUARKUS_PLAIN_TRAINED, FirstStart.QUARKUS_EXT_TRAINED,
                    "both with AppCDS from a training start");
            quarkusRatio(md, r, FirstStart.QUARKUS_PLAIN_AOT, FirstStart.QUARKUS_EXT_AOT,
                    "both with the JDK 25 AOT cache from a training start");
            md.append(" | ≤ ").append(Report.ratio(QUARKUS_TARGET)).append(" |\n");
        }
        if (r.spring().isPresent() && r.springKvconfig().isPresent()) {
            double x = (double) r.spring().get().medianApp() / r.springKvconfig().get().medianApp();
            md.append("| first start, N = ").append(FirstStart.SPRING_SECRETS).append(", L = ")
                    .append(FirstStart.LATENCY.toMillis()).append(" ms: Spring Cloud Azure ÷ kvconfig (median of ")
                    .append(r.spring().get().samples().size()).append(") | ").append(Report.ratio(x)).append(" (")
                    .append(Report.ms(r.spring().get().medianApp())).append(" vs ")
                    .append(Report.ms(r.springKvconfig().get().medianApp())).append(")").append(Report.met(x >= 10))
                    .append(" | ≥ 10× |\n");
        }
    }

    private static void quarkusRatio(StringBuilder md, FirstStart.Result r, String plainVariant, String withVariant,
            String label) {
        Optional<FirstStart.Series> p = r.quarkus(plainVariant);
        Optional<FirstStart.Series> w = r.quarkus(withVariant);
        if (p.isPresent() && w.isPresent()) {
            md.append("; ").append(label).append(": ").append(Report.ratio((double) w.get().medianApp()
                    / p.get().medianApp())).append(" (").append(seconds(w.get().medianApp())).append(" vs ")
                    .append(seconds(p.get().medianApp())).append(")");
        }
    }

    private static String both(Optional<FirstStart.Series> plain, Optional<FirstStart.Series> kv, long floor,
            String with) {
        if (plain.isEmpty() || kv.isEmpty()) {
            return "";
        }
        long over = kv.get().medianApp() - plain.get().medianApp();
        return "; both with " + with + ": " + Report.ms(over) + " = " + Report.ratio((double) over / floor);
    }

    static void section(StringBuilder md, FirstStart.Result r) {
        long floor = floorNanos();
        md.append("## First start in a new JVM\n\n");
        md.append(EARLIER);
        md.append("What a user waits for when a fresh JVM starts. Every start below is a new JVM; the ")
                .append("variants run interleaved (A, B, C, D, A, B, …, ").append(r.rounds()).append(" rounds), so ")
                .append("load on a shared machine hits all of them; medians, with the spread in brackets. The ")
                .append("*core* app (`FirstStartApp`) builds its SmallRye config as an application does (discovered ")
                .append("sources, its settings from a properties file) and reads one property: *without kvconfig* ")
                .append("its file holds the ").append(FirstStart.SECRETS).append(" values and kvconfig is not on the ")
                .append("classpath (`kvconfig-benchmarks-plain.jar`); *kvconfig* reads them from the vault (N = ")
                .append(FirstStart.SECRETS).append(", L = ").append(FirstStart.LATENCY.toMillis())
                .append(" ms, network floor ").append(Report.ms(floor)).append("). *AppCDS*: both apps again with ")
                .append("an archive recorded by one unmeasured run (`-XX:ArchiveClassesAtExit`, then ")
                .append("`-XX:SharedArchiveFile`; recipe in the config-source docs). *JDK AOT cache* (when the ")
                .append("benchmark runs on JDK 25 or later): the same with the JDK's ahead-of-time cache, classes ")
                .append("loaded and linked and method profiles from one training run (`-XX:AOTCacheOutput`, then ")
                .append("`-XX:AOTCache`; JEP 483, 514, 515). CPU times come from ")
                .append("`/proc/<pid>/task/*/schedstat` (this machine's hypervisor offers no instruction counter); ")
                .append("the class counts are deterministic and are what changes were decided by.\n\n");
        md.append("| variant | first start: main() to the value | launch to the value | main thread CPU | "
                + "process CPU (all threads) |\n|---|---:|---:|---:|---:|\n");
        for (FirstStart.Series s : r.core()) {
            md.append("| ").append(s.variant()).append(" | ").append(spread(s)).append(" | ")
                    .append(Report.ms(s.medianWall())).append(" | ").append(cpu(s.medianMainCpu())).append(" | ")
                    .append(cpu(s.medianProcessCpu())).append(" |\n");
        }
        md.append('\n');
        breakdown(md, r);
        quarkus(md, r);
        cpuBound(md, r, Runtime.getRuntime().availableProcessors());
        spring(md, r);
        for (String note : r.notes()) {
            md.append("- ").append(note).append('\n');
        }
        if (!r.notes().isEmpty()) {
            md.append('\n');
        }
    }

    private static void breakdown(StringBuilder md, FirstStart.Result r) {
        Optional<FirstStart.Breakdown> plain = find(r, FirstStart.PLAIN);
        Optional<FirstStart.Breakdown> kv = find(r, FirstStart.KVCONFIG);
        if (kv.isEmpty()) {
            return;
        }
        md.append("### Where the first start goes: classes per library\n\n");
        md.append("One more start of each app with `-Xlog:class+load:file=…:tn`, classes loaded up to the value, by ")
                .append("package; bytes are the class files read (classes generated at run time, lambdas and ")
                .append("method-handle forms, have none). Loading, verifying and initialising a class and running ")
                .append("its first code interpreted is most of a first start's CPU.\n\n");
        libraries(md, plain, kv.get(), true);
        if (!kv.get().phases().isEmpty()) {
            md.append("### Where the first start goes: phases of the first load\n\n");
            md.append("The same kvconfig start, cut at the first class each phase loads (a phase ends where the next ")
                    .append("one's first class appears; one run, with logging on, so read the times as shares, not ")
                    .append("as figures: ").append(Report.ms(kv.get().nanosToValue())).append(" from main() to the ")
                    .append("value in this run).\n\n");
            md.append("| phase | time | classes loaded |\n|---|---:|---:|\n");
            for (FirstStart.Phase ph : kv.get().phases()) {
                md.append("| ").append(ph.name()).append(" | ").append(Report.ms(ph.nanos())).append(" | ")
                        .append(String.format(Locale.ROOT, "%,d", ph.classes())).append(" |\n");
            }
            md.append('\n');
        }
    }

    /** Classes per library of two starts side by side; class-file bytes only where the driver's classpath has them. */
    private static void libraries(StringBuilder md, Optional<FirstStart.Breakdown> plain, FirstStart.Breakdown with,
            boolean bytes) {
        md.append("| library | classes without | classes with | added | of them generated |")
                .append(bytes ? " class-file bytes added |\n|---|---:|---:|---:|---:|---:|\n" : "\n|---|---:|---:|---:|---:|\n");
        Set<String> libraries = new LinkedHashSet<>();
        with.libraries().keySet().forEach(libraries::add);
        plain.ifPresent(p -> libraries.addAll(p.libraries().keySet()));
        int totalPlain = 0;
        int totalWith = 0;
        long totalBytes = 0;
        int totalGenerated = 0;
        for (String lib : libraries) {
            ClassLoadLog.Library k = with.libraries().get(lib);
            ClassLoadLog.Library p = plain.map(b -> b.libraries().get(lib)).orElse(null);
            int kc = k == null ? 0 : k.classes();
            int pc = p == null ? 0 : p.classes();
            int kg = k == null ? 0 : k.generated();
            int pg = p == null ? 0 : p.generated();
            long kb = k == null ? 0 : k.bytes();
            long pb = p == null ? 0 : p.bytes();
            totalPlain += pc;
            totalWith += kc;
            totalBytes += kb - pb;
            totalGenerated += kg - pg;
            md.append("| ").append(lib).append(" | ").append(count(pc)).append(" | ").append(count(kc)).append(" | ")
                    .append(signed(kc - pc)).append(" | ").append(signed(kg - pg)).append(" |");
            md.append(bytes ? " " + bytes(kb - pb) + " |\n" : "\n");
        }
        md.append("| **total** | ").append(count(totalPlain)).append(" | ").append(count(totalWith)).append(" | ")
                .append(signed(totalWith - totalPlain)).append(" | ").append(signed(totalGenerated)).append(" |");
        md.append(bytes ? " " + bytes(totalBytes) + " |\n\n" : "\n\n");
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String signed(int n) {
        return String.format(Locale.ROOT, "%+,d", n);
    }

    private static void quarkus(StringBuilder md, FirstStart.Result r) {
        if (r.quarkus().isEmpty()) {
            return;
        }
        md.append("### Quarkus example\n\n");
        md.append("`examples/quarkus-app` packaged (`quarkus-run.jar`, prod profile, health and Prometheus metrics on ")
                .append("in both), one vault with its two secrets at 0 ms latency, read by the extension, or, in the ")
                .append("`-Dno-keyvault` build, the same two values from `config/application.properties`. Quarkus' ")
                .append("own `started in`. *AppCDS*: the archive `quarkus.package.jar.appcds.enabled` built, from a ")
                .append("start that stops after static init, before the config sources load; *AppCDS from a training ")
                .append("start*: an archive written by one full start stopped after `started in` ")
                .append("(`-XX:ArchiveClassesAtExit`); *JDK AOT cache from a training start* (JDK 25 or later): ")
                .append("the same start recording the JDK's AOT cache (`-XX:AOTCacheOutput`, then `-XX:AOTCache`).\n\n");
        md.append("| variant | started in | launch to `started in` | process CPU at `started in` |\n")
                .append("|---|---:|---:|---:|\n");
        for (FirstStart.Series s : r.quarkus()) {
            md.append("| ").append(s.variant()).append(" | ").append(seconds(s.medianApp())).append(" (")
                    .append(seconds(s.minApp())).append("–").append(seconds(s.maxApp())).append(") | ")
                    .append(seconds(s.medianWall())).append(" | ")
                    .append(s.medianProcessCpu() < 0 ? "n/a" : seconds(s.medianProcessCpu())).append(" |\n");
        }
        md.append('\n');
        Optional<FirstStart.Breakdown> with = find(r, FirstStart.QUARKUS_EXT);
        if (with.isPresent()) {
            md.append("Classes loaded by each app, stopped right after `started in` (one start each with ")
                    .append("`-Xlog:class+load`):\n\n");
            libraries(md, find(r, FirstStart.QUARKUS_PLAIN), with.get(), false);
        }
    }

    private static void spring(StringBuilder md, FirstStart.Result r) {
        if (r.spring().isEmpty() || r.springKvconfig().isEmpty()) {
            return;
        }
        md.append("### First start next to Spring Cloud Azure, N = ").append(FirstStart.SPRING_SECRETS)
                .append(", L = ").append(FirstStart.LATENCY.toMillis()).append(" ms\n\n");
        md.append("The peers of the startup table above, first start only (config build to the first vault ")
                .append("property), alternated, ").append(r.spring().get().samples().size()).append(" each.\n\n");
        md.append("| peer | first start |\n|---|---:|\n");
        for (FirstStart.Series s : List.of(r.springKvconfig().get(), r.spring().get())) {
            md.append("| ").append(s.variant()).append(" | ").append(spread(s)).append(" |\n");
        }
        md.append('\n');
    }

    private static Optional<FirstStart.Breakdown> find(FirstStart.Result r, String variant) {
        return r.breakdowns().stream().filter(b -> b.variant().equals(variant)).findFirst();
    }

    private static String spread(FirstStart.Series s) {
        return Report.ms(s.medianApp()) + " (" + Report.ms(s.minApp()) + "–" + Report.ms(s.maxApp()) + ")";
    }

    private static String cpu(long nanos) {
        return nanos < 0 ? "—" : Report.ms(nanos);
    }

    /**
     * What the added CPU time alone costs in wall-clock time, even if every cycle ran in parallel on all the machine's
     * cores, next to what the targets allow: when the bound is above the allowance, no scheduling can meet the
     * target; only less work can.
     */
    static void cpuBound(StringBuilder md, FirstStart.Result r, int cores) {
        Optional<FirstStart.Series> plain = r.core(FirstStart.PLAIN);
        Optional<FirstStart.Series> kv = r.core(FirstStart.KVCONFIG);
        Optional<FirstStart.Series> qp = r.quarkus(FirstStart.QUARKUS_PLAIN);
        Optional<FirstStart.Series> qe = r.quarkus(FirstStart.QUARKUS_EXT);
        boolean core = plain.isPresent() && kv.isPresent() && plain.get().medianProcessCpu() >= 0
                && kv.get().medianProcessCpu() >= 0;
        boolean quarkus = qp.isPresent() && qe.isPresent() && qp.get().medianProcessCpu() >= 0
                && qe.get().medianProcessCpu() >= 0;
        if (!core && !quarkus) {
            return;
        }
        md.append("**The CPU bound.** The CPU time kvconfig adds, spread perfectly over this machine's ").append(cores)
                .append(" cores, is the least wall-clock time it can add, whatever runs in parallel; next to it, what ")
                .append("the target allows:\n\n");
        if (core) {
            long added = kv.get().medianProcessCpu() - plain.get().medianProcessCpu();
            long floor = floorNanos();
            md.append("- core: ").append(Report.ms(added)).append(" of CPU added (").append(cpu(kv.get().medianProcessCpu()))
                    .append(" − ").append(cpu(plain.get().medianProcessCpu())).append("), so at least ")
                    .append(Report.ms(added / cores)).append(" more wall-clock time; the target allows ")
                    .append(Report.ms(2 * floor)).append(" (2× the floor)\n");
        }
        if (quarkus) {
            long added = qe.get().medianProcessCpu() - qp.get().medianProcessCpu();
            double share = QUARKUS_TARGET - 1;
            long allowed = Math.round(qp.get().medianApp() * share);
            md.append("- Quarkus: ").append(seconds(added)).append(" of CPU added by `started in` (")
                    .append(seconds(qe.get().medianProcessCpu())).append(" − ").append(seconds(qp.get().medianProcessCpu()))
                    .append("), so at least ").append(seconds(added / cores)).append(" more; the target allows ")
                    .append(seconds(allowed)).append(" (").append(share(share)).append(" × ")
                    .append(seconds(qp.get().medianApp())).append(")\n");
        }
        md.append('\n');
    }

    /** The core's network floor: N = {@value FirstStart#SECRETS}, L = 20 ms, the default concurrency. */
    private static long floorNanos() {
        return Floor.startup(FirstStart.SECRETS, FirstStart.LATENCY, Floor.DEFAULT_CONCURRENCY).toNanos();
    }

    /** A share such as 0.3, without float noise. */
    private static String share(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String bytes(long b) {
        return String.format(Locale.ROOT, "%+,.0f KiB", b / 1024.0);
    }
}
