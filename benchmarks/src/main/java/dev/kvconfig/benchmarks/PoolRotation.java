package dev.kvconfig.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.Credentials;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.testing.postgres.PostgresServer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 23's rotation latency: the time from writing a new version of a database password to the first connection a
 * HikariCP 7 pool opens with it, at refresh intervals of 5 s and 30 s. A real PostgreSQL server (password authentication,
 * the shared test fixture), the in-process emulator (no injected latency), kvconfig-source with the given
 * {@code keyvault.refresh.interval} (jittered ±10% as always), a {@link CredentialsView} behind the pool's
 * {@code HikariCredentialsProvider}, soft eviction on change, and 8 threads querying through a pool of 4 all along.
 *
 * <p>Each rotation waits a random part of the interval first, so the write lands anywhere in the refresh cycle as it
 * does in production; then {@code ALTER ROLE … PASSWORD}, the clock starts, the new version is written, and the clock
 * stops at the first provider call that hands out the new password (the pool opens the connection right then). Expected:
 * at most one interval (+10%) plus one refresh cycle; on average about half an interval. Alone, from the repository
 * root after building:
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.PoolRotation [rotations at 5 s, default 5] [rotations at 30 s, default 3]
 * </pre>
 *
 * Prints a Markdown section; progress goes to standard error.
 */
public final class PoolRotation {

    static final String COMMAND = "java -cp benchmarks/target/kvconfig-benchmarks.jar dev.kvconfig.benchmarks.PoolRotation";
    private static final String VAULT = "rotation";
    private static final String SECRET = "db-password";
    private static final String ROLE = "bench_app";
    private static final int THREADS = 8;
    private static final int POOL_SIZE = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** One rotation: write → view changed, write → first connection with the new password, and the queries meanwhile. */
    record Rotation(Duration interval, long toViewNanos, long toConnectionNanos, long queries, long failed) {
        double queriesPerSecond() {
            return queries / (toConnectionNanos / 1e9);
        }
    }

    private PoolRotation() {
    }

    static final int DEFAULT_AT_5 = 5;
    static final int DEFAULT_AT_30 = 3;

    public static void main(String[] args) throws Exception {
        // As in BenchmarkMain: without it the JDK HttpServer's Nagle delays every small response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int at5 = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_AT_5;
        int at30 = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_AT_30;
        StringBuilder md = new StringBuilder();
        section(md, measure(at5, at30, System.err));
        System.out.print(md);
    }

