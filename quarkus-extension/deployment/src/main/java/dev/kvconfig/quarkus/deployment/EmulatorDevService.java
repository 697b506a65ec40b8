package dev.kvconfig.quarkus.deployment;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.quarkus.deployment.builditem.Startable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Dev Services vault: a {@link KeyVaultEmulator} in this JVM with one seeded vault. Quarkus' Dev Services registry
 * starts it before the application, keeps it across dev-mode reloads with the same Dev Services settings (and for all
 * {@code @QuarkusTest} classes, which share one application) and closes it with the application.
 */
final class EmulatorDevService implements Startable {

    private final String vault;
    private final Map<String, String> secrets;
    private final Optional<Path> secretsFile;
    private final OptionalInt port;
    private volatile KeyVaultEmulator emulator;

    EmulatorDevService(String vault, Map<String, String> secrets, Optional<Path> secretsFile, OptionalInt port) {
        this.vault = vault;
        this.secrets = Map.copyOf(secrets);
        this.secretsFile = secretsFile;
        this.port = port;
    }

    @Override
    public void start() {
        KeyVaultEmulator.Builder builder = KeyVaultEmulator.builder().vault(vault).seed(vault, secrets);
        secretsFile.ifPresent(file -> builder.seed(vault, file));
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

    String vaultUrl() {
        return emulator().vaultUrl(vault).toString();
    }

    String vault() {
        return vault;
    }

    int inlineSecrets() {
        return secrets.size();
    }

    Optional<Path> secretsFile() {
        return secretsFile;
    }

    @Override
    public String getConnectionInfo() {
        return vaultUrl();
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
        return "EmulatorDevService[vault=" + vault + "]";
    }
}
