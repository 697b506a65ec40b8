package dev.kvconfig.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kvconfig.emulator.arm.ArmContext;
import dev.kvconfig.emulator.arm.ResourceManagerApi;
import dev.kvconfig.emulator.secrets.SecretStore;
import dev.kvconfig.emulator.identity.ClientRegistry;
import dev.kvconfig.emulator.server.IdentityContext;
import dev.kvconfig.emulator.server.IdentityProvider;
import dev.kvconfig.emulator.server.Json;
import dev.kvconfig.emulator.server.ServiceError;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A local emulator of the Azure Key Vault data plane over HTTPS, one port per vault on localhost, with an admin API
 * (stats, faults) on plain HTTP, an identity server at {@link #authorityHost()} and the Azure Resource Manager API at
 * {@link #armEndpoint()} (resource groups, vaults, access policies, role assignments; vaults created there start their
 * own port at once).
 *
 * <p>Thread safe. Start with {@link #builder()}; {@link #close()} stops all servers and deletes the trust store file.
 * Each emulator owns its own state: two emulators in one JVM share nothing.
 */
public final class KeyVaultEmulator implements AutoCloseable {
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final System.Logger LOG = System.getLogger(KeyVaultEmulator.class.getName());
    static final String DEFAULT_TENANT_ID = "8c2b9d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e";
    static final String DEFAULT_SUBSCRIPTION_ID = "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6";
    private static final Pattern VAULT_NAME = Pattern.compile("^[a-zA-Z0-9-]{3,24}$");
    private static final Pattern HOST_NAME = Pattern.compile("^(\\*\\.)?[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?"
            + "(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$");

    private final List<String> builderVaults;
    private final Clock clock = Clock.systemUTC();
    private final String tenantId;
    private final String subscriptionId;
    private final boolean requireTokens;
    private final Counters counters;
    private final FaultControl faults;
    private final ExecutorService executor;
    private final InfoFiles infoFiles = new InfoFiles(this::infoJson);
    private final AtomicBoolean closed = new AtomicBoolean();
    private TlsMaterial tls;
    private RuntimeVaults vaults;
    private HttpsServer identityServer;
    private HttpServer adminServer;
    private HttpsServer armServer;
    private ResourceManagerApi arm;
    private IdentityProvider identity;
    private StateFile stateFile;

    private KeyVaultEmulator(Builder b) {
        this.builderVaults = List.copyOf(b.vaults.values());
        this.tenantId = b.tenantId;
        this.subscriptionId = DEFAULT_SUBSCRIPTION_ID;
        this.requireTokens = b.requireTokens;
        this.counters = new Counters(builderVaults);
        this.faults = new FaultControl(builderVaults, Faults.latency(b.latency), System::nanoTime);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "kvconfig-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    private void start(Builder b) throws Exception {
        long t0 = System.nanoTime();
        tls = TlsMaterial.create(b.hostNames);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpsConfigurator https = new HttpsConfigurator(tls.serverContext());
        // the identity server is bound before the vaults are routed: their challenge names its port
        vaults = new RuntimeVaults(new RuntimeVaults.Shared(https, executor, clock, counters, faults, requireTokens,
                token -> identity.verify(token), () -> authorityHost().toString() + tenantId, () -> arm.authorizer(),
                this::stateChanged, infoFiles::rewrite));
        int next = b.basePort;
        for (String vault : builderVaults) {
            vaults.bind(vault, next == 0 ? 0 : next++);
        }
        adminServer = HttpServer.create(new InetSocketAddress(loopback, next == 0 ? 0 : next++), 32);
        adminServer.setExecutor(executor);
        identityServer = HttpsServer.create(new InetSocketAddress(loopback, next == 0 ? 0 : next++), 64);
        identityServer.setHttpsConfigurator(https);
        identityServer.setExecutor(executor);
        armServer = HttpsServer.create(new InetSocketAddress(loopback, next == 0 ? 0 : next), 64);
        armServer.setHttpsConfigurator(https);
        armServer.setExecutor(executor);

        if (b.stateFile != null) {
            stateFile = new StateFile(b.stateFile, vaults, () -> arm.exportState());
        }
        identity = Modules.identity(new IdentityContext(tenantId, subscriptionId, authorityHost(), clock),
                b.clientRegistry);
        RouteTable identityRoutes = new RouteTable();
        identity.register(identityRoutes);
        identityServer.createContext("/", new Dispatcher("identity", identityRoutes));

        arm = new ResourceManagerApi(new ArmContext(tenantId, subscriptionId, this::authorityHost, clock,
                requireTokens, identity, vaults, this::stateChanged));
        armServer.createContext("/", arm.handler());
        for (String vault : builderVaults) {
            vaults.route(vault);
            arm.declareVault(vault, vaultUrl(vault));
        }
        if (stateFile != null) {
            // ARM first: it starts the vaults created through ARM, whose secrets load() then fills in
            arm.restoreState(stateFile.armSection());
            stateFile.load();
        }
        adminServer.createContext("/", new AdminApi(this));
        Seeding.apply(vaults, b.seeds, b.keySeeds);

        builderVaults.forEach(vaults::start); // vaults restored through ARM run already
        identityServer.start();
        armServer.start();
        adminServer.start();
        LOG.log(Level.INFO, "Key Vault emulator ready in {0} ms: vaults {1}, admin {2}",
                (System.nanoTime() - t0) / 1_000_000, vaults.urls(), adminUrl());
    }

    private void stateChanged() {
        StateFile s = stateFile;
        if (s != null) {
            s.changed();
        }
    }

    /** {@code https://localhost:P/}. @throws IllegalArgumentException naming the known vaults if unknown */
    public URI vaultUrl(String vault) {
        return vaults.url(vault);
    }

    /** The vault's HTTPS port. @throws IllegalArgumentException naming the known vaults if unknown */
    public int vaultPort(String vault) {
        return vaults.port(vault);
    }

    /** The vault names in builder order. */
    public Set<String> vaultNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(vaults.names()));
    }

    /** An SSLContext that trusts the emulator's certificate (and nothing else). */
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    /** The PKCS#12 trust store file holding the emulator's certificate; deleted on close. */
    public Path trustStore() {
        return tls.trustStore();
    }

    /** The trust store's password (random per start). */
    public String trustStorePassword() {
        return tls.trustStorePassword();
    }

    /** {@code PKCS12}. */
    public String trustStoreType() {
        return TlsMaterial.TRUST_STORE_TYPE;
    }

    /**
     * What a kvconfig client needs to reach vault {@code vault}, as kvconfig's settings under {@code prefix}
     * ({@code keyvault.}, {@code keyvault.vaults.<alias>.}, {@code quarkus.keyvault.}, …): {@code url},
     * {@code credential.type=emulator} and the trust store ({@code tls.trust-store}, {@code -password}, {@code -type}).
     * Nothing else, so every other setting keeps its default.
     *
     * @return an unmodifiable map, iterated in the order above
     * @throws IllegalArgumentException naming the known vaults if {@code vault} is unknown
     */
    public Map<String, String> clientSettings(String vault, String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Map<String, String> s = new LinkedHashMap<>();
        s.put(prefix + "url", vaultUrl(vault).toString());
        s.put(prefix + "credential.type", "emulator");
        s.put(prefix + "tls.trust-store", trustStore().toString());
        s.put(prefix + "tls.trust-store-password", trustStorePassword());
        s.put(prefix + "tls.trust-store-type", trustStoreType());
        return Collections.unmodifiableMap(s);
    }

    /** {@code https://localhost:T/}, the identity server (token endpoints). */
    public URI authorityHost() {
        return URI.create("https://localhost:" + identityServer.getAddress().getPort() + "/");
    }

    /**
     * {@code https://localhost:R/}, the Azure Resource Manager API (resource groups, vaults, access policies, role
     * assignments). Point an {@code AzureEnvironment}'s {@code resourceManagerEndpointUrl} at it.
     */
    public URI armEndpoint() {
        return URI.create("https://localhost:" + armServer.getAddress().getPort() + "/");
    }

    /** The emulator's tenant id. */
    public String tenantId() {
        return tenantId;
    }

    /** The emulator's subscription id. */
    public String subscriptionId() {
        return subscriptionId;
    }

    /** {@code http://127.0.0.1:A}, the admin API. */
    public URI adminUrl() {
        return URI.create("http://127.0.0.1:" + adminServer.getAddress().getPort());
    }

    /**
     * A TokenCredential handing out the emulator's tokens for a fixed test principal. Needs azure-core on the
     * class path. Use it with {@code SecretClientBuilder.disableChallengeResourceVerification()} when the vault URL is
     * {@code https://localhost:P/}.
     */
    public com.azure.core.credential.TokenCredential credential() {
        return EmulatorCredential.create(this);
    }

    /** A token for the principal with the {@code oid}, {@code tid} and {@code appid} claims. */
    public String issueToken(String objectId) {
        Objects.requireNonNull(objectId, "objectId");
        return identity.issueToken(objectId);
    }

    /** A snapshot of the request counts, with what each throttled vault's windows saw. */
    public EmulatorStats stats() {
        return counters.snapshot(faults::throttling);
    }

    /** Sets all counts to zero, the throttle counts too. */
    public void resetStats() {
        counters.reset();
        faults.resetCounts();
    }

    /** Faults for every vault (replaces per-vault settings). */
    public void faults(Faults faults) {
        this.faults.setAll(Objects.requireNonNull(faults, "faults"));
    }

    /** Faults for one vault, overriding the all-vaults setting. */
    public void faults(String vault, Faults faults) {
        this.faults.set(vaults.known(vault), Objects.requireNonNull(faults, "faults"));
    }

    /** Back to the start setting for every vault: no faults but the builder's {@code latency}. */
    public void clearFaults() {
        faults.clear();
    }

    /** Drops one vault's fault override. */
    void clearFaults(String vault) {
        faults.clear(vaults.known(vault));
    }

    /**
     * Adds a secret version directly (not counted in stats).
     *
     * @return the new version id
     * @throws IllegalArgumentException for an invalid name or value; IllegalStateException when the name is deleted
     */
    public String setSecret(String vault, String name, String value) {
        return setSecret(vault, name, value, null);
    }

    /**
     * Adds a secret version directly (not counted in stats) that expires at {@code expiresOn} (its {@code exp}
     * attribute, whole seconds), or never when {@code null}.
     *
     * @return the new version id
     * @throws IllegalArgumentException for an invalid name or value; IllegalStateException when the name is deleted
     */
    public String setSecret(String vault, String name, String value, Instant expiresOn) {
        Long exp = expiresOn == null ? null : expiresOn.getEpochSecond();
        try {
            return vaults.store(vaults.known(vault)).set(name, value, null, null, null, null, exp).version();
        } catch (ServiceError e) {
            throw direct(e);
        }
    }

    /** Enables or disables the latest version directly; bumps {@code updated}. @throws IllegalStateException if absent */
    public void setSecretEnabled(String vault, String name, boolean enabled) {
        try {
            vaults.store(vaults.known(vault)).setEnabled(name, enabled);
        } catch (ServiceError e) {
            throw direct(e);
        }
    }

    /**
     * Creates a key directly (not counted in stats), or a new version of an existing one: {@code RSA} (2048 bits) or
     * {@code EC} (P-256), with every operation its type allows. For seeding a running emulator; at start,
     * {@link Builder#seedKey} creates only missing keys.
     *
     * @return the new version id
     * @throws IllegalArgumentException for an invalid name or a type other than RSA and EC; IllegalStateException when
     *     the name is deleted
     */
    public String createKey(String vault, String name, String keyType) {
        String kty = Objects.requireNonNull(keyType, "keyType").toUpperCase(Locale.ROOT);
        if (!kty.equals("RSA") && !kty.equals("EC")) {
            throw new IllegalArgumentException("key type '" + keyType + "' is not RSA or EC");
        }
        try {
            return Seeding.createKey(vaults, vaults.known(vault), name, kty);
        } catch (ServiceError e) {
            throw direct(e);
        }
    }

    /** Soft-deletes a secret directly. @throws IllegalStateException if absent */
    public void deleteSecret(String vault, String name) {
        try {
            vaults.store(vaults.known(vault)).delete(name);
        } catch (ServiceError e) {
            throw direct(e);
        }
    }

    private static RuntimeException direct(ServiceError e) {
        return e.status() == 400 ? new IllegalArgumentException(e.getMessage())
                : new IllegalStateException(e.getMessage());
    }

    /**
     * The info-file JSON (DESIGN.md): vault URLs (builder vaults and running ones created through ARM), trust store,
     * admin URL, armEndpoint, authorityHost, tenant, subscription.
     */
    public String infoJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vaults", new LinkedHashMap<>(vaults.urls()));
        m.put("trustStore", trustStore().toString());
        m.put("trustStorePassword", trustStorePassword());
        m.put("trustStoreType", trustStoreType());
        m.put("adminUrl", adminUrl().toString());
        m.put("armEndpoint", armEndpoint().toString());
        m.put("authorityHost", authorityHost().toString());
        m.put("tenantId", tenantId);
        m.put("subscriptionId", subscriptionId);
        return Json.writeString(m);
    }

    /**
     * Writes {@link #infoJson()} to the file (atomically) and returns its absolute path. The file is rewritten when a
     * vault is created, recovered or deleted through ARM, so it always lists the running vaults.
     */
    public Path writeInfoFile(Path file) {
        return infoFiles.write(file);
    }

    /** Stops all servers, writes the state file, deletes the trust store. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (vaults != null) {
            vaults.stopAll();
        }
        if (identityServer != null) {
            identityServer.stop(0);
        }
        if (armServer != null) {
            armServer.stop(0);
        }
        if (adminServer != null) {
            adminServer.stop(0);
        }
        executor.shutdownNow();
        stateChanged();
        if (tls != null) {
            tls.deleteTrustStore();
        }
        LOG.log(Level.INFO, "Key Vault emulator stopped");
    }

    @Override
    public String toString() {
        return "KeyVaultEmulator" + (vaults == null ? "[not started]" : vaults.urls());
    }

    /**
     * Builds and starts a {@link KeyVaultEmulator}. Setters validate at once; {@link #start()} checks what spans
     * settings. Not thread safe; one builder may start several emulators.
     */
    public static final class Builder {
        private final Map<String, String> vaults = new LinkedHashMap<>();
        private final List<Seeding.Seed> seeds = new ArrayList<>();
        private final List<Seeding.KeySeed> keySeeds = new ArrayList<>();
        private final List<String> hostNames = new ArrayList<>();
        private Duration latency = Duration.ZERO;
        private int basePort;
        private boolean requireTokens;
        private Path stateFile;
        private String tenantId = DEFAULT_TENANT_ID;
        private final ClientRegistry.Builder clients = ClientRegistry.builder();
        /** Set only on the snapshot {@link #start()} takes: the clients registered so far. */
        private ClientRegistry clientRegistry = ClientRegistry.lax();

        private Builder() {
        }

        /**
         * Adds a vault (repeatable; at least one). Its URL is {@code https://localhost:P/}.
         *
         * @throws IllegalArgumentException unless the name matches {@code ^[a-zA-Z0-9-]{3,24}$}
         * @throws IllegalStateException when the vault was already added
         */
        public Builder vault(String name) {
            Objects.requireNonNull(name, "vault");
            if (!VAULT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("vault name '" + name
                        + "' is invalid: use 3-24 characters of a-z, A-Z, 0-9 and '-'");
            }
            String k = name.toLowerCase(Locale.ROOT);
            if (vaults.containsKey(k)) {
                throw new IllegalStateException("vault '" + name + "' was already added");
            }
            vaults.put(k, name);
            return this;
        }

        /**
         * Seeds secrets (name -> value) into a vault at start. A seed whose value equals the latest value (say from a
         * state file) adds no version.
         *
         * @throws IllegalArgumentException for an invalid secret name or a value over 25 KB
         */
        public Builder seed(String vault, Map<String, String> secrets) {
            Objects.requireNonNull(vault, "vault");
            Objects.requireNonNull(secrets, "secrets");
            Map<String, String> copy = new LinkedHashMap<>();
            secrets.forEach((k, v) -> {
                if (k == null || !Seeding.SECRET_NAME.matcher(k).matches()) {
                    throw new IllegalArgumentException("seed secret name '" + k + "' for vault '" + vault
                            + "' is invalid: use 1-127 characters of 0-9, a-z, A-Z and '-'");
                }
                Objects.requireNonNull(v, () -> "seed value of secret '" + k + "' is null");
                if (v.getBytes(StandardCharsets.UTF_8).length > SecretStore.MAX_VALUE_BYTES) {
                    throw new IllegalArgumentException("seed value of secret '" + k + "' is over 25 KB");
                }
                copy.put(k, v);
            });
            seeds.add(new Seeding.Seed(vault, Map.copyOf(copy), null));
            return this;
        }

        /**
         * Creates a key at start, {@code rsa} (2048 bits) or {@code ec} (P-256), unless the vault already has one of that
         * name (e.g. brought back by the state file): restarts keep the key material.
         *
         * @throws IllegalArgumentException for an invalid key name or a type other than rsa and ec
         */
        public Builder seedKey(String vault, String name, String type) {
            Objects.requireNonNull(vault, "vault");
            if (name == null || !Seeding.SECRET_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("seed key name '" + name + "' for vault '" + vault
                        + "' is invalid: use 1-127 characters of 0-9, a-z, A-Z and '-'");
            }
            if (type == null || !(type.equalsIgnoreCase("rsa") || type.equalsIgnoreCase("ec"))) {
                throw new IllegalArgumentException("seed key '" + name + "': type '" + type + "' is not rsa or ec");
            }
            keySeeds.add(new Seeding.KeySeed(vault, name, type.toUpperCase(Locale.ROOT)));
            return this;
        }

        /**
         * Seeds secrets from a properties file at start; property names map to secret names by replacing every
         * character outside {@code [A-Za-z0-9]} with {@code -} ({@code db.password} -> {@code db-password}).
         *
         * @throws IllegalArgumentException when the file is not a readable regular file
         */
        public Builder seed(String vault, Path propertiesFile) {
            Objects.requireNonNull(vault, "vault");
            Objects.requireNonNull(propertiesFile, "propertiesFile");
            if (!Files.isRegularFile(propertiesFile) || !Files.isReadable(propertiesFile)) {
                throw new IllegalArgumentException("seed file " + propertiesFile.toAbsolutePath()
                        + " for vault '" + vault + "' is not a readable file");
            }
            seeds.add(new Seeding.Seed(vault, null, propertiesFile));
            return this;
        }

        /** Latency added to every vault request; default 0. Stays in force after {@code clearFaults()}. */
        public Builder latency(Duration perRequest) {
            Objects.requireNonNull(perRequest, "latency");
            if (perRequest.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + perRequest);
            }
            this.latency = perRequest;
            return this;
        }

        /**
         * The first port: vaults get {@code port, port+1, …} in the order added, then the admin API, then the
         * identity server (authorityHost), then the Resource Manager API (armEndpoint). Vaults created later through
         * ARM take any free port. Default 0: any free ports.
         *
         * @throws IllegalArgumentException outside 0..65535
         */
        public Builder basePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("basePort must be 0 (any free port) or 1-65535, got " + port);
            }
            this.basePort = port;
            return this;
        }

        /** When on, vaults accept only tokens this emulator issued; default off (any bearer token). */
        public Builder requireEmulatorTokens(boolean on) {
            this.requireTokens = on;
            return this;
        }

        /**
         * Keeps all vault contents in this JSON file: loaded at start when it exists, rewritten after each change and
         * on close. It holds secret values in clear text.
         */
        public Builder stateFile(Path file) {
            Objects.requireNonNull(file, "stateFile");
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("stateFile " + file.toAbsolutePath()
                        + ": the directory does not exist");
            }
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("stateFile " + file.toAbsolutePath() + " is a directory");
            }
            this.stateFile = file.toAbsolutePath();
            return this;
        }

        /**
         * Registers an application with the token endpoint: its client secret is checked (a wrong one gets 401
         * {@code invalid_client}, AADSTS7000215) and its tokens carry {@code objectId} as {@code oid}. Other client ids
         * get tokens too (oid {@code UUID.nameUUIDFromBytes(clientId)}) unless {@link #strictClients(boolean)}.
         *
         * @throws IllegalArgumentException for a malformed client id, an empty secret or object id, or a client id
         *                                  registered twice
         */
        public Builder client(String clientId, String secret, String objectId) {
            clients.client(clientId, secret, objectId);
            return this;
        }

        /** When on, the token endpoint refuses client ids not registered with {@link #client}; default off. */
        public Builder strictClients(boolean on) {
            clients.strict(on);
            return this;
        }

        /** The tenant of the challenge and the tokens; default a fixed GUID. */
        public Builder tenantId(String tenantId) {
            Objects.requireNonNull(tenantId, "tenantId");
            if (!tenantId.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")) {
                throw new IllegalArgumentException("tenantId '" + tenantId + "' is not a GUID");
            }
            this.tenantId = tenantId;
            return this;
        }

        /** An extra DNS name in the TLS certificate (repeatable), e.g. {@code myvault.example.test}. */
        public Builder hostName(String extraSanHostName) {
            Objects.requireNonNull(extraSanHostName, "hostName");
            if (!HOST_NAME.matcher(extraSanHostName).matches()) {
                throw new IllegalArgumentException("hostName '" + extraSanHostName + "' is not a DNS name");
            }
            hostNames.add(extraSanHostName);
            return this;
        }

        /**
         * Starts all servers.
         *
         * @throws IllegalStateException with the cause when no vault was added, a seed names an unknown vault, or a
         *                               server cannot start (port in use, state file unreadable)
         */
        public KeyVaultEmulator start() {
            if (vaults.isEmpty()) {
                throw new IllegalStateException("no vault: call vault(\"demo\") at least once");
            }
            // The JDK's HttpServer leaves Nagle's algorithm on unless this JVM-wide property is set before its first
            // server starts; with the client's delayed ACK that added ~25 ms to every sequential request (measured in
            // benchmarks/), more than the latency faults inject. An explicit -D setting is left alone.
            if (System.getProperty(NODELAY_PROPERTY) == null) {
                System.setProperty(NODELAY_PROPERTY, "true");
            }
            List<Seeding.Seed> resolved = new ArrayList<>();
            for (Seeding.Seed s : seeds) {
                String c = vaults.get(s.vault().toLowerCase(Locale.ROOT));
                if (c == null) {
                    throw new IllegalStateException("seed for vault '" + s.vault() + "' but the vaults are "
                            + vaults.values());
                }
                resolved.add(new Seeding.Seed(c, s.secrets(), s.file()));
            }
            List<Seeding.KeySeed> resolvedKeys = new ArrayList<>();
            for (Seeding.KeySeed k : keySeeds) {
                String c = vaults.get(k.vault().toLowerCase(Locale.ROOT));
                if (c == null) {
                    throw new IllegalStateException("key seed for vault '" + k.vault() + "' but the vaults are "
                            + vaults.values());
                }
                resolvedKeys.add(new Seeding.KeySeed(c, k.name(), k.type()));
            }
            if (basePort != 0 && basePort + vaults.size() + 2 > 65535) {
                throw new IllegalStateException("basePort " + basePort + " leaves no room for " + (vaults.size() + 3)
                        + " ports");
            }
            Builder snapshot = copy(resolved);
            snapshot.keySeeds.addAll(resolvedKeys);
            KeyVaultEmulator emulator = new KeyVaultEmulator(snapshot);
            try {
                emulator.start(snapshot);
                return emulator;
            } catch (Exception e) {
                emulator.close();
                throw new IllegalStateException("could not start the Key Vault emulator: " + e.getMessage(), e);
            }
        }

        private Builder copy(List<Seeding.Seed> resolvedSeeds) {
            Builder b = new Builder();
            b.vaults.putAll(vaults);
            b.seeds.addAll(resolvedSeeds);
            b.hostNames.addAll(hostNames);
            b.latency = latency;
            b.basePort = basePort;
            b.requireTokens = requireTokens;
            b.stateFile = stateFile;
            b.tenantId = tenantId;
            b.clientRegistry = clients.build();
            return b;
        }
    }
}
