package dev.kvconfig.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.KeyVaultSources;
import dev.kvconfig.spring.test.EmbeddedKeyVault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service over HTTP against the in-process emulator: config from the vault, a rotation reaching a bean and one
 * reaching the database pool, health, no secret echoed.
 * Plain JDK HTTP, so the same test runs on Boot 4 (here) and Boot 3.5 ({@code examples/spring-boot3-app}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=" + OrdersControllerTest.DATABASE, "spring.datasource.username=orders_app"})
@EmbeddedKeyVault(secrets = {"greeting-message=Hello from the test vault", "orders-api-key=test-api-key-1",
        "orders-db-password=test-db-password-1"})
class OrdersControllerTest {

    /** Created by the pool's first connection, with orders_app and the vault's password. */
    static final String DATABASE = "jdbc:h2:mem:orders-test;DB_CLOSE_DELAY=-1";

    @Value("${local.server.port}")
    int port;
    @Autowired
    KeyVaultEmulator emulator;
    @Autowired
    KeyVaultSources vaults;
    @Autowired
    JdbcTemplate database;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void config_fromTheVault_isReportedWithoutValues() throws Exception {
        String body = get("/orders/config");
        assertThat(body).isEqualTo("{\"apiKeyConfigured\":true,\"dbPasswordConfigured\":true,\"pageSize\":50}");
    }

    @Test
    void rotation_reachesTheRefreshScopedGreeting() throws Exception {
        assertThat(get("/greeting")).contains("Hello from the test vault");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "greeting-message", "Rotated greeting");
        vaults.refreshNow().join();
        assertThat(get("/greeting")).contains("Rotated greeting");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "greeting-message", "Hello from the test vault");
        vaults.refreshNow().join();
    }

    @Test
    void databasePassword_rotated_poolMovesToNewConnectionsThatUseIt() throws Exception {
        assertThat(get("/orders/database")).isEqualTo("{\"user\":\"ORDERS_APP\"}");
        rotateDatabasePassword("test-db-password-1", "test-db-password-2");
        try {
            assertThat(get("/orders/database")).isEqualTo("{\"user\":\"ORDERS_APP\"}");
            assertThatThrownBy(() -> DriverManager.getConnection(DATABASE, "orders_app", "test-db-password-1").close())
                    .as("the old password, refused by the database").isInstanceOf(SQLException.class);
        } finally {
            rotateDatabasePassword("test-db-password-2", "test-db-password-1");
        }
    }

    /**
     * As ops rotate: the database first, then the new secret version, then a refresh. The pool retires its connections
     * on the change, so once every session of before has ended, all the pool's sessions logged in with {@code to}.
     */
    private void rotateDatabasePassword(String from, String to) throws InterruptedException {
        Set<Long> before = sessions();
        database.execute("ALTER USER orders_app SET PASSWORD '" + to + "'");
        emulator.setSecret(EmbeddedKeyVault.MAIN_VAULT, "orders-db-password", to);
        vaults.refreshNow().join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sessions().stream().anyMatch(before::contains)) {
            assertThat(System.nanoTime()).as("sessions opened with %s still open", from).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The database's sessions, all of them the pool's (this query's own included). */
    private Set<Long> sessions() {
        return Set.copyOf(database.queryForList("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS", Long.class));
    }

    @Test
    void health_andEnv_showTheVaultWithoutItsValues() throws Exception {
        assertThat(get("/actuator/health")).contains("\"keyvault\"")
                .contains("\"state\":\"UP\"");
        assertThat(get("/actuator/env")).contains("keyvault-default")
                .doesNotContain("test-api-key").doesNotContain("test-db-password");
    }
}
