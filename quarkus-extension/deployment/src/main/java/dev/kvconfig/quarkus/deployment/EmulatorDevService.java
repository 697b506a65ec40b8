package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.quarkus.deployment.builditem.Startable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Dev Services vaults: one {@link KeyVaultEmulator} in this JVM with a seeded vault per emulated alias (the main
 * vault, named vaults, or both). Quarkus' Dev Services registry starts it before the application, keeps it across
 * dev-mode reloads with the same Dev Services settings (and for all {@code @QuarkusTest} classes, which share one
 * application) and closes it with the application.
 */
final class EmulatorDevService implements Startable {

    /** One emulated vault: its emulator name and seed (secrets; keys by name with type rsa or ec). Immutable. */
    record Vault(String name, Map<String, String> secrets, Optional<Path> secretsFile, Map<String, String> keys) {
        Vault {
            secrets = Map.copyOf(secrets);
            keys = Map.copyOf(keys);
        }
    }

    /** By alias; {@link #MAIN} for {@code quarkus.keyvault.url}. */
    private final Map<String, Vault> vaults;
    private final OptionalInt port;
    private volatile KeyVaultEmulator emulator;

    static final String MAIN = "";

    EmulatorDevService(Map<String, Vault> vaults, OptionalInt port) {
        this.vaults = new LinkedHashMap<>(vaults);
        this.port = port;
    }

    @Override
    public void start() {
        KeyVaultEmulator.Builder builder = KeyVaultEmulator.builder();
        for (Vault v : vaults.values()) {
            builder.vault(v.name()).seed(v.name(), v.secrets());
            v.secretsFile().ifPresent(file -> builder.seed(v.name(), file));
            new java.util.TreeMap<>(v.keys()).forEach((key, type) -> builder.seedKey(v.name(), key, type));
        }
        port.ifPresent(builder::basePort);
        emulator = builder.start();
    }

    KeyVaultEmulator emulator() {
        KeyVaultEmulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("the Key Vault Dev Services emulator is not started");
        }
        return e;
    }

    /** The URL of the vault emulated for {@code alias} ({@link #MAIN} for the main vault). */
    String vaultUrl(String alias) {
        return emulator().vaultUrl(vaults.get(alias).name()).toString();
    }

    /** One line per vault: {@code 'dev' (main) at https://…/ (2 inline secret(s) + file)}. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        vaults.forEach((alias, v) -> lines.add("'" + v.name() + "' (" + (alias.equals(MAIN) ? "main vault"
                : "alias " + alias) + ") at " + emulator().vaultUrl(v.name()) + " (" + v.secrets().size()
                + " inline secret(s)" + v.secretsFile().map(f -> " + " + f).orElse("")
                + (v.keys().isEmpty() ? "" : ", key(s) " + new java.util.TreeSet<>(v.keys().keySet())) + ")"));
        return lines;
    }

    @Override
    public String getConnectionInfo() {
        return String.join("; ", describe());
    }

    /** Not a container: the emulator runs in this JVM. */
    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        KeyVaultEmulator e = emulator;
        if (e != null) {
            e.close();
        }
    }

    @Override
    public String toString() {
        return "EmulatorDevService[vaults=" + vaults.keySet() + "]";
    }
}
