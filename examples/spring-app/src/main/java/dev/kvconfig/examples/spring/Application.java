package dev.kvconfig.examples.spring;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.spring.test.KeyVaultTestProperties;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The orders service. Its {@code application.yml} imports the vault ({@code spring.config.import=keyvault:}). With
 * {@code --embedded-emulator} it first starts a Key Vault emulator in this JVM, seeded with demo secrets, and points
 * {@code keyvault.*} at it (default properties, with a 10 s refresh); without it, configure a real vault through the
 * environment ({@code KEYVAULT_URL=https://my-vault.vault.azure.net/}) and Azure credentials. The database password is
 * secret {@code orders-db-password}; the starter keeps the Hikari pool on its current version.
 */
@SpringBootApplication
@EnableConfigurationProperties(OrdersSettings.class)
public class Application {

    /** The demo vault's secrets: a greeting served as {@code greeting.message}, and two secrets the app must not echo. */
    static final Map<String, String> DEMO_SECRETS = Map.of(
            "greeting-message", "Hello from Azure Key Vault",
            "orders-api-key", "demo-api-key-7f3a",
            "orders-db-password", "demo-db-password-91c2");

    /** The database of {@code --embedded-emulator}: H2 in memory, kept while the JVM runs, passwords required. */
    static final String DEMO_DATABASE = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(Application.class);
        if (Arrays.asList(args).contains("--embedded-emulator")) {
            KeyVaultEmulator emulator = KeyVaultEmulator.builder().vault("orders").seed("orders", DEMO_SECRETS).start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "kvconfig-emulator-stop"));
            Map<String, Object> settings = new java.util.HashMap<>(KeyVaultTestProperties.of(emulator, "orders"));
            settings.put("keyvault.refresh.interval", "10s");
            // The pool's first connection creates this database, with orders_app and the vault's password.
            settings.put("spring.datasource.url", DEMO_DATABASE);
            settings.put("spring.datasource.username", "orders_app");
            app.setDefaultProperties(settings);
            System.out.println("kvconfig example: embedded Key Vault emulator, vault 'orders' at "
                    + emulator.vaultUrl("orders"));
        }
        app.run(args);
    }
}
