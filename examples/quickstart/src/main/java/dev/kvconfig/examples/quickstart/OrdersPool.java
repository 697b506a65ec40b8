package dev.kvconfig.examples.quickstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kvconfig.source.Credentials;
import dev.kvconfig.source.CredentialsSettings;
import dev.kvconfig.source.CredentialsView;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app's connection pool: HikariCP 7 whose credentials come from kvconfig's {@link CredentialsView} (the settings
 * {@code keyvault.credentials-provider.orders-db.*}), asked each time the pool opens a physical connection, so a rotated
 * password reaches new connections without a restart; on a change the pool retires its open connections
 * ({@code softEvictConnections}) unless {@code evict-on-change=false}. Thread-safe.
 */
final class OrdersPool implements AutoCloseable {
    /** The name of the credentials settings group the pool uses. */
    static final String CREDENTIALS = "orders-db";

    private final CredentialsView credentials;
    private final HikariDataSource pool;
    /** The password version in use when the story started counting; a version id, not a value. */
    private final AtomicReference<String> previousVersion = new AtomicReference<>();
    private final AtomicLong openedWithNewer = new AtomicLong();

    private OrdersPool(CredentialsView credentials, HikariDataSource pool) {
        this.credentials = credentials;
        this.pool = pool;
    }

    /** Opens the pool on {@code jdbcUrl} with {@code size} connections, credentials from the app's settings. */
    static OrdersPool open(OrdersApp app, String jdbcUrl, int size) {
        CredentialsSettings settings = app.vault().options().credentialsProviders().get(CREDENTIALS);
        if (settings == null) {
            throw new IllegalStateException("keyvault.credentials-provider." + CREDENTIALS + ".secret is not set; the "
                    + "pool takes its credentials from it (see application.properties)");
        }
        CredentialsView view = settings.build(java.util.List.of(app.vault()));
        OrdersPool[] self = new OrdersPool[1];
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(CREDENTIALS);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        hikari.setCredentialsProvider(() -> {
            Credentials c = view.current(); // no I/O: the vault source's live snapshot
            OrdersPool p = self[0];
            if (p != null && p.previousVersion.get() != null && !c.version().equals(p.previousVersion.get())) {
                p.openedWithNewer.incrementAndGet();
            }
            return com.zaxxer.hikari.util.Credentials.of(c.username(), c.password());
        });
        HikariDataSource pool = new HikariDataSource(hikari);
        self[0] = new OrdersPool(view, pool);
        if (settings.evictOnChange()) {
            view.addListener(c -> pool.getHikariPoolMXBean().softEvictConnections());
        }
        return self[0];
    }

    /** The credentials in use (username and secret version; their toString hides the password). */
    Credentials credentials() {
        return credentials.current();
    }

    /** {@code SELECT COUNT(*) FROM orders} through the pool. */
    int countOrders() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** From now on, counts the physical connections the pool opens with a newer password than the current one. */
    void countConnectionsAfterRotation() {
        openedWithNewer.set(0);
        previousVersion.set(credentials.current().version());
    }

    /** Physical connections opened with a newer password since {@link #countConnectionsAfterRotation()}. */
    long connectionsOpenedAfterRotation() {
        return openedWithNewer.get();
    }

    @Override
    public void close() {
        pool.close();
        credentials.close();
    }
}
