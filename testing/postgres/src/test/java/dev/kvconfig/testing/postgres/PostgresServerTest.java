package dev.kvconfig.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: who runs the server, password-only authentication, the role and session helpers, cleanup. */
class PostgresServerTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void start_asRoot_serverRunsAsTheUnprivilegedUser() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(POSTGRES.get().directory().resolve("data/postmaster.pid")).get(0));

        String owner = ProcessHandle.of(pid).orElseThrow().info().user().orElseThrow();

        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        assertThat(owner).isEqualTo(root ? ServerUser.NAME : System.getProperty("user.name"));
    }

    @Test
    void hba_onlyPasswordAuthentication_wrongPasswordIsRefused() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("hba_user", "right-password");

        assertThat(Files.readAllLines(pg.directory().resolve("data/pg_hba.conf")))
                .filteredOn(l -> !l.startsWith("#") && !l.isBlank())
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).endsWith("scram-sha-256").doesNotContain("trust"));
        assertThat(pg.canLogin("hba_user", "wrong-password")).isFalse();
        assertThat(pg.canLogin("hba_user", "right-password")).isTrue();
        assertThat(pg.canLogin("no_such_role", "right-password")).isFalse();
    }

    @Test
    void setPassword_oldPasswordRefused_openSessionKeepsWorking() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("rotating", "first");
        try (Connection open = connect(pg, "rotating", "first", "open-before")) {
            pg.setPassword("rotating", "it's-second");

            assertThat(pg.canLogin("rotating", "first")).isFalse();
            assertThat(pg.canLogin("rotating", "it's-second")).isTrue();
            assertThat(currentUser(open)).isEqualTo("rotating");
        }
    }

    @Test
    void terminateBackends_roleWithSessions_endsThemAndLeavesOthers() throws Exception {
        PostgresServer pg = POSTGRES.get();
        pg.createRole("doomed", "pw-doomed");
        pg.createRole("spared", "pw-spared");
        try (Connection a = connect(pg, "doomed", "pw-doomed", "terminate-test");
                Connection b = connect(pg, "doomed", "pw-doomed", "terminate-test");
                Connection c = connect(pg, "spared", "pw-spared", "terminate-test")) {
            assertThat(pg.sessions()).filteredOn(s -> s.applicationName().equals("terminate-test"))
                    .extracting(Session::username).containsExactlyInAnyOrder("doomed", "doomed", "spared");

            int terminated = pg.terminateBackends("doomed");

            assertThat(terminated).isEqualTo(2);
            assertThatThrownBy(() -> currentUser(a)).isInstanceOf(SQLException.class);
            assertThat(currentUser(c)).isEqualTo("spared");
            assertThat(pg.sessions()).filteredOn(s -> s.applicationName().equals("terminate-test"))
                    .extracting(Session::username).containsExactly("spared");
        }
    }

    @Test
    void sessions_leaveOutTheHelpersOwnConnections() {
        PostgresServer pg = POSTGRES.get();

        assertThat(pg.sessions()).extracting(Session::applicationName)
                .doesNotContain(PostgresServer.ADMIN_APPLICATION);
    }

    @Test
    void close_stopsTheServerAndDeletesItsDirectory() throws Exception {
        PostgresServer pg = PostgresServer.start();
        Path directory = pg.directory();
        long pid = Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).get(0));
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();

        pg.close();

        assertThat(postmaster.isAlive()).isFalse();
        assertThat(directory).doesNotExist();
        assertThatThrownBy(() -> connect(pg, PostgresServer.SUPERUSER, "any", "after-close"))
                .isInstanceOf(SQLException.class);
        pg.close(); // idempotent
    }

    @Test
    void start_leftoverDirectoryOfAKilledJvm_isDeleted() throws Exception {
        Path leftover = Files.createTempDirectory("kvconfig-pg-");
        Files.createDirectories(leftover.resolve("data"));
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path young = Files.createTempDirectory("kvconfig-pg-");

        try (PostgresServer pg = PostgresServer.start()) {
            assertThat(leftover).doesNotExist();
            assertThat(young).exists();
            assertThat(POSTGRES.get().directory()).exists();
        } finally {
            Files.deleteIfExists(young);
        }
    }

    private static Connection connect(PostgresServer pg, String user, String password, String application)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", application);
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_user")) {
            r.next();
            return r.getString(1);
        }
    }
}
