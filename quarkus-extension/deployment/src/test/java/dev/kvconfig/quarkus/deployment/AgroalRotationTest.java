package dev.kvconfig.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.secrets.SecretClient;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.quarkus.runtime.credentials.KeyVaultCredentialsProvider;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultStatus;
import dev.kvconfig.testing.postgres.PostgresServer;
import dev.kvconfig.testing.postgres.Session;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.quarkus.agroal.DataSource;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rotation reaches a real Agroal pool: three datasources take their credentials from the {@code keyvault}
 * {@link CredentialsProvider} ({@code credentials-provider-name=keyvault}), one per way of keeping credentials in a
 * secret; eight threads query PostgreSQL (password authentication required, Dev Services off) through a pool of four,
 * and the database password rotates under them. The Quarkus mirror of the core's {@code PoolRotationTest}.
 *
 * <p>Each rotation follows the order ops would: change the database first (single user: {@code ALTER ROLE … PASSWORD};
 * dual user: the inactive login already has its password), then write the new secret version through the SDK. The
 * extension flushes the pool gracefully once the credentials change. Then every backend of the old login is terminated
 * ({@code pg_terminate_backend}) so the pool must open new connections, while no query is in flight: a query running on
 * a backend at the moment it is terminated fails whatever the credentials (the database's doing, not the pool's), and
 * the test counts every failed query, so it keeps those out and any failure left is a credentials failure. Agroal has
 * no pool suspension, so the workers pass a gate (a read lock each query, the write lock to terminate).
 */
class AgroalRotationTest {

    private static final Logger LOG = Logger.getLogger(AgroalRotationTest.class);
    private static final int THREADS = 8;
    private static final int POOL_SIZE = 4;
    /** Queries each thread completes between steps: proof the pool is serving, not a timing. */
    private static final int PROGRESS = 25;
    /** How long a step may take before the test gives up; a liveness bound, never asserted as a figure. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final List<String> DATASOURCES = List.of("single", "dual", "bad", "kept");

    /**
     * The server, started on the JUnit side before Quarkus builds the application (the JDBC URL is configuration). The
     * test methods run in Quarkus' copy of this class and read it from the JUnit side's ({@link #pg()}); the fixture's
     * classes are loaded parent-first, so both sides share them.
     */
    private static PostgresServer server;

    private static final ExplicitEmulator VAULTS = ExplicitEmulator.of(() -> KeyVaultEmulator.builder()
            .vault("rotation")
            .seed("rotation", Map.of("single-password", "single-pw-1",
                    "bad-json", "{\"username\": \"app_json\", \"password\": \"json-pw-1\"}")), "rotation")
            .afterStart(e -> {
                VaultWriter.setSecret(e, "rotation", "dual-login", "blue-pw-1",
                        Map.of(CredentialsView.DEFAULT_USERNAME_TAG, "app_blue"));
                VaultWriter.setSecret(e, "rotation", "kept-login", "kept-a-pw",
                        Map.of(CredentialsView.DEFAULT_USERNAME_TAG, "app_kept_a"));
            });

