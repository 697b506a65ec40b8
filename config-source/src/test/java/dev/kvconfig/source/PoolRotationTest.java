package dev.kvconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.emulator.junit.KeyVaultEmulatorExtension;
import dev.kvconfig.testing.postgres.PostgresExtension;
import dev.kvconfig.testing.postgres.PostgresServer;
import dev.kvconfig.testing.postgres.Session;
import io.smallrye.config.SmallRyeConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rotation reaches a real pool: HikariCP 7's {@link HikariCredentialsProvider} reads a {@link CredentialsView}, eight
 * threads query PostgreSQL (password authentication required) through it, and the database password rotates under them.
 *
 * <p>Each rotation follows the order ops would: change the database first (single user: {@code ALTER ROLE … PASSWORD};
 * dual user: the inactive login already has its password), then write the new secret version, then refresh
 * ({@code refreshNow()}, so the test does not wait on the interval). The view's change listener soft-evicts the pool.
 * Then every backend of the old login is terminated ({@code pg_terminate_backend}) so the pool must open new
 * connections. The pool is suspended while that happens, with no query in flight: a query running on a backend at the
 * moment it is terminated fails whatever the credentials (that failure is the database's doing, not the pool's), and the
 * test counts every failed query, so it keeps those out and any failure left is a credentials failure.
 */
class PoolRotationTest {

