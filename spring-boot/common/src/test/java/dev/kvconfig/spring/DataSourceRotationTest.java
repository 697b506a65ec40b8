package dev.kvconfig.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.VaultStatus;
import dev.kvconfig.testing.postgres.PostgresExtension;
import dev.kvconfig.testing.postgres.PostgresServer;
import dev.kvconfig.testing.postgres.Session;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rotation reaches Boot's own Hikari pool ({@code spring.datasource.*}) with no setting beyond where the password comes
 * from: eight threads query a real PostgreSQL (password authentication required) through the pool while the password
 * rotates under them, on each Boot line (HikariCP 6 on Boot 3.5, HikariCP 7 on Boot 4).
 *
 * <p>Each rotation follows the order ops would (the database first, then the new version), then every backend of the
 * old login is terminated ({@code pg_terminate_backend}) so the pool has to log in again. The pool is suspended while
 * that happens, with no query in flight: a query running on a backend at the moment it is ended fails whatever the
 * credentials, so any failure left is a credentials failure. As in the core's {@code PoolRotationTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataSourceRotationTest {

    private static final Log LOG = LogFactory.getLog(DataSourceRotationTest.class);
    private static final int THREADS = 8;
    private static final int POOL_SIZE = 4;
    private static final String APPLICATION = "kvconfig-spring-rotation-test";
    /** Queries each thread completes between steps: proof the pool is serving, not a timing. */
    private static final int PROGRESS = 25;
    /** How long a step may take before the test gives up; a liveness bound, never asserted as a figure. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    KeyVaultEmulator emulator;

    @BeforeAll
    void startEmulator() {
        emulator = KeyVaultEmulator.builder().vault("property").vault("reference").vault("placeholder").vault("dual")
                .vault("bad").vault("off").start();
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @ParameterizedTest(name = "password {1}")
    @CsvSource(delimiter = '|', value = {
        "property    | (a secret of the vault)                    | spring-datasource-password",
        "reference   | ${keyvault::orders-db-password}            | orders-db-password",
        "placeholder | ${orders.db-password}                      | orders-db-password"})
    void singleUser_passwordServedByVault_poolFollowsRotationWithNoFailedQuery(String vault, String password,
            String secret) throws Exception {
        PostgresServer pg = POSTGRES.get();
        String role = "app_" + vault;
        pg.createRole(role, vault + "-pw-1");
        emulator.setSecret(vault, secret, vault + "-pw-1");
        List<String> args = new ArrayList<>(List.of("--spring.datasource.username=" + role));
        if (password.startsWith("$")) {
            args.add("--spring.datasource.password=" + password);
        }
        try (Pool pool = new Pool(vault, args)) {
            pool.awaitProgress();

            pg.setPassword(role, vault + "-pw-2"); // ops: the database first …
            emulator.setSecret(vault, secret, vault + "-pw-2"); // … then the new version
            pool.refresh();
            Set<Integer> oldBackends = pool.backendPids();
            int terminated = pool.terminateWithNoQueryInFlight(role);
            pool.awaitProgress();

            pool.stop();
            assertThat(pool.failures()).isEmpty();
            assertThat(terminated).isPositive();
            // Every session now is one the pool opened after the refresh, and the old password no longer logs in: so
            // they logged in with the new one.
            assertThat(pool.sessions()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.username()).isEqualTo(role);
                assertThat(oldBackends).doesNotContain(s.pid());
            });
            assertThat(pg.canLogin(role, vault + "-pw-1")).isFalse();
            pool.logQueries("single user, password " + password);
        }
    }

    @Test
    void dualUser_namedProviderTagged_versionSwitchesLogin_poolMovesToTheOtherLoginWithNoFailedQuery()
            throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("app_blue", "blue-pw-1");
        pg.createRole("app_green", "green-pw-1");
        SecretClient sdk = sdk("dual");
        writeTagged(sdk, "app-login", "blue-pw-1", "app_blue");
        try (Pool pool = new Pool("dual", List.of("--keyvault.credentials-provider.datasource.secret=app-login",
                "--keyvault.credentials-provider.datasource.format=tagged"))) {
            pool.awaitProgress();
            assertThat(pool.sessions()).extracting(Session::username).containsOnly("app_blue");

            // Left to the background refresh (keyvault.refresh.interval=1s): the time to the first green session is
            // what a rotation takes to reach the pool.
            long written = System.nanoTime();
            writeTagged(sdk, "app-login", "green-pw-1", "app_green"); // green already has its password
            pool.awaitSessions(sessions -> sessions.stream().anyMatch(s -> s.username().equals("app_green")));
            Duration latency = Duration.ofNanos(System.nanoTime() - written);
            // Soft eviction retires blue's connections as they come back, long before their maxLifetime.
            pool.awaitSessions(sessions -> !sessions.isEmpty()
                    && sessions.stream().allMatch(s -> s.username().equals("app_green")));
            int terminated = pool.terminateWithNoQueryInFlight("app_blue", "app_green");
            pool.awaitProgress();
            pg.setPassword("app_blue", "blue-pw-2"); // ops, next: reset the now inactive login
            pool.awaitProgress();

            pool.stop();
            assertThat(pool.failures()).isEmpty();
            assertThat(terminated).isPositive();
            assertThat(pool.sessions()).isNotEmpty().extracting(Session::username).containsOnly("app_green");
            assertThat(pg.canLogin("app_blue", "blue-pw-1")).isFalse();
            LOG.info("rotation reached the pool " + latency.toMillis() + " ms after the new version was written "
                    + "(refresh interval 1 s)");
            pool.logQueries("dual user");
        }
    }

    @Test
    void badVersions_noPasswordAndBadJson_poolKeepsLastGoodCredentialsThenTakesTheNextGoodOne() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("app_json", "json-pw-1");
        emulator.setSecret("bad", "app-json", "{\"username\": \"app_json\", \"password\": \"json-pw-1\"}");
        try (Pool pool = new Pool("bad", List.of("--keyvault.credentials-provider.datasource.secret=app-json",
                "--keyvault.credentials-provider.datasource.format=json"))) {
            pool.awaitProgress();

            emulator.setSecret("bad", "app-json", "{\"username\": \"app_json\", \"password\": \"json-pw-bro");
            VaultStatus badJson = pool.refresh();
            pool.terminateWithNoQueryInFlight("app_json");
            pool.awaitProgress();

            emulator.setSecret("bad", "app-json", "{\"username\": \"app_json\"}");
            VaultStatus noPassword = pool.refresh();
            pool.terminateWithNoQueryInFlight("app_json");
            pool.awaitProgress();

            pg.setPassword("app_json", "json-pw-2");
            emulator.setSecret("bad", "app-json", "{\"username\": \"app_json\", \"password\": \"json-pw-2\"}");
            VaultStatus good = pool.refresh();
            Set<Integer> oldBackends = pool.backendPids();
            pool.terminateWithNoQueryInFlight("app_json");
            pool.awaitProgress();

            pool.stop();
            assertThat(pool.failures()).isEmpty();
            assertThat(badJson.refused()).singleElement().asString()
                    .contains("secret app-json", "not valid JSON").doesNotContain("json-pw");
            assertThat(noPassword.refused()).singleElement().asString()
                    .contains("secret app-json", "no \"password\"").doesNotContain("json-pw");
            assertThat(good.refused()).isEmpty();
            assertThat(pool.sessions()).isNotEmpty().allSatisfy(s -> assertThat(oldBackends).doesNotContain(s.pid()));
            assertThat(pg.canLogin("app_json", "json-pw-1")).isFalse();
        }
    }

    @Test
    void namedGroup_secretNotReadableAsCredentials_failsStartupNamingTheGroup() {
        emulator.setSecret("off", "orders-db-login", "not json");
        Map<String, Object> settings = settings("off");
        assertThatThrownBy(() -> Vaults.run(settings, "--spring.config.import=keyvault:", "--spring.autoconfigure.exclude=",
                "--keyvault.credentials-provider.datasource.secret=orders-db-login",
                "--keyvault.credentials-provider.datasource.format=json"))
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(FailureReports.last()).contains("APPLICATION FAILED TO START")
                .contains("credentials datasource (keyvault.credentials-provider.datasource.secret=orders-db-login)")
                .contains("not valid JSON").contains("Action:")
                .contains("correct keyvault.credentials-provider.datasource.secret").doesNotContain("not json");
    }

    @Test
    void excluded_autoConfiguration_leavesThePoolAlone() {
        POSTGRES.get().createRole("app_off", "off-pw-1");
        emulator.setSecret("off", "spring-datasource-password", "off-pw-1");
        try (ConfigurableApplicationContext app = Vaults.run(settings("off"), "--spring.config.import=keyvault:",
                "--spring.datasource.username=app_off",
                "--spring.autoconfigure.exclude=dev.kvconfig.spring.KeyVaultDataSourceAutoConfiguration")) {
            assertThat(app.getBean(HikariDataSource.class).getPassword()).isEqualTo("off-pw-1");
            assertThat(app.getBeansOfType(KeyVaultHikariPools.class)).isEmpty();
        }
    }

    private Map<String, Object> settings(String vault) {
        Map<String, Object> settings = Vaults.settings(emulator, vault);
        // Short, so the dual-user rotation reaches the pool on its own; the other tests refresh themselves.
        settings.put("keyvault.refresh.interval", "1s");
        settings.put("spring.datasource.url", POSTGRES.get().jdbcUrl());
        settings.put("spring.datasource.hikari.pool-name", "rotation-" + vault);
        // A fixed-size pool: no connection is opened between the database change and the refresh by itself.
        settings.put("spring.datasource.hikari.maximum-pool-size", POOL_SIZE);
        settings.put("spring.datasource.hikari.minimum-idle", POOL_SIZE);
        settings.put("spring.datasource.hikari.allow-pool-suspension", true);
        settings.put("spring.datasource.hikari.data-source-properties.ApplicationName", APPLICATION);
        settings.put("orders.db.password", "${keyvault::orders-db-password}");
        return settings;
    }

    private SecretClient sdk(String vault) throws Exception {
        KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
        try (InputStream in = Files.newInputStream(emulator.trustStore())) {
            store.load(in, emulator.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
        return new SecretClientBuilder().vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(emulator.credential()).disableChallengeResourceVerification()
                .httpClient(new com.azure.core.http.netty.NettyAsyncHttpClientBuilder(
                        reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build())
                .buildClient();
    }

    private static void writeTagged(SecretClient sdk, String name, String password, String login) {
        sdk.setSecret(new KeyVaultSecret(name, password)
                .setProperties(new SecretProperties().setTags(Map.of(CredentialsView.DEFAULT_USERNAME_TAG, login))));
    }

    /** The application, Boot's pool in it, and eight threads querying through the pool until {@link #stop()}. */
    private final class Pool implements AutoCloseable {

        final ConfigurableApplicationContext app;
        final HikariDataSource dataSource;
        final AtomicLongArray queries = new AtomicLongArray(THREADS);
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> workers = new ArrayList<>();
        final long started = System.nanoTime();

        Pool(String vault, List<String> args) {
            List<String> all = new ArrayList<>(args);
            all.add("--spring.config.import=keyvault:");
            // The suite's application.properties leaves Boot's jdbc auto-configuration out; this test wants it.
            all.add("--spring.autoconfigure.exclude=");
            app = Vaults.run(settings(vault), all.toArray(String[]::new));
            dataSource = app.getBean(HikariDataSource.class);
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                Thread t = new Thread(() -> query(index), "rotation-query-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
        }

        private void query(int index) {
            while (running.get()) {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT current_user")) {
                    r.next();
                    queries.incrementAndGet(index);
                } catch (SQLException e) {
                    failures.add(e.getSQLState() + " " + e.getMessage());
                }
            }
        }

        /** Refreshes the vault now; the view and the pool have the new version when it returns. */
        VaultStatus refresh() throws Exception {
            return app.getBean(KeyVaultSources.class).refreshNow().get(PATIENCE.toSeconds(), TimeUnit.SECONDS).get(0);
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
            HikariPoolMXBean mx = dataSource.getHikariPoolMXBean();
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

        void awaitSessions(Predicate<List<Session>> condition) throws InterruptedException {
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

        List<String> failures() {
            return List.copyOf(failures);
        }

        void logQueries(String what) {
            long total = 0;
            for (int i = 0; i < THREADS; i++) {
                total += queries.get(i);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info(what + ": " + total + " queries, " + failures.size() + " failed, "
                    + Math.round(total / seconds) + " per second");
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
            app.close();
        }
    }
}
