package dev.kvconfig.examples.quickstart;

import dev.kvconfig.bootstrap.KvconfigBootstrap;
import dev.kvconfig.emulator.EmulatorStats;
import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.SecretsChangeEvent;
import dev.kvconfig.source.VaultStatus;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The quickstart as a story in five numbered steps, told on {@code out}: emulator and database up; the bootstrap CLI
 * applies {@code kvconfig.yaml}; the app starts with only {@code keyvault.url} and its credential, shows where each
 * property came from and opens its connection pool; ops rotate the database password (database, then vault) and the
 * pool moves to it with no failed query; everything shuts down. No secret value is ever printed:
 * vault values are masked and a changed value is shown by fingerprint. One instance per run; not thread-safe.
 */
final class Story {
    static final String VAULT = "kv-quickstart";
    /** The name the app uses for its vault, as in Azure; {@link Quickstart} (or the test JVM) resolves it to 127.0.0.1. */
    static final String VAULT_HOST = VAULT + ".vault.azure.net";
    static final String APP_CLIENT_ID = "orders-app";
    static final String ROTATED = "db.password";
    /** The app's database login (quickstart-secrets.properties' db.username; the pool's settings name it too). */
    static final String DB_USER = "orders_rw";
    static final int QUERY_THREADS = 4;
    /** Bounds the wait for the pool's first connection with the rotated password. */
    private static final long POOL_WAIT_SECONDS = 30;
    /** Bounds the wait for the change event; refreshNow() normally delivers it before completing. */
    private static final long EVENT_WAIT_SECONDS = 10;
    private static final List<String> SPEC_FILES =
            List.of("kvconfig.yaml", "quickstart-secrets.properties", "rotated-secrets.properties");

    private final PrintStream out;

    Story(PrintStream out) {
        this.out = out;
    }

    /** Tells the story; returns the process exit code: 0 when every step worked, 1 otherwise (with the reason). */
    int run() {
        long start = System.nanoTime();
        Path work = null;
        try {
            work = Files.createTempDirectory("kvconfig-quickstart");
            out.println("kvconfig quickstart: provision a vault, read it as configuration, rotate a secret. No Azure account needed.");
            out.println();
            tell(work);
            out.printf("Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (RuntimeException | IOException e) {
            out.println();
            out.println("The quickstart stopped: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        } finally {
            deleteQuietly(work);
        }
    }

    private void tell(Path work) throws IOException {
        for (String file : SPEC_FILES) {
            copyResource(file, work.resolve(file));
        }
        // Tokens are checked and access policies enforced, as in Azure: the app can read only what the spec grants it.
        Map<String, String> secrets = OrdersApp.resource("quickstart-secrets.properties");
        Map<String, String> rotated = OrdersApp.resource("rotated-secrets.properties");
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("sandbox").requireEmulatorTokens(true).start();
                Database database = Database.start(DB_USER, secrets.get(ROTATED))) {
            Path info = emulator.writeInfoFile(work.resolve("emulator.json"));
            out.println("1. The Key Vault emulator runs in this JVM: Resource Manager " + emulator.armEndpoint()
                    + ", Entra ID tokens " + emulator.authorityHost() + ".");
            out.println("   Only tokens it issued are accepted, and vault access policies are enforced. The team's "
                    + "database (H2 in server mode, password login) listens on localhost:" + database.port() + ".");
            out.println();

            out.println("2. Ops provision the vault from kvconfig.yaml (source: examples/quickstart/src/main/resources):");
            out.println("   $ kvconfig-bootstrap --emulator-info emulator.json apply -f kvconfig.yaml --yes");
            indent(bootstrap("applying kvconfig.yaml", "--emulator-info", info.toString(),
                    "apply", "-f", work.resolve("kvconfig.yaml").toString(), "--yes"));
            out.println();

            URI vaultUrl = URI.create("https://" + VAULT_HOST + ":" + emulator.vaultPort(VAULT) + "/");
            requireLoopback(VAULT_HOST);
            try (OrdersApp app = OrdersApp.start(deploymentSettings(emulator, vaultUrl, database));
                    OrdersPool pool = OrdersPool.open(app, app.value("db.url"), Integer.parseInt(app.value("db.pool.size")))) {
                VaultStatus status = app.vault().status();
                out.println("3. The app starts: plain SmallRye Config, kvconfig-source on the class path, and only");
                out.println("   keyvault.url=" + vaultUrl + " plus a client-secret credential as " + APP_CLIENT_ID
                        + " (object id " + objectId(APP_CLIENT_ID) + ", allowed secrets get/list, keys get).");
                out.println("   Vault " + status.alias() + ": " + status.state() + ", " + status.secretCount()
                        + " secrets loaded. Where each property comes from:");
                app.describe().forEach(line -> out.println("     " + line));
                out.println("   Its connection pool (HikariCP, " + app.value("db.pool.size") + " connections to db.url, "
                        + "credentials from keyvault.credentials-provider." + OrdersPool.CREDENTIALS + ": its username, "
                        + "the password " + ROTATED + "): SELECT COUNT(*) FROM orders = "
                        + countOrders(pool) + ".");
                out.println();

                String before = Fingerprint.of(app.value(ROTATED));
                out.println("4. Ops rotate " + ROTATED + ": the database first, then the vault; the app refreshes "
                        + "(refreshNow(); by itself every 5 minutes) while " + QUERY_THREADS + " threads query through "
                        + "the pool:");
                pool.countConnectionsAfterRotation();
                QueryLoad load = QueryLoad.start(pool, QUERY_THREADS);
                out.println("   $ (database) ALTER USER <the app's login> SET PASSWORD '<the new password>'");
                database.setPassword(DB_USER, rotated.get(ROTATED));
                out.println("   $ kvconfig-bootstrap --emulator-info emulator.json secrets import " + VAULT
                        + " -f rotated-secrets.properties");
                indent(bootstrap("rotating " + ROTATED, "--emulator-info", info.toString(),
                        "secrets", "import", VAULT, "-f", work.resolve("rotated-secrets.properties").toString()));
                VaultStatus after = app.vault().refreshNow().join();
                SecretsChangeEvent event = nextChange(app);
                out.println("   Change event: updated " + event.updated() + ", added " + event.added()
                        + ", removed " + event.removed() + " (vault " + after.state() + ")");
                String now = Fingerprint.of(app.value(ROTATED));
                if (now.equals(before)) {
                    throw new IllegalStateException(ROTATED + " did not change after the refresh");
                }
                out.println("   " + ROTATED + " fingerprint (first 8 hex of SHA-256): " + before + " -> " + now);
                awaitNewConnections(pool);
                QueryLoad.Result queries = load.stop();
                if (queries.failed() > 0) {
                    throw new IllegalStateException(queries.failed() + " queries failed through the rotation, first: "
                            + queries.firstFailure());
                }
                if (database.accepts(DB_USER, secrets.get(ROTATED)) || !database.accepts(DB_USER, rotated.get(ROTATED))) {
                    throw new IllegalStateException("the database does not take exactly the rotated password");
                }
                out.println("   The pool retired its connections and opened " + pool.connectionsOpenedAfterRotation()
                        + " with the new password, no restart: " + String.format(java.util.Locale.ROOT, "%,d",
                        queries.succeeded()) + " queries, " + queries.failed() + " failed. The database now refuses the old password.");
                out.println();
            }
            EmulatorStats.VaultStats stats = emulator.stats().vault(VAULT);
            out.println("5. Shutdown: config closed (refresher thread stopped), emulator stopped.");
            out.println("   Requests to " + VAULT + ": " + stats.total() + " " + operations(stats) + ".");
        }
    }

    /**
     * What a deployment passes the app besides application.properties; values known only once the emulator and the
     * database run ({@code db.port}, which the vault's {@code db.url} refers to as {@code ${db.port}}).
     */
    private static Map<String, String> deploymentSettings(KeyVaultEmulator emulator, URI vaultUrl, Database database) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("db.port", Integer.toString(database.port()));
        settings.put("keyvault.url", vaultUrl.toString());
        settings.put("keyvault.credential.tenant-id", emulator.tenantId());
        settings.put("keyvault.credential.authority-host", emulator.authorityHost().toString());
        // The emulator's token endpoint takes any secret for a client it does not know; Azure would check it.
        settings.put("keyvault.credential.client-secret", "quickstart-" + UUID.randomUUID());
        settings.put("keyvault.tls.trust-store", emulator.trustStore().toString());
        settings.put("keyvault.tls.trust-store-type", emulator.trustStoreType());
        settings.put("keyvault.tls.trust-store-password", emulator.trustStorePassword());
        return settings;
    }

