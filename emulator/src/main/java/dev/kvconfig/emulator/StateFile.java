package dev.kvconfig.emulator;

import dev.kvconfig.emulator.certificates.VaultCertificates;
import dev.kvconfig.emulator.keys.VaultKeys;
import dev.kvconfig.emulator.secrets.SecretStore;
import dev.kvconfig.emulator.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The optional state file: {@code {"format":…,"vaults":{"demo":{"secrets":[…],"deleted":[…],"keys":{…},
 * "certificates":{…}}}}}, the secrets, keys and certificates of all vaults, rewritten whole (through a temporary file
 * and a move) after every change and on close. It holds secret values and private keys in clear text: it is meant for
 * a developer's laptop.
 */
final class StateFile {
    private static final System.Logger LOG = System.getLogger(StateFile.class.getName());
    private static final String FORMAT = "kvconfig-emulator-state-v1";

    private final Path file;
    private final RuntimeVaults vaults;
    private final Supplier<Map<String, Object>> arm;
    /** Off until {@link #load()} ran: a half-started emulator's state never overwrites the file. */
    private volatile boolean loaded;

    /** @param arm the Resource Manager state to keep under {@code "arm"} */
    StateFile(Path file, RuntimeVaults vaults, Supplier<Map<String, Object>> arm) {
        this.file = file;
        this.vaults = vaults;
        this.arm = arm;
    }

    /** After a change: writes the whole state once loaded; a failure is logged (the change itself stands). */
    void changed() {
        if (!loaded) {
            return;
        }
        try {
            write();
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, e.getMessage() + ": " + e.getCause());
        }
    }

    /** The {@code "arm"} section of the file, or null when there is no file or no section. */
    @SuppressWarnings("unchecked")
    Map<String, Object> armSection() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Object section = read().get("arm");
        return section instanceof Map ? (Map<String, Object>) section : null;
    }

    /** Loads the vaults present in both the file and the emulator; no file = nothing to load. */
    @SuppressWarnings("unchecked")
    void load() throws IOException {
        if (!Files.exists(file)) {
            loaded = true;
            return;
        }
        Map<String, Object> saved = (Map<String, Object>) read().getOrDefault("vaults", Map.of());
        for (Map.Entry<String, Object> e : saved.entrySet()) {
            SecretStore store = vaults.store(e.getKey());
            if (store == null) {
                LOG.log(Level.INFO, "State file {0}: vault {1} is not started; its secrets stay in the file until the"
                        + " next write", file, e.getKey());
                continue;
            }
            Map<String, Object> section = (Map<String, Object>) e.getValue();
            store.load(section);
            VaultKeys vaultKeys = vaults.keys(e.getKey());
            if (vaultKeys != null && section.get("keys") instanceof Map<?, ?> keySection) {
                vaultKeys.load((Map<String, Object>) keySection);
            }
            // after the keys: loading a certificate puts its backing key back among them
            VaultCertificates vaultCertificates = vaults.certificates(e.getKey());
            if (vaultCertificates != null && section.get("certificates") instanceof Map<?, ?> certificateSection) {
                vaultCertificates.load((Map<String, Object>) certificateSection);
            }
        }
        loaded = true;
        LOG.log(Level.INFO, "Loaded emulator state from {0}", file);
    }

    private Map<String, Object> read() throws IOException {
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readAllBytes(file));
        } catch (RuntimeException e) {
            throw new IOException("the state file " + file + " is not an emulator state file (invalid JSON);"
                    + " delete it or pass another --state file", e);
        }
        if (!FORMAT.equals(root.get("format"))) {
            throw new IOException("the state file " + file + " is not an emulator state file (format is not "
                    + FORMAT + "); delete it or pass another --state file");
        }
        return root;
    }

    /** Writes the whole state; thread safe. */
    synchronized void write() {
        Map<String, Object> sections = new LinkedHashMap<>();
        Map<String, SecretStore> stores = vaults.stores();
        synchronized (stores) {
            stores.forEach((name, store) -> sections.put(name, section(name, store)));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("vaults", sections);
        root.put("arm", arm.get());
        try {
            Path parent = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(parent, ".kvconfig-emulator-state", ".tmp");
            Files.write(tmp, Json.write(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the emulator state file " + file, e);
        }
    }

    private Map<String, Object> section(String name, SecretStore store) {
        Map<String, Object> section = new LinkedHashMap<>(store.export());
        VaultKeys vaultKeys = vaults.keys(name);
        if (vaultKeys != null) {
            section.put("keys", vaultKeys.export());
        }
        VaultCertificates vaultCertificates = vaults.certificates(name);
        if (vaultCertificates != null) {
            section.put("certificates", vaultCertificates.export());
        }
        return section;
    }

    Path file() {
        return file;
    }
}
