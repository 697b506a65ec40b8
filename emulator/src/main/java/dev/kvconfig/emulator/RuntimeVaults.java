package dev.kvconfig.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kvconfig.emulator.arm.VaultHost;
import dev.kvconfig.emulator.certificates.CertificatesModule;
import dev.kvconfig.emulator.certificates.VaultCertificates;
import dev.kvconfig.emulator.keys.KeysModule;
import dev.kvconfig.emulator.keys.VaultKeys;
import dev.kvconfig.emulator.secrets.SecretStore;
import dev.kvconfig.emulator.server.Authorizer;
import dev.kvconfig.emulator.server.TokenVerifier;
import dev.kvconfig.emulator.server.VaultContext;
import dev.kvconfig.emulator.server.VaultModule;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The running vaults of one emulator: each vault's HTTPS server, secret store and key and certificate features. The
 * builder's vaults are bound first ({@link #bind}) and started with the emulator; vaults created, deleted, recovered and
 * purged through ARM come and go at runtime ({@link VaultHost}, called under ARM's lock). The secret stores also keep
 * soft-deleted vaults' secrets until a purge.
 *
 * <p>Thread safe.
 */
final class RuntimeVaults implements VaultHost {
    private static final System.Logger LOG = System.getLogger(RuntimeVaults.class.getName());

    /** What every vault server shares; the authorizer is a supplier because ARM is made after the first vaults. */
    record Shared(HttpsConfigurator https, Executor executor, Clock clock, Counters counters, FaultControl faults,
                  boolean requireTokens, TokenVerifier verifier, Supplier<String> authority,
                  Supplier<Authorizer> authorizer, Runnable stateChanged, Runnable vaultsChanged) {
    }

    private final Shared shared;
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final Map<String, String> canonical = new ConcurrentHashMap<>();
    private final Map<String, SecretStore> stores = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, HttpsServer> servers = new ConcurrentHashMap<>();
    /** Each vault's keys feature, for the direct key operations and the state file. */
    private final Map<String, KeysModule> keyModules = new ConcurrentHashMap<>();
    /** Each vault's certificates feature, for the state file. */
    private final Map<String, CertificatesModule> certificateModules = new ConcurrentHashMap<>();

    RuntimeVaults(Shared shared) {
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    /** Binds (does not start) a server and makes the store of a builder vault; {@code port} 0 = any free port. */
    void bind(String vault, int port) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setHttpsConfigurator(shared.https());
        server.setExecutor(shared.executor());
        servers.put(vault, server);
        stores.put(vault, new SecretStore(vault, shared.clock(), shared.stateChanged()));
        names.add(vault);
        canonical.put(vault.toLowerCase(Locale.ROOT), vault);
    }

    /** Registers the vault's routes on its (bound, not yet started) server. */
    void route(String vault) {
        RouteTable routes = new RouteTable();
        VaultContext context = new VaultContext(vault, stores.get(vault), shared.clock());
        for (VaultModule module : Modules.vaultModules()) {
            module.register(context, routes);
            if (module instanceof KeysModule keys) {
                keyModules.put(vault, keys);
                keys.keys(vault).onChange(shared.stateChanged());
            } else if (module instanceof CertificatesModule certificates) {
                certificateModules.put(vault, certificates);
                certificates.certificates(vault).onChange(shared.stateChanged());
            }
        }
        servers.get(vault).createContext("/", new Dispatcher(routes, new Dispatcher.VaultPolicy(vault,
                shared.counters(), shared.faults(), shared.requireTokens(), shared.verifier(), shared.authority(),
                shared.authorizer().get())));
    }

    /** Starts the server of a bound vault (vaults restored through ARM run already). */
    void start(String vault) {
        servers.get(vault).start();
    }

    /** Stops every server. */
    void stopAll() {
        servers.values().forEach(s -> s.stop(0));
    }

    @Override
    public URI startVault(String name, int preferredPort) {
        if (canonical.containsKey(name.toLowerCase(Locale.ROOT))) {
            return url(name);
        }
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            HttpsServer server;
            try {
                // a recovered or restored vault gets its old port (and so its old vaultUri) back when it is free
                server = HttpsServer.create(new InetSocketAddress(loopback, preferredPort), 128);
            } catch (IOException portTaken) {
                server = HttpsServer.create(new InetSocketAddress(loopback, 0), 128);
            }
            server.setHttpsConfigurator(shared.https());
            server.setExecutor(shared.executor());
            restoreVault(name);
            shared.counters().addVault(name);
            shared.faults().addVault(name);
            servers.put(name, server);
            route(name);
            server.start();
            canonical.put(name.toLowerCase(Locale.ROOT), name);
            names.add(name);
            LOG.log(Level.DEBUG, "Vault {0} started at {1}", name, url(name));
            shared.vaultsChanged().run();
            return url(name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start vault '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void stopVault(String name) {
        String c = canonical.remove(name.toLowerCase(Locale.ROOT));
        if (c == null) {
            return;
        }
        names.remove(c);
        HttpsServer server = servers.remove(c);
        if (server != null) {
            server.stop(0);
        }
        LOG.log(Level.DEBUG, "Vault {0} stopped", c);
        shared.vaultsChanged().run();
    }

    @Override
    public void restoreVault(String name) {
        stores.computeIfAbsent(name, n -> new SecretStore(n, shared.clock(), shared.stateChanged()));
    }

    @Override
    public void purgeVault(String name) {
        stopVault(name);
        // no state file write here (ARM holds its lock): ARM's onChange writes it after the request
        synchronized (stores) {
            stores.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        }
    }

    /**
     * The vault's name as started, for any case of it.
     *
     * @throws IllegalArgumentException naming the running vaults when it is not running
     */
    String known(String vault) {
        Objects.requireNonNull(vault, "vault");
        String c = canonical.get(vault.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new IllegalArgumentException("unknown vault '" + vault + "'; the emulator has " + names);
        }
        return c;
    }

    /** The running vaults, in the order they started. */
    List<String> names() {
        return List.copyOf(names);
    }

    /** @throws IllegalArgumentException naming the running vaults when it is not running */
    int port(String vault) {
        return servers.get(known(vault)).getAddress().getPort();
    }

    URI url(String vault) {
        return URI.create("https://localhost:" + port(vault) + "/");
    }

    /** The running vaults' URLs, in order. */
    Map<String, String> urls() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : names) {
            HttpsServer server = servers.get(v);
            if (server != null) { // null: stopped through ARM a moment ago
                m.put(v, "https://localhost:" + server.getAddress().getPort() + "/");
            }
        }
        return m;
    }

    /** The secret store of a started vault (canonical name). */
    SecretStore store(String vault) {
        return stores.get(vault);
    }

    /** Every secret store, soft-deleted vaults' included; synchronize on it to iterate. */
    Map<String, SecretStore> stores() {
        return stores;
    }

    /** The keys of a started vault, or null when it has none. */
    VaultKeys keys(String vault) {
        KeysModule keys = keyModules.get(vault);
        return keys == null ? null : keys.keys(vault);
    }

    /** The certificates of a started vault, or null when it has none. */
    VaultCertificates certificates(String vault) {
        CertificatesModule certificates = certificateModules.get(vault);
        return certificates == null ? null : certificates.certificates(vault);
    }
}
