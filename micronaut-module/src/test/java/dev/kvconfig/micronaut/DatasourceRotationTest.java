package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import dev.kvconfig.source.CredentialsView;
import dev.kvconfig.source.VaultStatus;
import dev.kvconfig.testing.postgres.PostgresExtension;
import dev.kvconfig.testing.postgres.PostgresServer;
import dev.kvconfig.testing.postgres.Session;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
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
import java.util.HashMap;
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
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Rotation reaches a micronaut-jdbc-hikari pool (HikariCP 6.3, as micronaut-platform 4.10 brings it): eight threads query
 * a real PostgreSQL server (password authentication required) through the application's {@link DataSource}, configured
 * only with {@code datasources.default.*} and {@code keyvault.*} properties, while the password rotates under them.
 *
 * <p>Each rotation follows the order ops would: change the database first, then write the new secret version, then
 * refresh ({@link KeyVaultSources#refreshNow()}, so the test does not wait on the interval). Then every backend of the
 * old login is terminated ({@code pg_terminate_backend}) so the pool must open new connections. The pool is suspended
 * while that happens, with no query in flight: a query running on a backend at the moment it is terminated fails
 * whatever the credentials, and the test counts every failed query, so any failure left is a credentials failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasourceRotationTest {

    private static final int THREADS = 8;
    private static final int POOL_SIZE = 4;
    private static final String APPLICATION = "kvconfig-micronaut-rotation";
    /** Queries each thread completes between steps: proof the pool is serving, not a timing. */
    private static final int PROGRESS = 25;
    /** How long a step may take before the test gives up; a liveness bound, never asserted as a figure. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    final KeyVaultEmulator emulator = KeyVaultEmulator.builder()
            .vault("property").vault("reference").vault("dual").vault("bad").vault("kept").vault("off").vault("unreadable").start();

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void singleUser_passwordSecretServesTheProperty_newConnectionsUseNewPasswordWithNoFailedQuery() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("mn_property", "property-pw-1");
        emulator.setSecret("property", "datasources-default-password", "property-pw-1");

        rotateSingleUser("property", "mn_property", Map.of("datasources.default.username", "mn_property"));
    }

    @Test
    void singleUser_passwordIsAReference_newConnectionsUseNewPasswordWithNoFailedQuery() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("mn_reference", "reference-pw-1");
        emulator.setSecret("reference", "orders-db-password", "reference-pw-1");

        rotateSingleUser("reference", "mn_reference", Map.of("datasources.default.username", "mn_reference",
                "datasources.default.password", "${keyvault.ref.orders-db-password}"));
    }

    /** The single-user steps; the vault's secret holds {@code <vault>-pw-1} and the role logs in with it. */
    private void rotateSingleUser(String vault, String role, Map<String, Object> datasource) throws Exception {
        PostgresServer pg = POSTGRES.get();
        String secret = datasource.containsKey("datasources.default.password") ? "orders-db-password"
                : "datasources-default-password";
        try (App app = new App(vault, datasource)) {
            app.awaitProgress();
            Set<Integer> before = app.backendPids();

            pg.setPassword(role, vault + "-pw-2"); // ops: the database first …
            emulator.setSecret(vault, secret, vault + "-pw-2"); // … then the new version
            app.refresh();

            assertThat(app.pool.getPassword()).isEqualTo(vault + "-pw-2");
            int terminated = app.terminateWithNoQueryInFlight(role);
            app.awaitProgress();

            app.stop();
            assertThat(app.failures()).isEmpty();
            assertThat(terminated).isPositive();
            // Opened after the refresh, so they logged in with the new password: the server refuses the old one.
            assertThat(app.sessions()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.username()).isEqualTo(role);
                assertThat(before).doesNotContain(s.pid());
            });
            assertThat(pg.canLogin(role, vault + "-pw-1")).isFalse();
            assertThat(pg.canLogin(role, vault + "-pw-2")).isTrue();
        }
    }

    @Test
    void dualUser_taggedProviderNamedAfterTheDatasource_newConnectionsUseTheOtherLoginWithNoFailedQuery()
            throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("mn_blue", "blue-pw-1");
        pg.createRole("mn_green", "green-pw-1");
        SecretClient sdk = sdk("dual");
        writeTagged(sdk, "orders-db-login", "blue-pw-1", "mn_blue");
        try (App app = new App("dual", Map.of(
                "keyvault.credentials-provider.default.secret", "orders-db-login",
                "keyvault.credentials-provider.default.format", "tagged"))) {
            app.awaitProgress();
            assertThat(app.sessions()).extracting(Session::username).containsOnly("mn_blue");

            writeTagged(sdk, "orders-db-login", "green-pw-1", "mn_green"); // green already has its password
            app.refresh();
            assertThat(app.pool.getUsername()).isEqualTo("mn_green");
            assertThat(app.pool.getPassword()).isEqualTo("green-pw-1");

            // The soft eviction retires blue's connections as they come back; green ones replace them, long before
            // blue's maxLifetime (30 minutes) would have.
            app.awaitSessions(sessions -> !sessions.isEmpty()
                    && sessions.stream().allMatch(s -> s.username().equals("mn_green")));
            int terminated = app.terminateWithNoQueryInFlight("mn_blue", "mn_green");
            app.awaitProgress();
            pg.setPassword("mn_blue", "blue-pw-2"); // ops, next: reset the now inactive login
            app.awaitProgress();

            app.stop();
            assertThat(app.failures()).isEmpty();
            assertThat(terminated).isPositive();
            assertThat(app.sessions()).isNotEmpty().extracting(Session::username).containsOnly("mn_green");
            assertThat(pg.canLogin("mn_blue", "blue-pw-1")).isFalse();
        }
    }

    @Test
    void badVersions_noPasswordAndBadJson_poolKeepsLastGoodCredentialsThenTakesTheNextGoodOne() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("mn_json", "json-pw-1");
        emulator.setSecret("bad", "orders-db-json", "{\"username\": \"mn_json\", \"password\": \"json-pw-1\"}");
        Logger core = (Logger) LoggerFactory.getLogger(CoreLogging.CORE_LOGGER);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        try (App app = new App("bad", Map.of(
                "keyvault.credentials-provider.default.secret", "orders-db-json",
                "keyvault.credentials-provider.default.format", "json"))) {
            // The refusals are WARN lines the test provokes: kept for the assertions, out of the build log.
            core.addAppender(warnings);
            core.setAdditive(false);
            app.awaitProgress();

            emulator.setSecret("bad", "orders-db-json", "{\"username\": \"mn_json\", \"password\": \"json-pw-bro");
            app.refresh();
            VaultStatus badJson = app.vaults.statuses().get(0);
            app.terminateWithNoQueryInFlight("mn_json");
            app.awaitProgress();

            emulator.setSecret("bad", "orders-db-json", "{\"username\": \"mn_json\"}");
            app.refresh();
            VaultStatus noPassword = app.vaults.statuses().get(0);
            app.terminateWithNoQueryInFlight("mn_json");
            app.awaitProgress();
            Set<Integer> beforeGood = app.backendPids();

            pg.setPassword("mn_json", "json-pw-2");
            emulator.setSecret("bad", "orders-db-json", "{\"username\": \"mn_json\", \"password\": \"json-pw-2\"}");
            app.refresh();
            app.terminateWithNoQueryInFlight("mn_json");
            app.awaitProgress();

            app.stop();
            assertThat(app.failures()).isEmpty();
            assertThat(badJson.refused()).singleElement().asString()
                    .contains("credentials default", "secret orders-db-json", "not valid JSON")
                    .doesNotContain("json-pw");
            assertThat(noPassword.refused()).singleElement().asString()
                    .contains("secret orders-db-json", "no \"password\"").doesNotContain("json-pw");
            assertThat(app.vaults.statuses().get(0).refused()).isEmpty();
            assertThat(app.pool.getPassword()).isEqualTo("json-pw-2");
            assertThat(app.sessions()).isNotEmpty().allSatisfy(s -> assertThat(beforeGood).doesNotContain(s.pid()));
            assertThat(pg.canLogin("mn_json", "json-pw-1")).isFalse();
            assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("not valid JSON", "still using version"))
                    .anySatisfy(m -> assertThat(m).contains("no \"password\""))
                    .allSatisfy(m -> assertThat(m).doesNotContain("json-pw"));
        } finally {
            core.detachAppender(warnings);
            core.setAdditive(true);
        }
    }

    @Test
    void evictOnChangeFalse_namedDatasource_openConnectionsStayNewOnesUseTheNewLogin() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("mn_kept_a", "kept-pw-a");
        pg.createRole("mn_kept_b", "kept-pw-b");
        emulator.setSecret("kept", "orders-db-json", "{\"username\": \"mn_kept_a\", \"password\": \"kept-pw-a\"}");
        try (App app = new App("kept", "orders", Map.of(
                "keyvault.credentials-provider.orders.secret", "orders-db-json",
                "keyvault.credentials-provider.orders.format", "json",
                "keyvault.credentials-provider.orders.evict-on-change", "false"))) {
            app.awaitProgress();
            app.awaitSessions(sessions -> sessions.size() == POOL_SIZE); // the pool fills up to minimum-idle by itself
            Set<Integer> before = app.backendPids();

            emulator.setSecret("kept", "orders-db-json", "{\"username\": \"mn_kept_b\", \"password\": \"kept-pw-b\"}");
            app.refresh();
            app.awaitProgress();
            List<Session> kept = app.sessions();
            int terminated = app.terminateWithNoQueryInFlight("mn_kept_a");
            app.awaitProgress();

            app.stop();
            assertThat(app.failures()).isEmpty();
            assertThat(kept).isNotEmpty().allSatisfy(s -> {
                assertThat(s.username()).isEqualTo("mn_kept_a");
                assertThat(before).contains(s.pid());
            });
            assertThat(terminated).isEqualTo(POOL_SIZE);
            assertThat(app.sessions()).isNotEmpty().extracting(Session::username).containsOnly("mn_kept_b");
        }
    }

    @Test
    void switchedOff_providerNamedAfterTheDatasource_isNotApplied() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("mn_off", "off-pw-1");
        emulator.setSecret("off", "orders-db-json", "{\"username\": \"nobody\", \"password\": \"wrong\"}");
        try (App app = new App("off", Map.of(
                "keyvault.datasources.enabled", "false",
                "keyvault.credentials-provider.default.secret", "orders-db-json",
                "keyvault.credentials-provider.default.format", "json",
                "datasources.default.username", "mn_off",
                "datasources.default.password", "off-pw-1"))) {
            app.awaitProgress();

            app.stop();
            assertThat(app.context.containsBean(DatasourceRotation.class)).isFalse();
            assertThat(app.failures()).isEmpty();
            assertThat(app.sessions()).isNotEmpty().extracting(Session::username).containsOnly("mn_off");
        }
    }

    @Test
    void provider_unreadableSecretAtStartup_failsStartupNamingDatasourceAndSecret() {
        emulator.setSecret("unreadable", "orders-db-json", "{\"username\": \"mn_x\", \"password\": \"unreadable-pw");
        Map<String, Object> p = new HashMap<>(KeyVaultTestProperties.of(emulator, "unreadable"));
        p.put("datasources.default.url", POSTGRES.get().jdbcUrl());
        p.put("keyvault.credentials-provider.default.secret", "orders-db-json");
        p.put("keyvault.credentials-provider.default.format", "json");

        Throwable thrown = catchThrowable(() -> ApplicationContext.run(p).close());

        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString()).contains("datasources.default: credentials default", "secret orders-db-json",
                "not valid JSON", "Write a new version").doesNotContain("unreadable-pw");
    }

    private static void writeTagged(SecretClient sdk, String name, String password, String login) {
        sdk.setSecret(new KeyVaultSecret(name, password)
                .setProperties(new SecretProperties().setTags(Map.of(CredentialsView.DEFAULT_USERNAME_TAG, login))));
    }

    /** An SDK client for writing what the emulator's direct API does not (tags), as an operator would. */
    private SecretClient sdk(String vault) throws Exception {
        KeyStore store = KeyStore.getInstance(emulator.trustStoreType());
        try (InputStream in = Files.newInputStream(emulator.trustStore())) {
            store.load(in, emulator.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SslContext ssl = SslContextBuilder.forClient().trustManager(tmf).build();
        return new SecretClientBuilder()
                .vaultUrl(emulator.vaultUrl(vault).toString())
                .credential(emulator.credential())
                .disableChallengeResourceVerification()
                .httpClient(new NettyAsyncHttpClientBuilder(
                        reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build())
                .buildClient();
    }

    /**
     * A Micronaut application with the configuration client on one emulator vault and datasource {@code default} on the
     * test server, and eight threads querying through its {@link DataSource} until {@link #stop()}.
     */
    private final class App implements AutoCloseable {

        final ApplicationContext context;
        final KeyVaultSources vaults;
        final HikariDataSource pool;
        final AtomicLongArray queries = new AtomicLongArray(THREADS);
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> workers = new ArrayList<>();

        App(String vault, Map<String, Object> settings) {
            this(vault, "default", settings);
        }

        App(String vault, String datasource, Map<String, Object> settings) {
            Map<String, Object> p = new HashMap<>(KeyVaultTestProperties.of(emulator, vault));
            String prefix = "datasources." + datasource + ".";
            p.put(prefix + "url", POSTGRES.get().jdbcUrl() + "?ApplicationName=" + APPLICATION);
            p.put(prefix + "driver-class-name", "org.postgresql.Driver");
            // A fixed-size pool: no connection is opened between the database change and the refresh by itself.
            p.put(prefix + "maximum-pool-size", POOL_SIZE);
            p.put(prefix + "minimum-idle", POOL_SIZE);
            p.put(prefix + "allow-pool-suspension", true);
            p.putAll(settings);
            context = ApplicationContext.run(p);
            vaults = context.getBean(KeyVaultSources.class);
            pool = (HikariDataSource) context.getBean(DataSource.class, Qualifiers.byName(datasource));
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
                try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT current_user")) {
                    r.next();
                    queries.incrementAndGet(index);
                } catch (SQLException e) {
                    failures.add(e.getSQLState() + " " + e.getMessage());
                }
            }
        }

        void refresh() throws Exception {
            vaults.refreshNow().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
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

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : workers) {
                t.join(PATIENCE.toMillis());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            context.close();
        }
    }
}