    /** {@code at5} rotations at a 5 s refresh interval, then {@code at30} at 30 s, on one database and emulator. */
    static List<Rotation> measure(int at5, int at30, PrintStream progress) throws Exception {
        List<Rotation> rotations = new ArrayList<>();
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault(VAULT).start();
                PostgresServer pg = PostgresServer.start()) {
            pg.createRole(ROLE, password(0));
            emulator.setSecret(VAULT, SECRET, password(0));
            int generation = 0;
            for (Map.Entry<Duration, Integer> e : List.of(Map.entry(Duration.ofSeconds(5), at5),
                    Map.entry(Duration.ofSeconds(30), at30))) {
                if (e.getValue() > 0) {
                    generation = measure(emulator, pg, e.getKey(), e.getValue(), generation, rotations, progress);
                }
            }
        }
        return List.copyOf(rotations);
    }

    private static String password(int generation) {
        return "bench-password-" + generation;
    }

    /** {@code count} rotations at one refresh interval; returns the last password generation written. */
    static int measure(KeyVaultEmulator emulator, PostgresServer pg, Duration interval, int count, int generation,
            List<Rotation> into, PrintStream progress) throws Exception {
        Map<String, String> settings = new HashMap<>(emulator.clientSettings(VAULT, "keyvault."));
        settings.put("keyvault.refresh.interval", interval.toSeconds() + "s");
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredSources()
                .withSources(new PropertiesConfigSource(settings, "rotation-settings", 250)).build();
        AtomicLong queries = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong viewChanged = new AtomicLong();
        AtomicLong firstNew = new AtomicLong();
        String[] expected = {null};
        List<Thread> workers = new ArrayList<>();
        try (CredentialsView view = CredentialsView.builder("bench").secret(SECRET).username(ROLE)
                .build(KeyVaultConfigSource.of(config).get(0))) {
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("rotation-bench");
            hikari.setJdbcUrl(pg.jdbcUrl());
            hikari.setMaximumPoolSize(POOL_SIZE);
            hikari.setMinimumIdle(POOL_SIZE);
            hikari.setCredentialsProvider(() -> {
                Credentials c = view.current();
                synchronized (expected) {
                    if (c.password().equals(expected[0])) {
                        firstNew.compareAndSet(0, System.nanoTime());
                    }
                }
                return com.zaxxer.hikari.util.Credentials.of(c.username(), c.password());
            });
            try (HikariDataSource pool = new HikariDataSource(hikari)) {
                view.addListener(c -> {
                    viewChanged.compareAndSet(0, System.nanoTime());
                    pool.getHikariPoolMXBean().softEvictConnections();
                });
                for (int i = 0; i < THREADS; i++) {
                    Thread t = new Thread(() -> {
                        while (running.get()) {
                            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                                    ResultSet r = s.executeQuery("SELECT 1")) {
                                r.next();
                                queries.incrementAndGet();
                            } catch (SQLException e) {
                                failed.incrementAndGet();
                            }
                        }
                    }, "rotation-bench-" + i);
                    t.setDaemon(true);
                    t.start();
                    workers.add(t);
                }
                for (int i = 1; i <= count; i++) {
                    // Land the write anywhere in the refresh cycle.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(interval.toMillis()));
                    String next = password(++generation);
                    pg.setPassword(ROLE, next);
                    synchronized (expected) {
                        expected[0] = next;
                        firstNew.set(0);
                        viewChanged.set(0);
                    }
                    long q0 = queries.get();
                    long f0 = failed.get();
                    long t0 = System.nanoTime();
                    emulator.setSecret(VAULT, SECRET, next);
                    while (firstNew.get() == 0) {
                        if (System.nanoTime() - t0 > PATIENCE.toNanos()) {
                            throw new IllegalStateException("no connection with the new password within " + PATIENCE);
                        }
                        Thread.sleep(1);
                    }
                    long t1 = firstNew.get();
                    Rotation r = new Rotation(interval, viewChanged.get() - t0, t1 - t0, queries.get() - q0,
                            failed.get() - f0);
                    progress.println("rotation at " + interval.toSeconds() + " s, " + i + "/" + count + ": first new "
                            + "connection after " + Report.ms(r.toConnectionNanos()) + ", " + r.failed() + " failed");
                    into.add(r);
                }
            } finally {
                running.set(false);
                for (Thread t : workers) {
                    t.join(PATIENCE.toMillis());
                }
            }
        } finally {
            KeyVaultConfigSource.closeAll(config);
        }
        return generation;
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static void section(StringBuilder md, List<Rotation> rotations) {
        md.append("## Rotation reaching a connection pool\n\n");
        md.append("Time from writing a new version of a database password to the first connection a HikariCP 7 pool ")
                .append("opens with it (`HikariCredentialsProvider` over a `CredentialsView`, soft eviction on change), ")
                .append("PostgreSQL with password authentication, the emulator without injected latency, ").append(THREADS)
                .append(" threads querying through a pool of ").append(POOL_SIZE).append(". Each write lands at a ")
                .append("random point of the refresh cycle; the database password is changed just before it. Expected: ")
                .append("at most one interval (+10% jitter) plus one refresh cycle. Alone: `").append(COMMAND)
                .append("`.\n\n");
        md.append("| refresh interval | rotations | write → view changed (median, max) | write → first new connection "
                + "(median, max) | queries meanwhile, per second | failed queries |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Duration interval : rotations.stream().map(Rotation::interval).distinct().toList()) {
            List<Rotation> at = rotations.stream().filter(r -> r.interval().equals(interval)).toList();
            long[] view = at.stream().mapToLong(Rotation::toViewNanos).sorted().toArray();
            long[] conn = at.stream().mapToLong(Rotation::toConnectionNanos).sorted().toArray();
            double qps = at.stream().mapToDouble(Rotation::queriesPerSecond).average().orElse(0);
            long failed = at.stream().mapToLong(Rotation::failed).sum();
            md.append(String.format(Locale.ROOT, "| %d s | %d | %s, %s | %s, %s | %,.0f | %d |%n", interval.toSeconds(),
                    at.size(), Report.ms(median(view)), Report.ms(view[view.length - 1]),
                    Report.ms(median(conn)), Report.ms(conn[conn.length - 1]), qps, failed));
        }
        md.append('\n');
    }
}