    private static final int THREADS = 8;
    private static final int POOL_SIZE = 4;
    private static final String APPLICATION = "kvconfig-rotation-test";
    /** Queries each thread completes between steps: proof the pool is serving, not a timing. */
    private static final int PROGRESS = 25;
    /** How long a step may take before the test gives up; a liveness bound, never asserted as a figure. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @RegisterExtension
    static final KeyVaultEmulatorExtension EMULATOR = KeyVaultEmulatorExtension.of(KeyVaultEmulator.builder()
            .vault("single").vault("dual").vault("bad"));

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void singleUser_passwordRotated_newConnectionsUseNewPasswordWithNoFailedQuery() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("app_single", "single-pw-1");
        EMULATOR.get().setSecret("single", "app-password", "single-pw-1");
        try (Fixture f = new Fixture("single", b -> b.secret("app-password").username("app_single"))) {
            f.awaitProgress();

            pg.setPassword("app_single", "single-pw-2"); // ops: the database first …
            EMULATOR.get().setSecret("single", "app-password", "single-pw-2"); // … then the new version
            int callsAfterRefresh = f.refresh();

            assertThat(f.view.current().password()).isEqualTo("single-pw-2");
            Set<Integer> oldBackends = f.backendPids();
            int terminated = f.terminateWithNoQueryInFlight("app_single");
            f.awaitProgress();

            f.stop();
            assertThat(f.failures()).isEmpty();
            assertThat(terminated).isPositive();
            assertThat(f.credentialsHandedOutSince(callsAfterRefresh)).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.password()).isEqualTo("single-pw-2"));
            assertThat(f.sessions()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.username()).isEqualTo("app_single");
                assertThat(oldBackends).doesNotContain(s.pid());
            });
            assertThat(pg.canLogin("app_single", "single-pw-1")).isFalse();
            assertThat(f.source.status().refused()).isEmpty();
        }
    }

    @Test
    void dualUser_versionSwitchesLogin_newConnectionsUseTheOtherLoginWithNoFailedQuery() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("app_blue", "blue-pw-1");
        pg.createRole("app_green", "green-pw-1");
        SecretClient sdk = TestVaults.sdk(EMULATOR.get(), "dual");
        writeTagged(sdk, "app-login", "blue-pw-1", "app_blue");
        try (Fixture f = new Fixture("dual", b -> b.secret("app-login").format(CredentialsView.Format.TAGGED))) {
            f.awaitProgress();
            assertThat(f.sessions()).extracting(Session::username).containsOnly("app_blue");

            writeTagged(sdk, "app-login", "green-pw-1", "app_green"); // green already has its password
            int callsAfterRefresh = f.refresh();

            assertThat(f.view.current().username()).isEqualTo("app_green");
            // The view's listener soft-evicted the pool: blue connections close as they come back, green ones replace
            // them, long before blue's maxLifetime (30 minutes) would have.
            f.awaitSessions(sessions -> !sessions.isEmpty()
                    && sessions.stream().allMatch(s -> s.username().equals("app_green")));
            // The soft eviction has retired blue's connections as they came back; end every backend of both logins, so
            // the pool must log in again now, and no blue session can be left over.
            int terminated = f.terminateWithNoQueryInFlight("app_blue", "app_green");
            f.awaitProgress();
            // ops, next: reset the now inactive login, ready for the rotation after this one
            pg.setPassword("app_blue", "blue-pw-2");
            f.awaitProgress();

            f.stop();
            assertThat(f.failures()).isEmpty();
            assertThat(terminated).isPositive();
            assertThat(f.credentialsHandedOutSince(callsAfterRefresh)).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.username()).isEqualTo("app_green"));
            assertThat(f.sessions()).isNotEmpty().extracting(Session::username).containsOnly("app_green");
            assertThat(pg.canLogin("app_blue", "blue-pw-1")).isFalse();
        }
    }

    @Test
    void badVersions_noPasswordAndBadJson_poolKeepsLastGoodCredentialsThenTakesTheNextGoodOne() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("app_json", "json-pw-1");
        EMULATOR.get().setSecret("bad", "app-json", "{\"username\": \"app_json\", \"password\": \"json-pw-1\"}");
        try (Fixture f = new Fixture("bad", b -> b.secret("app-json").format(CredentialsView.Format.JSON))) {
            f.awaitProgress();

            EMULATOR.get().setSecret("bad", "app-json", "{\"username\": \"app_json\", \"password\": \"json-pw-bro");
            int callsAfterBadJson = f.refresh();
            VaultStatus badJson = f.source.status();
            f.terminateWithNoQueryInFlight("app_json");
            f.awaitProgress();

            EMULATOR.get().setSecret("bad", "app-json", "{\"username\": \"app_json\"}");
            f.refresh();
            VaultStatus noPassword = f.source.status();
            f.terminateWithNoQueryInFlight("app_json");
            f.awaitProgress();

            // The background refresh (1 s) may take the good version before refreshNow() does: count up to the write.
            int callsBeforeGood = f.handedOutCount();
            pg.setPassword("app_json", "json-pw-2");
            EMULATOR.get().setSecret("bad", "app-json", "{\"username\": \"app_json\", \"password\": \"json-pw-2\"}");
            int callsAfterGood = f.refresh();
            f.terminateWithNoQueryInFlight("app_json");
            f.awaitProgress();

            f.stop();
            assertThat(f.failures()).isEmpty();
            assertThat(badJson.refused()).singleElement().asString()
                    .contains("credentials bad-db", "secret app-json", "not valid JSON").doesNotContain("json-pw");
            assertThat(noPassword.refused()).singleElement().asString()
                    .contains("secret app-json", "no \"password\"").doesNotContain("json-pw");
            assertThat(f.credentialsHandedOutSince(callsAfterBadJson).subList(0,
                    callsBeforeGood - callsAfterBadJson)).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.password()).isEqualTo("json-pw-1"));
            assertThat(f.credentialsHandedOutSince(callsAfterGood)).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.password()).isEqualTo("json-pw-2"));
            assertThat(f.source.status().refused()).isEmpty();
            assertThat(f.view.refusal()).isEmpty();
        }
    }

    private static void writeTagged(SecretClient sdk, String name, String password, String login) {
        sdk.setSecret(new KeyVaultSecret(name, password)
                .setProperties(new SecretProperties().setTags(Map.of(CredentialsView.DEFAULT_USERNAME_TAG, login))));
    }

    /**
     * One vault source, one credentials view over it, one Hikari pool reading the view, and eight threads querying
     * through the pool until {@link #stop()}.
     */
    private static final class Fixture implements AutoCloseable {

        final SmallRyeConfig config;
        final KeyVaultConfigSource source;
        final CredentialsView view;
        final HikariDataSource pool;
        /** Every credentials the pool asked for, in order: one per physical connection it opened. */
        final List<Credentials> handedOut = new CopyOnWriteArrayList<>();
        /** Orders reading the view and recording it against {@link #refresh()} counting what was handed out. */
        final Object handing = new Object();
        final AtomicLongArray queries = new AtomicLongArray(THREADS);
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> workers = new ArrayList<>();

