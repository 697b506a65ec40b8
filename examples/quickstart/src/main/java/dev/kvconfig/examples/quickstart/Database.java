package dev.kvconfig.examples.quickstart;

import org.h2.tools.Server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The story's database: H2 in server mode (TCP, local connections only, a free port) with password authentication, in
 * this JVM, standing in for the team's PostgreSQL. It holds one table, {@code orders}, readable by the app's login.
 * {@link #setPassword} is what the DBA does during a rotation. Thread-safe.
 */
final class Database implements AutoCloseable {
    private static final String NAME = "orders";

    private final Server server;
    /** The owner's session: keeps the in-memory database alive and runs the DBA's statements. */
    private final Connection owner;

    private Database(Server server, Connection owner) {
        this.server = server;
        this.owner = owner;
    }

    /** Creates the database, the app's login {@code user} with {@code password}, and three orders; starts the server. */
    static Database start(String user, String password) {
        // Loopback only, and H2 then names its server by that address instead of resolving the machine's host name
        // (which the quickstart's hosts file does not list). A stand-in database's setting, read when the server starts.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        Connection owner = null;
        try {
            owner = DriverManager.getConnection("jdbc:h2:mem:" + NAME + ";DB_CLOSE_DELAY=-1", "dba",
                    UUID.randomUUID().toString());
            try (Statement s = owner.createStatement()) {
                s.execute("CREATE TABLE orders(id INT PRIMARY KEY, item VARCHAR(40))");
                s.execute("INSERT INTO orders VALUES (1, 'keyboard'), (2, 'monitor'), (3, 'cable')");
                s.execute("CREATE USER " + user + " PASSWORD " + literal(password));
                s.execute("GRANT SELECT ON orders TO " + user);
            }
            return new Database(Server.createTcpServer("-tcpPort", "0").start(), owner);
        } catch (SQLException e) {
            closeQuietly(owner);
            throw new IllegalStateException("the story's database (H2) did not start: " + e.getMessage(), e);
        }
    }

    /** The port the server listens on, for {@code db.port}. */
    int port() {
        return server.getPort();
    }

    /** {@code ALTER USER … SET PASSWORD}: new logins need the new password; open sessions stay open. */
    void setPassword(String user, String password) {
        try (Statement s = owner.createStatement()) {
            s.execute("ALTER USER " + user + " SET PASSWORD " + literal(password));
        } catch (SQLException e) {
            throw new IllegalStateException("ALTER USER " + user + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether a new login as {@code user} with {@code password} is accepted, on a connection of its own. */
    boolean accepts(String user, String password) {
        try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://localhost:" + port() + "/mem:" + NAME, user,
                password)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop();
        closeQuietly(owner);
    }

    /** A SQL string literal; the story's passwords are its own, but quoting stays right for any text. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // the in-memory database goes with the JVM anyway
            }
        }
    }
}
