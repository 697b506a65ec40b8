package dev.kvconfig.source;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.ConfigValueConfigSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The MicroProfile {@link ConfigSource} of one Key Vault: serves the secrets of an immutable snapshot that a background
 * daemon thread refreshes. Created by {@link KeyVaultConfigSourceFactory} (one per configured vault); callers that need
 * its status or change events (adapters, applications) find it in the built config with {@link #of(Config)}.
 *
 * <p>Thread-safe. Lookups never do I/O and never fail because of the vault: they read the last published snapshot. A
 * property name maps to a secret name by replacing every character outside {@code [A-Za-z0-9]} with {@code -},
 * case-insensitively ({@code db.password}, {@code db_password}, {@code DB-PASSWORD} all read secret {@code db-password}).
 *
 * <p>Lifecycle: {@link #close()} stops the refresher thread and releases the connection pool; {@link #closeAll(Config)}
 * does that for every vault source of a config. The thread is a daemon, so an unclosed source does not keep a JVM alive.
 */
public final class KeyVaultConfigSource implements ConfigValueConfigSource, AutoCloseable {

    private final KeyVaultOptions options;
    private final VaultAccess access;
    private final Refresher refresher;
    /** The refresher's published snapshot; lookups read it without going through the refresher. */
    private final AtomicReference<Snapshot> live;
    private final ExpiryWatch expiry;
    private final Clock clock;
    private final String name;
    /** Why a credentials view refused its secret's newest version, by view name; sorted so status lists are stable. */
    private final Map<String, String> refused = new ConcurrentSkipListMap<>();
    /** The TLS material following this source, by name, for {@link VaultStatus#tls()}. */
    private final Map<String, TlsMaterial> tlsMaterials = new ConcurrentSkipListMap<>();
    /** Run after each successful load, after the expiry watch, on the loading thread (the TLS material views). */
    private final List<Runnable> afterLoad;

    private KeyVaultConfigSource(KeyVaultOptions options, VaultAccess access, Refresher refresher,
            AtomicReference<Snapshot> live, ExpiryWatch expiry, Clock clock, List<Runnable> afterLoad) {
        this.options = options;
        this.afterLoad = afterLoad;
        this.live = live;
        this.access = access;
        this.refresher = refresher;
        this.expiry = expiry;
        this.clock = clock;
        this.name = sourceName(options);
    }

    /** {@link #getName()} of the source these options make. */
    static String sourceName(KeyVaultOptions options) {
        return "KeyVaultConfigSource[vault=" + options.displayName() + ", url=" + options.vaultUrl() + "]";
    }

    /**
     * Connects, loads and starts refreshing. Fails fast (no thread left, pool released) unless the vault is optional.
     *
     * @throws IllegalStateException naming the vault URL, the cause and {@code keyvault.optional}
     */
    static KeyVaultConfigSource start(KeyVaultOptions options, Clock clock) {
        return start(options, clock, List.of());
    }

    /** As {@link #start(KeyVaultOptions, Clock)}, also watching the expiry of the referenced keys and certificates. */
    static KeyVaultConfigSource start(KeyVaultOptions options, Clock clock, List<ExpiryWatch.Watched> watched) {
        VaultAccess access = VaultAccess.open(options);
        AtomicReference<Snapshot> live = new AtomicReference<>(Snapshot.EMPTY);
        Refresher refresher = new Refresher(options, new SecretLoader(options, access, clock), clock, live);
        ExpiryWatch expiry = new ExpiryWatch(options, access, watched, clock);
        List<Runnable> afterLoad = new CopyOnWriteArrayList<>();
        refresher.afterEachLoad(snapshot -> {
            expiry.update(snapshot);
            afterLoad.forEach(Runnable::run);
        });
        try {
            try {
                refresher.initialLoad();
            } catch (RuntimeException e) {
                if (!options.optional()) {
                    throw new IllegalStateException(startupFailure(options, e), e);
                }
                refresher.startEmpty(e);
            }
            refresher.start();
            return new KeyVaultConfigSource(options, access, refresher, live, expiry, clock, afterLoad);
        } catch (RuntimeException e) {
            refresher.close();
            access.close();
            throw e;
        }
    }

    /** Why startup failed and what to do: throttling (the budget is the fix) apart from everything else. */
    private static String startupFailure(KeyVaultOptions options, RuntimeException e) {
        String head = "Key Vault " + options.vaultUrl() + " (" + options.key(KeyVaultSetting.URL) + ") could not be loaded at startup: ";
        String optional = "or set " + options.key(KeyVaultSetting.OPTIONAL) + "=true to start without this vault and keep "
                + "retrying in the background";
        if (e instanceof LoadTimeoutException) {
            return head + e.getMessage() + ". Raise " + options.key(KeyVaultSetting.STARTUP_TIMEOUT) + (LoadTimeoutException.throttled(e)
                    ? ", stagger the restarts of instances sharing this vault, " : " or lower the latency to the vault, ")
                    + optional;
        }
        if (LoadTimeoutException.throttled(e)) {
            // The gate gave a request up at once: the vault's Retry-After reached past the budget.
            return head + "throttled: " + Refresher.summary(e) + ", asking to wait beyond "
                    + options.key(KeyVaultSetting.STARTUP_TIMEOUT) + "=" + options.startupTimeout() + ". Raise "
                    + options.key(KeyVaultSetting.STARTUP_TIMEOUT) + ", stagger the restarts of instances sharing this vault, " + optional;
        }
        return head + Refresher.summary(e) + ". Check the URL, the network and the credential ("
                + options.key(KeyVaultSetting.CREDENTIAL_TYPE) + "=" + options.credentialType().configName() + "), " + optional;
    }

    /**
     * Opens a source from programmatic options, for callers without SmallRye's factory discovery (an adapter that builds
     * its own property sources, a test). Loads now on the calling thread, then refreshes in the background; close it
     * when done.
     *
     * @throws IllegalStateException naming the vault URL, the cause and {@code keyvault.optional} if the vault cannot be
     *     loaded and the options are not optional; nothing is left running then
     */
    public static KeyVaultConfigSource open(KeyVaultOptions options) {
        return start(Objects.requireNonNull(options, "options"), Clock.systemUTC());
    }

    /**
     * The Key Vault sources of a config, highest ordinal first; empty when none is configured.
     *
     * @throws NullPointerException if {@code config} is null
     */
    public static List<KeyVaultConfigSource> of(Config config) {
        Objects.requireNonNull(config, "config");
        List<KeyVaultConfigSource> sources = new ArrayList<>();
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof KeyVaultConfigSource) {
                sources.add((KeyVaultConfigSource) source);
            }
        }
        return List.copyOf(sources);
    }

    /** Closes every Key Vault source of a config (stops their threads, releases their connections). Idempotent. */
    public static void closeAll(Config config) {
        for (KeyVaultConfigSource source : of(config)) {
            source.close();
        }
    }

    /**
     * The value of the secret this property name maps to, from the current snapshot; null if the vault does not hold it.
     * Never does I/O.
     */
    @Override
    public String getValue(String propertyName) {
        return live.get().value(propertyName);
    }

    /**
     * As {@link #getValue}, as SmallRye's {@link ConfigValue} (source name and ordinal set; named as asked). Prebuilt per
     * secret, so a config lookup allocates nothing here. Never does I/O. SmallRye's {@code ConfigValue.toString()} prints
     * the value and the raw value (both the secret): don't log it.
     */
    @Override
    public ConfigValue getConfigValue(String propertyName) {
        return live.get().configValue(propertyName);
    }

    /**
     * Always empty, as {@link #getProperties()}: SmallRye's {@link ConfigValue} prints its value in {@code toString()}
     * and cannot be subclassed, so a map of them would leak the vault to any log line that prints one. Look a
     * property up with {@link #getConfigValue(String)}; list the names with {@link #getPropertyNames()}.
     */
    @Override
    public Map<String, ConfigValue> getConfigValueProperties() {
        return Map.of();
    }

    /** Each loaded secret name with {@code -} replaced by {@code .}, case as stored, prefix stripped. A snapshot copy. */
    @Override
    public Set<String> getPropertyNames() {
        return live.get().propertyNames();
    }

    /**
     * Always empty, as quarkus-vault's source does: a map of secret values leaks them through any view that prints an
     * element ({@code values()}, an entry, an iterator's next value), and nothing in MicroProfile or SmallRye needs it
     * here. Enumeration goes through {@link #getPropertyNames()} (which this source lists itself rather than deriving
     * it from this map, as the interface's default would), lookups through {@link #getValue(String)}.
     */
    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public int getOrdinal() {
        return options.ordinal();
    }

    /** {@code KeyVaultConfigSource[vault=<alias>, url=<vault URL>]}: where it comes from, never what it holds. */
    @Override
    public String getName() {
        return name;
    }

    /** The vault alias, {@code default} for {@code keyvault.url}. */
    public String alias() {
        return options.displayName();
    }

    public URI vaultUrl() {
        return options.vaultUrl();
    }

    /** The settings this source runs with (passwords not included). */
    public KeyVaultOptions options() {
        return options;
    }

    /**
     * The current health of this vault source, with the items expiring within {@code keyvault.expiry-warning} as of the
     * last load; cheap, no I/O.
     */
    public VaultStatus status() {
        return complete(refresher.status());
    }

    /** A refresher status with what the source adds: expiring references, refused versions, TLS material. */
    private VaultStatus complete(VaultStatus base) {
        Instant now = clock.instant();
        Map<String, TlsMaterial.Status> tls = new java.util.TreeMap<>();
        tlsMaterials.forEach((name, m) -> tls.put(name, m.status()));
        return base.withExpiring(expiry.expiring(now)).withRefused(List.copyOf(refused.values()))
                .withTls(tls, options.expiryWarning().isZero() ? Instant.MIN : now.plus(options.expiryWarning()));
    }

    /** The published snapshot, for views over it ({@link CredentialsView}); no I/O. */
    Snapshot snapshot() {
        return live.get();
    }

    /** Sets ({@code line} non-null) or clears what {@link #status()} reports as refused for one credentials view. */
    void reportRefused(String view, String line) {
        if (line == null) {
            refused.remove(view);
        } else {
            refused.put(view, line);
        }
    }

    /** Adds ({@code material} non-null) or removes the TLS material {@link #status()} reports under {@code name}. */
    void reportTls(String name, TlsMaterial material) {
        if (material == null) {
            tlsMaterials.remove(name);
        } else {
            tlsMaterials.put(name, material);
        }
    }

    /** Registers a listener told after each refresh that changed something. See {@link SecretsChangeListener}. */
    public void addChangeListener(SecretsChangeListener listener) {
        refresher.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeChangeListener(SecretsChangeListener listener) {
        refresher.removeListener(listener);
    }

    /**
     * Requests a refresh cycle now, on the refresher thread, after the running one if any (one cycle at a time). The
     * future completes with the status after that cycle, normally also when it failed (then {@code DEGRADED} or
     * {@code DOWN}); it fails only if the source is closed. Listeners (and {@link CredentialsView}s) have been told
     * before it completes.
     */
    public CompletableFuture<VaultStatus> refreshNow() {
        return refresher.refreshNow().thenApply(this::complete);
    }

    /** The vault clients of this source, for the TLS material views that read certificates with its credential. */
    VaultAccess access() {
        return access;
    }

    /** Runs {@code task} after each successful load from now on, on the refresher thread; it must not throw. */
    void afterEachLoad(Runnable task) {
        afterLoad.add(task);
    }

    void removeAfterEachLoad(Runnable task) {
        afterLoad.remove(task);
    }

    /** Stops the refresher thread and releases connections; the last snapshot stays readable. Idempotent. */
    @Override
    public void close() {
        refresher.close();
        access.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
