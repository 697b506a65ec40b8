package dev.kvconfig.examples.micronaut;

import dev.kvconfig.emulator.KeyVaultEmulator;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import java.util.Map;

/**
 * The orders service. With {@code --embedded-emulator} it first starts a Key Vault emulator in this JVM, seeded with
 * demo secrets, and points {@code keyvault.*} at it (system properties); without it, configure a real vault through the
 * environment ({@code KEYVAULT_URL=https://my-vault.vault.azure.net/}) and Azure credentials.
 */
public final class Application {

    /** The demo vault's secrets: a greeting served as {@code greeting.message}, and two secrets the app must not echo. */
    static final Map<String, String> DEMO_SECRETS = Map.of(
            "greeting-message", "Hello from Azure Key Vault",
            "orders-api-key", "demo-api-key-7f3a",
            "orders-db-password", "demo-db-password-91c2");

    private Application() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--embedded-emulator")) {
            KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("orders").seed("orders", DEMO_SECRETS).start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "kvconfig-emulator-stop"));
            System.setProperty("keyvault.url", emulator.vaultUrl("orders").toString());
            System.setProperty("keyvault.credential.type", "emulator");
            System.setProperty("keyvault.tls.trust-store", emulator.trustStore().toString());
            System.setProperty("keyvault.tls.trust-store-password", emulator.trustStorePassword());
            System.setProperty("keyvault.tls.trust-store-type", emulator.trustStoreType());
            System.out.println("kvconfig example: embedded Key Vault emulator, vault 'orders' at " + emulator.vaultUrl("orders"));
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
