package dev.kvconfig.examples.quickstart;

import dev.kvconfig.source.KeyVaultConfigSource;
import dev.kvconfig.source.SecretsChangeEvent;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The application of the story: a plain MicroProfile Config (SmallRye) app with {@code kvconfig-source} on the class
 * path. It knows nothing of the emulator or the bootstrap: it gets {@code application.properties} plus the settings a
 * deployment would pass (vault URL, tenant, client secret, trust store) and reads its properties. Not thread-safe
 * beyond what SmallRye Config is; one instance per run.
 */
final class OrdersApp implements AutoCloseable {
    /** What the app reads; the vault holds some of them, application.properties the others. */
    static final List<String> PROPERTIES =
            List.of("app.name", "db.pool.size", "db.url", "db.username", "db.password", "payments.api-key",
                    "jwt.verify-key");

    private static final String MASK = "********";

    private final SmallRyeConfig config;
    private final KeyVaultConfigSource vault;
    private final BlockingQueue<SecretsChangeEvent> changes = new LinkedBlockingQueue<>();

    private OrdersApp(SmallRyeConfig config) {
        this.config = config;
        List<KeyVaultConfigSource> vaults = KeyVaultConfigSource.of(config);
        if (vaults.size() != 1) {
            KeyVaultConfigSource.closeAll(config);
            throw new IllegalStateException("expected one Key Vault source (keyvault.url), found " + vaults.size());
        }
        this.vault = vaults.get(0);
        vault.addChangeListener(changes::add); // called on the refresher thread; names only
    }

    /**
     * Builds the config the way any SmallRye app does: discovered sources (kvconfig's factory) over
     * application.properties and the deployment's settings. System properties and the environment are left out on
     * purpose, so a KEYVAULT_URL in the user's shell cannot redirect the story.
     *
     * @throws IllegalStateException (from the config source) naming the vault and the fix when it cannot load
     */
    static OrdersApp start(Map<String, String> deploymentSettings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()       // finds kvconfig's ConfigSourceFactory (ordinal 270)
                .addDefaultInterceptors()
                .addDiscoveredSecretKeysHandlers()
                .withSources(new PropertiesConfigSource(resource("application.properties"), "application.properties", 250))
                .withSources(new PropertiesConfigSource(deploymentSettings, "deployment-settings", 250))
                .build();
        return new OrdersApp(config);
    }

    KeyVaultConfigSource vault() {
        return vault;
    }

    /** Change events delivered so far and not yet taken. */
    BlockingQueue<SecretsChangeEvent> changes() {
        return changes;
    }

    /** The current value of a property, or null. For the story's fingerprints; never printed. */
    String value(String name) {
        return config.getConfigValue(name).getValue();
    }

    /**
     * One line per property: name, value (masked when it came from the vault; a multi-line value such as a PEM key by
     * its size) and the source it came from, with the expression when the value was one (not shown for vault values).
     */
    List<String> describe() {
        return PROPERTIES.stream().map(name -> {
            ConfigValue value = config.getConfigValue(name);
            String source = value.getSourceName() == null ? "nowhere" : value.getSourceName();
            String shown = value.getValue() == null ? "<not set>"
                    : source.equals(vault.getName()) ? MASK
                    : value.getValue().contains("\n") ? "<" + value.getValue().lines().count() + " lines>"
                    : value.getValue();
            // the expression a value came from (a reference), unless the vault holds it: then it is masked too
            String via = value.getRawValue() != null && !value.getRawValue().equals(value.getValue())
                    ? source.equals(vault.getName()) ? " via an expression" : " via " + value.getRawValue() : "";
            return String.format("%-17s = %-12s (from %s%s)", name, shown, source, via);
        }).toList();
    }

    /** Stops the refresher thread and releases the vault connections. */
    @Override
    public void close() {
        KeyVaultConfigSource.closeAll(config);
    }

    static Map<String, String> resource(String name) {
        Properties properties = new Properties();
        try (InputStream in = OrdersApp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + name + "; rebuild the quickstart jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + name, e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(n -> map.put(n, properties.getProperty(n)));
        return map;
    }
}
