package dev.kvconfig.emulator;

import dev.kvconfig.emulator.keys.VaultKeys;
import dev.kvconfig.emulator.secrets.SecretStore;
import dev.kvconfig.emulator.server.ServiceError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The builder's seeds, applied at start after the state file: secrets (from a map or a properties file) and keys. A
 * seed that the vault already holds (same latest value, or a key of that name) adds nothing, so restarts over a state
 * file keep versions and key material.
 */
final class Seeding {
    private static final System.Logger LOG = System.getLogger(Seeding.class.getName());
    static final Pattern SECRET_NAME = Pattern.compile("^[0-9a-zA-Z-]{1,127}$");

    /** Secrets for a vault: {@code secrets} given directly, or read from {@code file} at start. */
    record Seed(String vault, Map<String, String> secrets, Path file) {
    }

    /** A key to create at start when the vault has none of that name (type RSA or EC). */
    record KeySeed(String vault, String name, String type) {
    }

    private Seeding() {
    }

    static void apply(RuntimeVaults vaults, List<Seed> seeds, List<KeySeed> keySeeds) throws IOException {
        for (Seed seed : seeds) {
            applySecrets(vaults.store(seed.vault()), seed);
        }
        for (KeySeed seed : keySeeds) {
            VaultKeys keys = vaults.keys(seed.vault());
            if (keys.contains(seed.name())) {
                continue; // kept: a state file brought it back, or it was seeded twice
            }
            createKey(vaults, seed.vault(), seed.name(), seed.type());
            LOG.log(Level.INFO, "Seeded vault {0} with key {1} ({2})", seed.vault(), seed.name(), seed.type());
        }
    }

    private static void applySecrets(SecretStore store, Seed seed) throws IOException {
        Map<String, String> secrets = seed.secrets() != null ? seed.secrets() : readProperties(seed.file());
        int changed = 0;
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            if (store.exists(e.getKey()) && store.get(e.getKey(), "").value().equals(e.getValue())) {
                continue; // unchanged: keep the version a state file brought back
            }
            try {
                store.set(e.getKey(), e.getValue(), null, null, null, null, null);
                changed++;
            } catch (ServiceError err) {
                throw new IllegalStateException("cannot seed secret '" + e.getKey() + "' into vault '"
                        + seed.vault() + "': " + err.getMessage());
            }
        }
        LOG.log(Level.INFO, "Seeded vault {0} with {1} secrets ({2} new versions){3}", seed.vault(),
                secrets.size(), changed, seed.file() == null ? "" : " from " + seed.file());
    }

    /** A key of RSA 2048 / EC P-256 in a started vault ({@code kty} RSA or EC), ids pointing at its URL. */
    static String createKey(RuntimeVaults vaults, String vault, String name, String kty) {
        return vaults.keys(vault).createWithDefaults(vaults.url(vault).toString().replaceAll("/$", ""), name, kty);
    }

    /** Reads a properties file, mapping each property name to a secret name (non [A-Za-z0-9] -> '-'). */
    static Map<String, String> readProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : new TreeSet<>(p.stringPropertyNames())) {
            String secret = name.replaceAll("[^A-Za-z0-9]", "-");
            if (!SECRET_NAME.matcher(secret).matches()) {
                throw new IOException("property '" + name + "' in " + file + " does not map to a valid secret name"
                        + " (1-127 characters)");
            }
            out.put(secret, p.getProperty(name));
        }
        return out;
    }
}