        Fixture(String vault, java.util.function.UnaryOperator<CredentialsView.Builder> settings) {
            Map<String, String> properties = new HashMap<>(TestVaults.settings(EMULATOR.get(), vault));
            // Short, so a missed refreshNow() would still be caught up soon; the test drives refresh itself.
            properties.put("keyvault.refresh.interval", "1s");
            config = TestVaults.config(properties);
            source = TestVaults.source(config);
            view = settings.apply(CredentialsView.builder(vault + "-db")).build(source);

            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("rotation-" + vault);
            hikari.setJdbcUrl(POSTGRES.get().jdbcUrl());
            hikari.addDataSourceProperty("ApplicationName", APPLICATION);
            hikari.setCredentialsProvider(recording());
            // A fixed-size pool: no connection is opened between the database change and the refresh by itself.
            hikari.setMaximumPoolSize(POOL_SIZE);
            hikari.setMinimumIdle(POOL_SIZE);
            hikari.setAllowPoolSuspension(true);
            pool = new HikariDataSource(hikari);
            view.addListener(c -> pool.getHikariPoolMXBean().softEvictConnections());

            for (int i = 0; i < THREADS; i++) {
                int index = i;
                Thread t = new Thread(() -> query(index), "rotation-query-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
        }

        private HikariCredentialsProvider recording() {
            return () -> {
                Credentials c;
                synchronized (handing) {
                    c = view.current();
                    handedOut.add(c);
                }
                return com.zaxxer.hikari.util.Credentials.of(c.username(), c.password());
            };
        }

        private void query(int index) {
            while (running.get()) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT current_user")) {
                    r.next();
                    queries.incrementAndGet(index);
                } catch (SQLException e) {
                    failures.add(e.getSQLState() + " " + e.getMessage());
                }
            }
        }

        /**
         * Refreshes now; returns how many credentials the pool had asked for once the view had the new version (every
         * later request gets it). The background cycle may have taken the version first; this count is then higher.
         */
        int refresh() throws Exception {
            source.refreshNow().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return handedOutCount();
        }

        /** How many credentials the pool has asked for so far. */
        int handedOutCount() {
            synchronized (handing) {
                return handedOut.size();
            }
        }

        /** Waits until every thread has completed {@value #PROGRESS} more queries. */
        void awaitProgress() throws InterruptedException {
            long[] start = new long[THREADS];
            for (int i = 0; i < THREADS; i++) {
                start[i] = queries.get(i);
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (int i = 0; i < THREADS; i++) {
                while (queries.get(i) < start[i] + PROGRESS) {
                    assertThat(System.nanoTime()).as("thread %d stalled; failures so far: %s", i, failures)
                            .isLessThan(deadline);
                    Thread.sleep(5);
                }
            }
        }

        /**
         * Suspends the pool, waits until no connection is in use, terminates the roles' backends, soft-evicts what the
         * pool holds (now dead), resumes. Threads asking for a connection meanwhile wait; none fails.
         */
        int terminateWithNoQueryInFlight(String... roles) throws InterruptedException {
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            mx.suspendPool();
            try {
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (mx.getActiveConnections() > 0) {
                    assertThat(System.nanoTime()).as("connections still in use").isLessThan(deadline);
                    Thread.sleep(1);
                }
                int terminated = POSTGRES.get().terminateBackends(roles);
                mx.softEvictConnections();
                return terminated;
            } finally {
                mx.resumePool();
            }
        }

        /** Waits until the pool's sessions satisfy the condition. */
        void awaitSessions(java.util.function.Predicate<List<Session>> condition) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!condition.test(sessions())) {
                assertThat(System.nanoTime()).as("sessions now: %s", sessions()).isLessThan(deadline);
                Thread.sleep(10);
            }
        }

        List<Session> sessions() {
            return POSTGRES.get().sessions().stream().filter(s -> s.applicationName().equals(APPLICATION)).toList();
        }

        Set<Integer> backendPids() {
            return sessions().stream().map(Session::pid).collect(Collectors.toSet());
        }

        List<Credentials> credentialsHandedOutSince(int index) {
            return List.copyOf(handedOut.subList(index, handedOut.size()));
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : workers) {
                t.join(PATIENCE.toMillis());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            pool.close();
            view.close();
            KeyVaultConfigSource.closeAll(config);
        }
    }
}
