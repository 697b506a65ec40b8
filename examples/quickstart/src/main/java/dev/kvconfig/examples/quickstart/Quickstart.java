package dev.kvconfig.examples.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar examples/quickstart/target/kvconfig-quickstart.jar}: tells the quickstart {@link Story} on standard
 * output and exits with its code (0 when every step worked).
 *
 * <p>Public because it is the jar's entry point.
 */
public final class Quickstart {
    private static final String HOSTS_PROPERTY = "jdk.net.hosts.file";

    private Quickstart() {
    }

    public static void main(String[] args) {
        resolveVaultHostLocally();
        quietLogging();
        System.exit(new Story(System.out).run());
    }

    /**
     * The app reaches its vault as {@code kv-quickstart.vault.azure.net}, like a vault in Azure, so the SDK's
     * challenge check stays on. The JDK reads {@code jdk.net.hosts.file} once, when name resolution is first used, so
     * this runs first thing in main, before anything opens a socket. An explicit -D setting wins.
     */
    private static void resolveVaultHostLocally() {
        if (System.getProperty(HOSTS_PROPERTY) != null) {
            return;
        }
        try {
            Path hosts = Files.createTempFile("kvconfig-quickstart-hosts", ".txt");
            hosts.toFile().deleteOnExit();
            Files.writeString(hosts, "127.0.0.1 localhost " + Story.VAULT_HOST + System.lineSeparator());
            System.setProperty(HOSTS_PROPERTY, hosts.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a hosts file for " + Story.VAULT_HOST, e);
        }
    }

    /**
     * The story prints its own lines. The emulator, the config source and the bootstrap log through System.Logger
     * (java.util.logging here) at INFO; only warnings and errors pass. SDK, Netty and Reactor logging goes to
     * SLF4J's no-op binding (see pom.xml).
     */
    private static void quietLogging() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }
}
