package dev.kvconfig.source;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Owns one vault's live snapshot and keeps it fresh on one daemon thread: list, diff by version/updated, fetch only what
 * changed, swap atomically, tell listeners. Cycles run one at a time (a single-thread executor). On failure it keeps the
 * last good snapshot and retries with exponential back-off and jitter up to {@code keyvault.retry.max-delay}; it logs
 * once per change of state (UP, DEGRADED, DOWN), not per failure.
 */
final class Refresher implements AutoCloseable {

    static final System.Logger LOG = System.getLogger("dev.kvconfig.source");
    /** ±10% around the interval, so a fleet started together does not list in step. */
    private static final double JITTER = 0.10;
    private static final int MAX_FAILURE_TEXT = 300;

    /** Outcome bookkeeping, swapped whole so status() sees one consistent triple. */
    private record Health(int failures, String lastFailure, Instant lastSuccess) {
    }

    private final KeyVaultOptions options;
    private final SecretLoader loader;
    private final Clock clock;
    /** The live snapshot, written only here; the source reads it directly (one load fewer per lookup). */
    private final AtomicReference<Snapshot> snapshot;
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(0, null, null));
    private final List<SecretsChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor executor;
    private final String threadName;
    /** The executor's thread(s), joined on close: an executor counts as terminated a moment before its thread ends. */
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    /**
     * Told of each snapshot loaded (startup and every successful cycle), on the loading thread. Should not throw; if it
     * does (even an {@code Error}), the failure is logged once and the cycle goes on.
     */
    private volatile Consumer<Snapshot> afterLoad = s -> { };
    private VaultStatus.State loggedState; // refresher thread (and startup before it exists)
    /** Whether the after-load step failed last time, so its failure is logged once, not per cycle; loading thread. */
    private boolean afterLoadFailing;
    /** Whether the last cycle failed outside the load (a bug, an Error), logged once until a clean cycle; refresher thread. */
    private boolean cycleFailing;
    /** Listeners whose last call failed, so a listener failing on every change is logged once; refresher thread. */
    private final Set<SecretsChangeListener> failingListeners = Collections.newSetFromMap(new IdentityHashMap<>());
    private ScheduledFuture<?> next; // guarded by this
    private CompletableFuture<VaultStatus> pendingNow; // guarded by this
    private boolean closed; // guarded by this

    /** Publishes into {@code live}, which starts at {@link Snapshot#EMPTY}. */
    Refresher(KeyVaultOptions options, SecretLoader loader, Clock clock, AtomicReference<Snapshot> live) {
        this.snapshot = live;
        this.options = options;
        this.loader = loader;
        this.clock = clock;
        String threadName = "kvconfig-refresh-" + options.displayName() + "-" + Integer.toHexString(System.identityHashCode(this));
        this.threadName = threadName;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Sets what runs after each successful load (the expiry watch); call before {@link #initialLoad()}. */
    void afterEachLoad(Consumer<Snapshot> hook) {
        this.afterLoad = hook;
    }

    /** Startup load on the caller's thread. Throws the cause when the vault cannot be loaded. */
    void initialLoad() {
        Snapshot first = loader.load(Snapshot.EMPTY);
        snapshot.set(first);
        health.set(new Health(0, null, first.loadedAt()));
        loggedState = VaultStatus.State.UP;
        long throttled = loader.throttledInLastLoad();
        if (throttled == 0) {
            LOG.log(Level.INFO, "kvconfig: loaded {0} secrets from {1} (vault {2})", first.size(), options.vaultUrl(),
                    options.displayName());
        } else {
            LOG.log(Level.INFO, "kvconfig: loaded {0} secrets from {1} (vault {2}) at the pace the vault allowed: it "
                    + "throttled {3} requests", first.size(), options.vaultUrl(), options.displayName(), throttled);
        }
        runAfterLoad(first);
    }

    /** Startup failed but {@code keyvault.optional=true}: serve nothing and keep trying in the background. */
    void startEmpty(RuntimeException cause) {
        health.set(new Health(1, summary(cause), null));
        loggedState = VaultStatus.State.DOWN;
        LOG.log(Level.WARNING, "kvconfig: vault {0} ({1}) is unreachable at startup: {2}. Starting without it because "
                + "{3}=true; retrying in the background", options.displayName(), options.vaultUrl(), summary(cause),
                options.key(KeyVaultSetting.OPTIONAL));
    }

    /** Starts the schedule: the refresh interval after a load, back-off after a failed start. */
    void start() {
        if (health.get().lastSuccess() == null) {
            schedule(backoff(health.get().failures()));
        } else {
            scheduleInterval();
        }
    }

    void addListener(SecretsChangeListener listener) {
        listeners.add(listener);
    }

    void removeListener(SecretsChangeListener listener) {
        listeners.remove(listener);
    }

    /**
     * Asks for a cycle as soon as the running one (if any) ends. Requests made before that cycle starts share it. The
     * future completes with the status after the cycle, also when the cycle failed.
     */
    synchronized CompletableFuture<VaultStatus> refreshNow() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the Key Vault source for " + options.vaultUrl() + " is closed"));
        }
        if (pendingNow != null) {
            return pendingNow;
        }
        CompletableFuture<VaultStatus> requested = new CompletableFuture<>();
        pendingNow = requested;
        executor.execute(() -> {
            synchronized (this) {
                if (pendingNow == requested) {
                    pendingNow = null;
                }
            }
            try {
                cycle();
            } finally {
                requested.complete(status());
            }
        });
        return requested;
    }

    VaultStatus status() {
        Health h = health.get();
        Snapshot s = snapshot.get();
        Duration staleness = h.lastSuccess() == null ? Duration.ZERO : Duration.between(h.lastSuccess(), clock.instant());
        if (staleness.isNegative()) {
            staleness = Duration.ZERO;
        }
        return new VaultStatus(options.displayName(), options.vaultUrl(), state(h, staleness),
                Optional.ofNullable(h.lastSuccess()), h.failures(), staleness, options.maxStaleness(), s.size(),
                s.soonestExpiry(), Optional.ofNullable(h.lastFailure()));
    }

    private VaultStatus.State state(Health h, Duration staleness) {
        if (h.lastSuccess() == null) {
            return VaultStatus.State.DOWN;
        }
        if (h.failures() == 0) {
            return VaultStatus.State.UP;
        }
        return staleness.compareTo(options.maxStaleness()) > 0 ? VaultStatus.State.DOWN : VaultStatus.State.DEGRADED;
    }

    /**
     * One cycle, then the next one is scheduled whatever happened: a failure anywhere in the cycle (the load, the
     * after-load step, the diff, the listeners, an {@code Error} included) is logged once per state change with its
     * cause and never ends the schedule. A throw escaping here would vanish into a {@code ScheduledFuture} nobody reads,
     * and refreshing would stop for good without a word.
     */
    private void cycle() {
        if (isClosed()) {
            return;
        }
        Duration next;
        try {
            next = loadAndPublish();
            if (cycleFailing) {
                cycleFailing = false;
                LOG.log(Level.INFO, "kvconfig: refresh cycles of vault {0} ({1}) complete again", options.displayName(),
                        options.vaultUrl());
            }
        } catch (Throwable t) {
            if (isClosed()) {
                return;
            }
            if (!cycleFailing) {
                cycleFailing = true;
                LOG.log(Level.WARNING, "kvconfig: a refresh cycle of vault {0} ({1}) failed outside the vault load: {2}"
                        + " (at {3}); the snapshot may not have been published or listeners not told. Refreshing "
                        + "goes on on schedule", options.displayName(), options.vaultUrl(), summary(t), origin(t));
            }
            next = health.get().lastSuccess() == null ? backoff(health.get().failures() + 1) : interval();
        }
        if (next != null) {
            schedule(next);
        }
    }

    /** Load, publish, tell: the delay until the next cycle, or null when none is due (refresh off). */
    private Duration loadAndPublish() {
        Snapshot current = snapshot.get();
        Snapshot loaded;
        try {
            loaded = loader.load(current);
        } catch (Throwable e) {
            if (Thread.currentThread().isInterrupted() || isClosed()) {
                return null;
            }
            Health h = health.get();
            health.set(new Health(h.failures() + 1, summary(e), h.lastSuccess()));
            logStateChange(e);
            LOG.log(Level.DEBUG, "kvconfig: refresh of {0} failed ({1} in a row): {2}", options.vaultUrl(),
                    h.failures() + 1, summary(e));
            // Retry on our own only where someone waits for it: a refreshing source, or one never loaded. With refresh
            // off, a failed refreshNow() just reports; the last snapshot keeps being served.
            if (!options.refreshInterval().isZero() || h.lastSuccess() == null) {
                return backoff(h.failures() + 1);
            }
            return null;
        }
        snapshot.set(loaded);
        health.set(new Health(0, null, loaded.loadedAt()));
        logStateChange(null);
        runAfterLoad(loaded);
        Snapshot.SecretsChange change = current.diff(loaded);
        if (change.isEmpty()) {
            LOG.log(Level.DEBUG, "kvconfig: refresh of {0}: no change ({1} secrets)", options.vaultUrl(), loaded.size());
        } else {
            LOG.log(Level.INFO, "kvconfig: vault {0} changed: added {1}, updated {2}, removed {3}",
                    options.displayName(), change.added(), change.updated(), change.removed());
            notifyListeners(change, loaded);
        }
        return interval();
    }

    /** The after-load step (the expiry watch): its failure, an Error too, is logged once and does not stop the cycle. */
    private void runAfterLoad(Snapshot loaded) {
        try {
            afterLoad.accept(loaded);
            if (afterLoadFailing) {
                afterLoadFailing = false;
                LOG.log(Level.INFO, "kvconfig: expiry check of vault {0} ({1}) works again", options.displayName(),
                        options.vaultUrl());
            }
        } catch (Throwable t) {
            if (!afterLoadFailing) {
                afterLoadFailing = true;
                LOG.log(Level.WARNING, "kvconfig: expiry check of vault {0} ({1}) failed: {2} (at {3}); status().expiring()"
                        + " and expiry warnings keep what was known before until it works again",
                        options.displayName(), options.vaultUrl(), summary(t), origin(t));
            }
        }
    }

    private void logStateChange(Throwable cause) {
        VaultStatus.State now = status().state();
        if (now == loggedState) {
            return;
        }
        VaultStatus.State before = loggedState;
        loggedState = now;
        switch (now) {
            case UP:
                LOG.log(Level.INFO, "kvconfig: vault {0} ({1}) is UP again after {2}; serving {3} secrets",
                        options.displayName(), options.vaultUrl(), before, snapshot.get().size());
                break;
            case DEGRADED:
                LOG.log(Level.WARNING, "kvconfig: vault {0} ({1}) is DEGRADED: refresh failed ({2}); serving the last "
                        + "good snapshot of {3} secrets and retrying with back-off", options.displayName(),
                        options.vaultUrl(), cause == null ? "" : summary(cause), snapshot.get().size());
                break;
            default:
                LOG.log(Level.WARNING, "kvconfig: vault {0} ({1}) is DOWN: {2}", options.displayName(),
                        options.vaultUrl(), health.get().lastSuccess() == null ? "never loaded"
                                : "no successful refresh for longer than " + options.key(KeyVaultSetting.REFRESH_MAX_STALENESS)
                                        + "=" + options.maxStaleness());
                break;
        }
    }

    private void notifyListeners(Snapshot.SecretsChange change, Snapshot loaded) {
        if (listeners.isEmpty()) {
            return;
        }
        SecretsChangeEvent event = new SecretsChangeEvent(options.displayName(), options.vaultUrl(), change.added(),
                change.updated(), change.removed(), loaded.loadedAt());
        for (SecretsChangeListener l : listeners) {
            try {
                l.onChange(event);
                failingListeners.remove(l);
            } catch (Throwable e) {
                // The listener's message is not ours to log (it may quote what it read); its type and place are.
                if (failingListeners.add(l)) {
                    LOG.log(Level.WARNING, "kvconfig: change listener {0} of vault {1} failed with {2} (at {3}); the "
                            + "other listeners were told, and it is told of later changes (logged again only after it "
                            + "succeeds once)", l.getClass().getName(), options.displayName(), e.getClass().getName(),
                            origin(e));
                }
            }
        }
    }

    private void scheduleInterval() {
        Duration interval = interval();
        if (interval != null) {
            schedule(interval);
        }
    }

    /** The jittered refresh interval, or null when refresh is off. */
    private Duration interval() {
        Duration interval = options.refreshInterval();
        if (interval.isZero()) {
            return null;
        }
        double factor = 1 - JITTER + 2 * JITTER * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (interval.toNanos() * factor));
    }

    /** Exponential from the retry base delay, capped at the retry max delay, then "equal jitter" (half fixed, half random). */
    Duration backoff(int failures) {
        long base = options.retryBaseDelay().toNanos();
        long cap = options.retryMaxDelay().toNanos();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long exp = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        long half = exp / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private synchronized void schedule(Duration delay) {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = executor.schedule(this::cycle, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the thread; waits briefly for a running cycle to end. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<VaultStatus> pending;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = pendingNow;
            pendingNow = null;
        }
        executor.shutdownNow();
        // A listener closing the config runs on the refresher thread itself: it cannot wait for its own end.
        if (!Thread.currentThread().getName().equals(threadName)) {
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
                for (Thread worker : workers) {
                    worker.join(TimeUnit.SECONDS.toMillis(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pending != null) {
            pending.complete(status());
        }
    }

    /** Where a failure was thrown: its first stack frame ({@code Class.method(File.java:12)}), or "unknown". */
    static String origin(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? "unknown" : trace[0].toString();
    }

    /** A failure in one line: type and message, shortened. SDK messages carry status and error code, never values. */
    static String summary(Throwable e) {
        Throwable t = reactor.core.Exceptions.unwrap(e);
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ").trim();
        if (message.length() > MAX_FAILURE_TEXT) {
            message = message.substring(0, MAX_FAILURE_TEXT) + "…";
        }
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