    @RegisterExtension
    static final QuarkusUnitTest APP = datasources(new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(VaultWriter.class, ExplicitEmulator.class))
            .overrideConfigKey("quarkus.class-loading.parent-first-artifacts", "dev.kvconfig:kvconfig-test-postgres")
            .overrideConfigKey("quarkus.keyvault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.datasource.devservices.enabled", "false")
            // Short, so the dual-user rotation is taken by the background refresh; the others also refresh at once.
            .overrideConfigKey("quarkus.keyvault.refresh.interval", "1s")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.single-db.secret", "single-password")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.single-db.username", "app_single")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.dual-db.secret", "dual-login")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.dual-db.format", "tagged")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.bad-db.secret", "bad-json")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.bad-db.format", "json")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.kept-db.secret", "kept-login")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.kept-db.format", "tagged")
            .overrideConfigKey("quarkus.keyvault.credentials-provider.kept-db.evict-on-change", "false")
            .setBeforeAllCustomizer(AgroalRotationTest::start)
            .setAfterAllCustomizer(AgroalRotationTest::stop));

    @Inject
    @DataSource("single")
    AgroalDataSource single;

    @Inject
    @DataSource("dual")
    AgroalDataSource dual;

    @Inject
    @DataSource("bad")
    AgroalDataSource bad;

    @Inject
    @DataSource("kept")
    AgroalDataSource kept;

    @Inject
    @Named(KeyVaultCredentialsProvider.NAME)
    CredentialsProvider provider;

    @Inject
    Config config;

    /** Datasource {@code <ds>} reads credentials provider {@code <ds>-db}; a fixed-size pool of four. */
    private static QuarkusUnitTest datasources(QuarkusUnitTest app) {
        for (String ds : DATASOURCES) {
            String prefix = "quarkus.datasource." + ds + ".";
            app.overrideConfigKey(prefix + "db-kind", "postgresql")
                    .overrideConfigKey(prefix + "devservices.enabled", "false")
                    .overrideConfigKey(prefix + "credentials-provider", ds + "-db")
                    .overrideConfigKey(prefix + "credentials-provider-name", KeyVaultCredentialsProvider.NAME)
                    // Fixed size: no connection is opened between the database change and the refresh by itself.
                    .overrideConfigKey(prefix + "jdbc.initial-size", String.valueOf(POOL_SIZE))
                    .overrideConfigKey(prefix + "jdbc.min-size", String.valueOf(POOL_SIZE))
                    .overrideConfigKey(prefix + "jdbc.max-size", String.valueOf(POOL_SIZE))
                    .overrideConfigKey(prefix + "jdbc.acquisition-timeout", "30S")
                    // The pool's counts tell when a flush has taken every connection out.
                    .overrideConfigKey(prefix + "jdbc.metrics.enabled", "true")
                    .overrideConfigKey(prefix + "jdbc.additional-jdbc-properties.ApplicationName", application(ds));
        }
        return app;
    }

    private static String application(String ds) {
        return "kvconfig-agroal-" + ds;
    }

    static void start() {
        server = PostgresServer.start();
        server.createRole("app_single", "single-pw-1");
        server.createRole("app_blue", "blue-pw-1");
        server.createRole("app_green", "green-pw-1");
        server.createRole("app_json", "json-pw-1");
        server.createRole("app_kept_a", "kept-a-pw");
        server.createRole("app_kept_b", "kept-b-pw");
        DATASOURCES.forEach(ds -> System.setProperty("quarkus.datasource." + ds + ".jdbc.url", server.jdbcUrl()));
        VAULTS.start();
    }

    static void stop() {
        VAULTS.stop();
        DATASOURCES.forEach(ds -> System.clearProperty("quarkus.datasource." + ds + ".jdbc.url"));
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void singleUser_passwordRotated_newConnectionsUseNewPasswordWithNoFailedQuery() throws Exception {
        PostgresServer pg = pg();
        try (Load load = new Load(single, "single")) {
            load.awaitProgress();
            Set<Integer> oldBackends = load.backendPids();

            pg.setPassword("app_single", "single-pw-2"); // ops: the database first …
            vault().setSecret("single-password", "single-pw-2"); // … then the new version
            refresh();

            assertThat(provider.getCredentials("single-db")).containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME,
                    "single-pw-2");
            int terminated = load.terminateWithNoQueryInFlight("app_single");
            load.awaitProgress();

            load.stop();
            assertThat(load.failures()).isEmpty();
            assertThat(terminated).isPositive();
            assertThat(load.sessions()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.username()).isEqualTo("app_single");
                assertThat(oldBackends).doesNotContain(s.pid());
            });
            assertThat(pg.canLogin("app_single", "single-pw-1")).isFalse();
            assertThat(pg.canLogin("app_single", "single-pw-2")).isTrue();
        }
    }

    @Test
    void dualUser_versionSwitchesLogin_poolFlushedOntoTheOtherLoginWithNoFailedQuery() throws Exception {
        PostgresServer pg = pg();
        try (Load load = new Load(dual, "dual")) {
            load.awaitProgress();
            assertThat(load.sessions()).extracting(Session::username).containsOnly("app_blue");

            // green already has its password; no refreshNow(): the background refresh takes the version, and the
            // extension's graceful flush moves the pool without waiting for its max lifetime.
            Instant written = Instant.now();
            VaultWriter.setSecret(vault(), "dual-login", "green-pw-1",
                    Map.of(CredentialsView.DEFAULT_USERNAME_TAG, "app_green"));
            load.awaitSessions(sessions -> !sessions.isEmpty()
                    && sessions.stream().allMatch(s -> s.username().equals("app_green")));
            Instant firstGreen = load.sessions().stream().map(Session::backendStart).min(Instant::compareTo)
                    .orElseThrow();
            LOG.infof("rotation latency (dual user, refresh interval 1s): %d ms from the new version to the first "
                    + "connection as the new login", Duration.between(written, firstGreen).toMillis());

            // End every backend of both logins, so the pool must log in again now and no blue session is left over.
            int terminated = load.terminateWithNoQueryInFlight("app_blue", "app_green");
            load.awaitProgress();
            pg.setPassword("app_blue", "blue-pw-2"); // ops, next: reset the now inactive login
            load.awaitProgress();

            load.stop();
            assertThat(load.failures()).isEmpty();
            assertThat(terminated).isPositive();
            assertThat(load.sessions()).isNotEmpty().extracting(Session::username).containsOnly("app_green");
            assertThat(provider.getCredentials("dual-db")).containsEntry(CredentialsProvider.USER_PROPERTY_NAME,
                    "app_green");
            assertThat(pg.canLogin("app_blue", "blue-pw-1")).isFalse();
        }
    }

    @Test
    void badVersions_noPasswordAndBadJson_poolKeepsLastGoodCredentialsThenTakesTheNextGoodOne() throws Exception {
        PostgresServer pg = pg();
        try (Load load = new Load(bad, "bad")) {
            load.awaitProgress();

            vault().setSecret("bad-json", "{\"username\": \"app_json\", \"password\": \"json-pw-bro");
            VaultStatus badJson = refresh();
            load.terminateWithNoQueryInFlight("app_json"); // new connections still log in with json-pw-1
            load.awaitProgress();

            vault().setSecret("bad-json", "{\"username\": \"app_json\"}");
            VaultStatus noPassword = refresh();
            load.terminateWithNoQueryInFlight("app_json");
            load.awaitProgress();
            assertThat(provider.getCredentials("bad-db")).containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME,
                    "json-pw-1");

            pg.setPassword("app_json", "json-pw-2");
            vault().setSecret("bad-json", "{\"username\": \"app_json\", \"password\": \"json-pw-2\"}");
            VaultStatus good = refresh();
            Set<Integer> beforeGood = load.backendPids();
            load.terminateWithNoQueryInFlight("app_json");
            load.awaitProgress();

            load.stop();
            assertThat(load.failures()).isEmpty();
            assertThat(badJson.refused()).singleElement().asString()
                    .contains("credentials bad-db", "secret bad-json", "not valid JSON").doesNotContain("json-pw");
            assertThat(noPassword.refused()).singleElement().asString()
                    .contains("secret bad-json", "no \"password\"").doesNotContain("json-pw");
            assertThat(good.refused()).isEmpty();
            assertThat(load.sessions()).isNotEmpty().allSatisfy(s -> assertThat(beforeGood).doesNotContain(s.pid()));
            assertThat(pg.canLogin("app_json", "json-pw-1")).isFalse();
        }
    }

    @Test
    void evictOnChangeOff_versionSwitchesLogin_openConnectionsStayAndNewOnesUseTheNewLogin() throws Exception {
        try (Load load = new Load(kept, "kept")) {
            load.awaitProgress();
            Set<Integer> before = load.backendPids();

            VaultWriter.setSecret(vault(), "kept-login", "kept-b-pw",
                    Map.of(CredentialsView.DEFAULT_USERNAME_TAG, "app_kept_b"));
            refresh();
            load.awaitProgress();

            assertThat(provider.getCredentials("kept-db")).containsEntry(CredentialsProvider.USER_PROPERTY_NAME,
                    "app_kept_b");
            assertThat(load.backendPids()).as("no flush: the pool keeps its connections").isEqualTo(before);
            load.terminateWithNoQueryInFlight("app_kept_a");
            load.awaitProgress();

            load.stop();
            assertThat(load.failures()).isEmpty();
            assertThat(load.sessions()).isNotEmpty().extracting(Session::username).containsOnly("app_kept_b");
        }
    }

    @Test
    void getCredentials_unknownName_namesTheKeyToSet() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> provider.getCredentials("orders-db"))
                .withMessageContaining("quarkus.keyvault.credentials-provider.orders-db.secret")
                .withMessageContaining("bad-db, dual-db, kept-db, single-db");
    }

    @Test
    void getCredentials_toString_hidesThePassword() {
        assertThat(provider.getCredentials("dual-db").toString()).doesNotContain("-pw-").contains("password=****");
    }

    private SecretClient vault() {
        return VaultWriter.client(config, "quarkus.keyvault.url");
    }

    /** Refreshes now (the test does not wait on the interval); returns the status after it. */
    private VaultStatus refresh() throws Exception {
        return KeyVaultConfigSource.of(config).get(0).refreshNow().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The JUnit side's server: this copy of the class runs in Quarkus' class loader, where {@link #server} is unset. */
    private static PostgresServer pg() throws ReflectiveOperationException {
        Class<?> junitSide = ClassLoader.getSystemClassLoader().loadClass(AgroalRotationTest.class.getName());
        Field field = junitSide.getDeclaredField("server");
        field.setAccessible(true);
        return (PostgresServer) field.get(null);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Eight threads querying through one datasource until {@link #stop()}, each query passing the gate. */
    private static final class Load implements AutoCloseable {

        final AgroalDataSource dataSource;
        final String application;
        final PostgresServer pg;
        /** Fair, so terminating waits only for the queries in flight, not for every thread to give way. */
        final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
        final AtomicLongArray queries = new AtomicLongArray(THREADS);
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> workers = new ArrayList<>();

        Load(AgroalDataSource dataSource, String name) throws ReflectiveOperationException {
            this.dataSource = dataSource;
            this.application = application(name);
            this.pg = pg();
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                Thread t = new Thread(() -> query(index), "rotation-query-" + name + "-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
        }

        private void query(int index) {
            while (running.get()) {
                gate.readLock().lock();
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT current_user")) {
                    r.next();
                    queries.incrementAndGet(index);
                } catch (SQLException e) {
                    failures.add(e.getSQLState() + " " + e.getMessage());
                } finally {
                    gate.readLock().unlock();
                }
            }
        }

        /** Waits until every thread has completed {@value #PROGRESS} more queries. */
        void awaitProgress() throws InterruptedException {
            long[] start = new long[THREADS];
            for (int i = 0; i < THREADS; i++) {
                start[i] = queries.get(i);
            }
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                await(() -> queries.get(index) >= start[index] + PROGRESS, "thread " + i + " stalled; failures so far: "
                        + failures);
            }
        }

        /**
         * Closes the gate, waits until the pool holds its four connections idle, terminates the roles' backends and
         * flushes the pool (now dead connections) until all four are out, then opens the gate. Threads asking meanwhile
         * wait at the gate; none fails.
         */
        int terminateWithNoQueryInFlight(String... roles) throws InterruptedException {
            gate.writeLock().lock();
            try {
                AgroalDataSourceMetrics pool = dataSource.getMetrics();
                await(() -> pool.activeCount() == 0 && pool.availableCount() == POOL_SIZE, "the pool to settle");
                long flushed = pool.flushCount();
                int terminated = pg.terminateBackends(roles);
                dataSource.flush(AgroalDataSource.FlushMode.ALL);
                await(() -> pool.flushCount() >= flushed + POOL_SIZE, "the pool to flush its connections");
                return terminated;
            } finally {
                gate.writeLock().unlock();
            }
        }

        /** Waits until the pool's sessions satisfy the condition. */
        void awaitSessions(Predicate<List<Session>> condition) throws InterruptedException {
            await(() -> condition.test(sessions()), "the pool's sessions to change");
        }

        List<Session> sessions() {
            return pg.sessions().stream().filter(s -> s.applicationName().equals(application)).toList();
        }

        Set<Integer> backendPids() {
            return sessions().stream().map(Session::pid).collect(Collectors.toSet());
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
        }
    }
}