    /**
     * Runs the bootstrap CLI in this JVM, as {@code java -jar kvconfig-bootstrap.jar ARGS} would; returns its standard
     * output (the plan and result lines; it never prints values). Progress lines (stderr) are shown only on failure.
     */
    private static String bootstrap(String what, String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = new CommandLine(new KvconfigBootstrap());
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new IllegalStateException("kvconfig-bootstrap failed " + what + " (exit " + exit + "):\n" + stdout + stderr);
        }
        return stdout.toString();
    }

    private static int countOrders(OrdersPool pool) {
        try {
            return pool.countOrders();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the app's pool cannot query the database: " + e.getMessage(), e);
        }
    }

    /** Waits until the pool has opened a connection with the rotated password (it does so once its old ones retire). */
    private static void awaitNewConnections(OrdersPool pool) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(POOL_WAIT_SECONDS);
        while (pool.connectionsOpenedAfterRotation() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool opened no connection with the rotated password within "
                        + POOL_WAIT_SECONDS + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the pool", e);
            }
        }
    }

    private static SecretsChangeEvent nextChange(OrdersApp app) {
        try {
            SecretsChangeEvent event = app.changes().poll(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
            if (event == null) {
                throw new IllegalStateException("no change event within " + EVENT_WAIT_SECONDS + " s of the refresh");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the change event", e);
        }
    }

    /**
     * The app keeps the SDK's challenge check on (it is off only for credential type emulator), which needs a vault
     * host under vault.azure.net: that name must resolve to this machine.
     */
    private static void requireLoopback(String host) {
        try {
            if (InetAddress.getByName(host).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // reported below
        }
        throw new IllegalStateException(host + " does not resolve to 127.0.0.1; run the quickstart jar itself, or start "
                + "the JVM with -Djdk.net.hosts.file=<file with the line: 127.0.0.1 localhost " + host + ">");
    }

    /** The object id the emulator gives a client id (and so the one kvconfig.yaml grants). */
    static String objectId(String clientId) {
        return UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String operations(EmulatorStats.VaultStats stats) {
        return stats.operations().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private void indent(String text) {
        text.lines().forEach(line -> out.println("   " + line));
    }

    private static void copyResource(String name, Path target) {
        try (InputStream in = Story.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + name + "; rebuild the quickstart jar");
            }
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " to " + target, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
