package dev.kvconfig.examples.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.micronaut.KeyVaultSources;
import dev.kvconfig.micronaut.testing.KeyVaultTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrdersControllerTest implements TestPropertyProvider {

    final KeyVaultEmulator emulator = KeyVaultEmulator.builder()
            .vault("orders").seed("orders", Application.DEMO_SECRETS).start();

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    KeyVaultSources vaults;
    @Inject
    DataSource database;

    @Override
    public Map<String, String> getProperties() {
        return KeyVaultTestProperties.of(emulator, "orders");
    }

    @AfterAll
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void greeting_fromVault_overridesApplicationYml() {
        String body = http.toBlocking().retrieve("/greeting");

        assertThat(body).contains("Hello from Azure Key Vault");
    }

    @Test
    void ordersConfig_secretsConfigured_areReportedButNeverEchoed() {
        String body = http.toBlocking().retrieve("/orders/config");

        assertThat(body).contains("\"apiKeyConfigured\":true", "\"dbPasswordConfigured\":true", "\"pageSize\":50");
        assertThat(body).doesNotContain(Application.DEMO_SECRETS.get("orders-api-key"),
                Application.DEMO_SECRETS.get("orders-db-password"));
    }

    @Test
    void health_vaultLoaded_isUpWithVaultDetails() {
        String body = http.toBlocking().retrieve("/health");

        assertThat(body).contains("\"status\":\"UP\"", "\"keyvault\"", "\"secrets\":3");
        assertThat(body).doesNotContain(Application.DEMO_SECRETS.get("orders-db-password"));
    }

    @Test
    void greeting_rotatedInVault_isServedAfterRefresh() {
        emulator.setSecret("orders", "greeting-message", "Hello again");
        vaults.refreshNow().join();

        assertThat(http.toBlocking().retrieve("/greeting")).contains("Hello again");
    }

    @Test
    void database_passwordRotatedInVault_newConnectionsLogInWithTheNewPassword() throws Exception {
        String url = "jdbc:h2:mem:orders";
        String oldPassword = Application.DEMO_SECRETS.get("orders-db-password");
        assertThat(http.toBlocking().retrieve("/orders/db")).contains("\"database\":\"up\"");
        Set<Integer> before = sessions(url, oldPassword);

        // ops: the database first, then the new version in the vault
        try (Connection admin = DriverManager.getConnection(url, "orders_app", oldPassword);
                Statement s = admin.createStatement()) {
            s.execute("ALTER USER orders_app SET PASSWORD 'rotated-db-password-2'");
        }
        emulator.setSecret("orders", "orders-db-password", "rotated-db-password-2");
        vaults.refreshNow().join();

        assertThat(http.toBlocking().retrieve("/orders/db")).contains("\"database\":\"up\"", "\"user\":\"ORDERS_APP\"");
        // The pool retired the connections it had: the one it serves now was opened with the new password.
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT SESSION_ID()")) {
            r.next();
            assertThat(before).doesNotContain(r.getInt(1));
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "orders_app", oldPassword).close())
                .isInstanceOf(SQLException.class);
    }

    /** The ids of the database's sessions now, the pool's among them. */
    private static Set<Integer> sessions(String url, String password) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "orders_app", password); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS")) {
            while (r.next()) {
                ids.add(r.getInt(1));
            }
        }
        return ids;
    }
}
