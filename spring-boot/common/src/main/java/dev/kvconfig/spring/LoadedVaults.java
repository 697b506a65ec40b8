package dev.kvconfig.spring;

import dev.kvconfig.source.KeyVaultConfigSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The vaults one application run has opened, kept in its bootstrap context (by each starter's {@code BootstrapVaults},
 * as the bootstrap context's types differ between Boot lines): the loader opens each vault once (a second import of
 * the same vault, or Spring Cloud's re-run of config data on {@code /actuator/refresh}, gets the same live source), the
 * application context receives them as bean {@value #BEAN} when the bootstrap context closes ({@link #handOver}), and
 * they are closed with the application context, or by the starter's run listener when startup fails. No static state:
 * two applications in one JVM (two tests) share nothing. Thread-safe.
 */
final class LoadedVaults implements AutoCloseable {

    static final String BEAN = "kvconfigLoadedVaults";

    /** By alias ({@code ""} for the main vault), in import order. */
    private final Map<String, Vault> vaults = new LinkedHashMap<>();
    private boolean handedOver;

    /** One vault: the core source and the property names as a cached array (Boot compares it by identity first). */
    static final class Vault {
        private final KeyVaultConfigSource source;
        private volatile String[] names;

        Vault(KeyVaultConfigSource source) {
            this.source = source;
            this.names = names(source);
            // Registered before any other listener, so later ones (events, metrics) see the new names already.
            source.addChangeListener(event -> this.names = names(source));
        }

        private static String[] names(KeyVaultConfigSource source) {
            return source.getPropertyNames().toArray(String[]::new);
        }

        KeyVaultConfigSource source() {
            return source;
        }

        String[] propertyNames() {
            return names;
        }
    }

    /**
     * Whether the caller is the first to ask, and so the one to call {@link #handOver} when the bootstrap context
     * closes; the loader asks once per vault.
     */
    synchronized boolean firstHandOverClaim() {
        if (handedOver) {
            return false;
        }
        handedOver = true;
        return true;
    }

    /** Registers these vaults as bean {@value #BEAN} of {@code context}, closed when that context closes. */
    void handOver(ConfigurableApplicationContext context) {
        if (!context.getBeanFactory().containsSingleton(BEAN)) {
            context.getBeanFactory().registerSingleton(BEAN, this);
        }
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> {
            if (closed.getApplicationContext() == context) {
                close();
            }
        });
    }

    /** The vault of {@code alias}, opened by {@code open} unless this run has it already. */
    synchronized Vault open(String alias, Supplier<KeyVaultConfigSource> open) {
        return vaults.computeIfAbsent(alias, a -> new Vault(open.get()));
    }

    /** Main vault first, then aliases in import order. */
    synchronized List<Vault> all() {
        List<Vault> list = new ArrayList<>(vaults.values());
        list.sort((a, b) -> Boolean.compare(a.source.options().alias().isPresent(),
                b.source.options().alias().isPresent()));
        return List.copyOf(list);
    }

    /** Stops every vault's refresher and releases its connections; the last snapshots stay readable. Idempotent. */
    @Override
    public void close() {
        for (Vault v : all()) {
            v.source.close();
        }
    }
}
