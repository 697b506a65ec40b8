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
import java.util.function.Function;
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
    private final Map<String, SecretStore> stores;
    private final Supplier<Map<String, Object>> arm;
    private final Function<String, VaultKeys> keys;
    private final Function<String, VaultCertificates> certificates;

    /**
     * @param arm the Resource Manager state to keep under {@code "arm"}
     * @param keys a started vault's keys (null when it has none), kept under the vault's {@code "keys"}
     * @param certificates a started vault's certificates (null when none), kept under {@code "certificates"}
     */
    StateFile(Path file, Map<String, SecretStore> stores, Supplier<Map<String, Object>> arm,
            Function<String, VaultKeys> keys, Function<String, VaultCertificates> certificates) {
        this.file = file;
        this.stores = stores;
        this.arm = arm;
        this.keys = keys;
        this.certificates = certificates;
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
            return;
        }
        Map<String, Object> vaults = (Map<String, Object>) read().getOrDefault("vaults", Map.of());
        for (Map.Entry<String, Object> e : vaults.entrySet()) {
            SecretStore store = stores.get(e.getKey());
            if (store == null) {
                LOG.log(Level.INFO, "State file {0}: vault {1} is not started; its secrets stay in the file until the"
                        + " next write", file, e.getKey());
                continue;
            }
            Map<String, Object> section = (Map<String, Object>) e.getValue();
            store.load(section);
            VaultKeys vaultKeys = keys.apply(e.getKey());
            if (vaultKeys != null && section.get("keys") instanceof Map<?, ?> keySection) {
                vaultKeys.load((Map<String, Object>) keySection);
            }
            // after the keys: loading a certificate puts its backing key back among them
            VaultCertificates vaultCertificates = certificates.apply(e.getKey());
            if (vaultCertificates != null && section.get("certificates") instanceof Map<?, ?> certificateSection) {
                vaultCertificates.load((Map<String, Object>) certificateSection);
            }
        }
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
        Map<String, Object> vaults = new LinkedHashMap<>();
        stores.forEach((name, store) -> {
            Map<String, Object> section = new LinkedHashMap<>(store.export());
            VaultKeys vaultKeys = keys.apply(name);
            if (vaultKeys != null) {
                section.put("keys", vaultKeys.export());
            }
            VaultCertificates vaultCertificates = certificates.apply(name);
            if (vaultCertificates != null) {
                section.put("certificates", vaultCertificates.export());
            }
            vaults.put(name, section);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("vaults", vaults);
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

    Path file() {
        return file;
    }
}
