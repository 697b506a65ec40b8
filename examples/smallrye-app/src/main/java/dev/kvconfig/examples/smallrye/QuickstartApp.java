package dev.kvconfig.examples.smallrye;

import dev.kvconfig.emulator.KeyVaultEmulator;
import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.VaultStatus;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The quickstart: starts the Key Vault emulator in-process with a seeded {@code demo} vault, builds a plain SmallRye
 * config with kvconfig-source on the classpath, prints which properties came from the vault (values masked) and exits 0.
 */
public final class QuickstartApp {

    private QuickstartApp() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        try (KeyVaultEmulator emulator = KeyVaultEmulator.builder()
                .vault("demo")
                .seed("demo", demoSecrets())
                .start()) {
            // The only kvconfig settings not in application.properties: the emulator's port and trust store are
            // known only now. They sit at ordinal 250 like application.properties.
            Map<String, String> runtime = new LinkedHashMap<>();
            runtime.put("keyvault.url", emulator.vaultUrl("demo").toString());
            runtime.put("keyvault.tls.trust-store", emulator.trustStore().toString());
            runtime.put("keyvault.tls.trust-store-type", emulator.trustStoreType());
            runtime.put("keyvault.tls.trust-store-password", emulator.trustStorePassword());

            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .addDefaultSources()          // system properties, environment, META-INF/microprofile-config.properties
                    .addDiscoveredSources()       // finds kvconfig's ConfigSourceFactory
                    .addDefaultInterceptors()
                    .addDiscoveredSecretKeysHandlers() // finds the ${keyvault::…} handler
                    .withSources(new PropertiesConfigSource(load("application.properties"), "application.properties", 250))
                    .withSources(new PropertiesConfigSource(runtime, "emulator-runtime", 250))
                    .build();
            try {
                print(out, config);
            } finally {
                KeyVaultConfigSource.closeAll(config);
            }
        }
    }

    private static void print(PrintStream out, SmallRyeConfig config) {
        for (KeyVaultConfigSource source : KeyVaultConfigSource.of(config)) {
            VaultStatus status = source.status();
            out.printf("Vault %s at %s: %s, %d secrets, ordinal %d%n", source.alias(), source.vaultUrl(),
                    status.state(), status.secretCount(), source.getOrdinal());
            out.println("Properties served from the vault (values masked):");
            for (String name : new TreeSet<>(source.getPropertyNames())) {
                ConfigValue value = config.getConfigValue(name);
                out.printf("  %-24s = %-20s from %s%n", name, mask(value.getValue()), value.getSourceName());
            }
        }
        out.println("Other properties:");
        for (String name : new String[] {"app.name", "app.datasource.password"}) {
            ConfigValue value = config.getConfigValue(name);
            String raw = value.getRawValue() != null && value.getRawValue().contains("${") ? ", via " + value.getRawValue() : "";
            out.printf("  %-24s = %-20s from %s%s%n", name, mask(value.getValue()), value.getSourceName(), raw);
        }
    }

    /** Shows only the length: this is what an application may log. */
    static String mask(String value) {
        return value == null ? "<none>" : "*".repeat(Math.min(value.length(), 8)) + " (" + value.length() + " chars)";
    }

    private static Map<String, String> demoSecrets() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        load("demo-vault.properties").forEach((name, value) -> secrets.put(name.replaceAll("[^A-Za-z0-9]", "-"), value));
        return secrets;
    }

    private static Map<String, String> load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = QuickstartApp.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            p.load(in);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
        return m;
    }
}
