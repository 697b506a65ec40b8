package dev.kvconfig.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The info files an emulator wrote (DESIGN.md's info JSON): each is written atomically (a temporary file and a move)
 * and rewritten whenever the running vaults change, so it always lists them. Thread safe.
 */
final class InfoFiles {
    private static final System.Logger LOG = System.getLogger(InfoFiles.class.getName());

    private final Set<Path> files = ConcurrentHashMap.newKeySet();
    private final Supplier<String> json;

    InfoFiles(Supplier<String> json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Writes the file now and on every later change; returns its absolute path. */
    Path write(Path file) {
        Path target = file.toAbsolutePath();
        files.add(target);
        try {
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, ".kvconfig-emulator-info", ".tmp");
            Files.writeString(tmp, json.get());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the emulator info file " + target, e);
        }
    }

    /** Rewrites every file written so far; a failure is logged (a vault change must not fail over it). */
    void rewrite() {
        for (Path file : files) {
            try {
                write(file);
            } catch (UncheckedIOException e) {
                LOG.log(Level.WARNING, e.getMessage() + ": " + e.getCause());
            }
        }
    }
}
